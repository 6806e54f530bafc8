"""Japanese dates: 和暦 (令和8年4月1日) and 西暦 (2026年4月1日)."""

from datetime import date, datetime

# (first day, era name), newest first. 明治 before its solar-calendar start is out of scope.
_ERAS = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1873, 1, 1), "明治"),
)


def era_of(day: date) -> tuple[str, int]:
    """The era name and year within it; year 1 is written 元年 by `wareki`."""
    for start, name in _ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(f"{day.isoformat()} は和暦に変換できない日付です（明治6年より前）")


def wareki(day: date | datetime) -> str:
    if isinstance(day, datetime):
        day = day.date()
    name, year = era_of(day)
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{day.month}月{day.day}日"


def seireki(day: date | datetime) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: date | datetime | None, style: str = "wareki") -> str:
    """`style` is the city's choice: "wareki" (default) or "seireki"."""
    if day is None:
        return ""
    return wareki(day) if style == "wareki" else seireki(day)
