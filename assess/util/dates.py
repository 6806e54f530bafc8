"""Dates and times typed into forms, checked after normalisation (pure).

Python takes any year from 1 to 9999, but a deadline in 9999 overflows as soon as the app adds
the link's grace days to it, and PostgreSQL would store a time such as "0010:00" no better than
SQLite does. Dates are held to the years the app can plan in; times to HH:MM.
"""

import re
import unicodedata
from datetime import date

EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)
_TIME_TYPED = re.compile(r"[0-9０-９]{1,2}[:：][0-9０-９]{2}")


class DateProblem(ValueError):
    """The message says which date is wrong and why, in Japanese."""


def range_problem(day: date, label: str = "日付") -> str | None:
    if EARLIEST <= day <= LATEST:
        return None
    return (f"{label}は{EARLIEST.year}年から{LATEST.year}年までの日付で入力してください"
            f"（入力: {day.isoformat()}）。")


def parse(raw: str | None, label: str = "日付") -> date | None:
    """None for a blank field; the date; or DateProblem (not a date, or out of range)."""
    text = unicodedata.normalize("NFKC", raw or "").strip().replace("/", "-")
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
            raise ValueError(text)
        day = date.fromisoformat(text)
    except ValueError:
        raise DateProblem(f"{label}が正しくありません（入力: 「{(raw or '')[:20]}」）。"
                          "2027-03-31 の形で、実在する日付を入力してください。") from None
    problem = range_problem(day, label)
    if problem:
        raise DateProblem(problem)
    return day


def parse_or_none(raw: str | None) -> date | None:
    """For fields whose caller reports a bad date itself: None when blank, wrong or out of range."""
    try:
        return parse(raw)
    except DateProblem:
        return None


def parse_time(raw: str | None) -> str | None:
    """"HH:MM" (24-hour, zero-padded) for what was typed as 9:30, 09:30 or ９：３０; None for
    anything else (superscripts, "0010:00", 24:00)."""
    text = (raw or "").strip()
    if not _TIME_TYPED.fullmatch(text):
        return None
    hour, minute = (int(p) for p in unicodedata.normalize("NFKC", text).split(":"))
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"
