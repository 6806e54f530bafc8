"""Dates of the contract cycle and which reminders are due (pure: dates in, decisions out).

Reminders carry a key that names the event and its step (7/3/1 days before, 90/30/7 days
before, the week of an overdue item); the sender records each key once, so running it every
hour from cron never sends the same reminder twice.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from assess.util.wareki import era_of

SOON_DAYS = 30
DEADLINE_STEPS = (7, 3, 1)  # days before a vendor's questionnaire deadline
ROUND_STEPS = (14, 7, 1)  # days before a re-review is due
CERTIFICATE_STEPS = (90, 30, 7)  # days before a certificate expires
# A certificate is "due" (home page, `assess schedule due`) from its first reminder on, so the
# lists and the mails agree; one valid for years is not due, whatever the contract's end.
CERTIFICATE_HORIZON = max(CERTIFICATE_STEPS)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def fiscal_year(day: date) -> int:
    """会計年度: April to March; 2027-03-31 belongs to fiscal 2026."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_label(year: int) -> str:
    name, number = era_of(date(year, 4, 1))
    return f"{name}{'元' if number == 1 else number}年度"


def state(due: date, today: date) -> str:
    """"overdue", "soon" (within 30 days) or "later"."""
    if due < today:
        return "overdue"
    return "soon" if (due - today).days <= SOON_DAYS else "later"


def step(days_left: int, steps: tuple[int, ...]) -> int | None:
    """The reminder step a day falls in: with steps 7/3/1, 5 days left → 7, 2 → 3, 0 → 1."""
    if days_left < 0:
        return None
    inside = [s for s in steps if days_left <= s]
    return min(inside) if inside else None


def overdue_week(due: date, today: date) -> int | None:
    """0 in the first week after the due date, 1 in the second…; None when not overdue."""
    late = (today - due).days
    return (late - 1) // 7 if late > 0 else None


@dataclass(frozen=True)
class Reminder:
    key: str
    to: str
    subject: str
    body: str


def deadline_reminder(invitation_id: int, deadline: date, today: date) -> str | None:
    """Before the vendor's deadline, never after it."""
    found = step((deadline - today).days, DEADLINE_STEPS)
    return None if found is None else f"deadline:{invitation_id}:{found}"


def round_reminder(round_id: int, due: date, today: date) -> str | None:
    week = overdue_week(due, today)
    if week is not None:
        return f"round-overdue:{round_id}:w{week}"
    found = step((due - today).days, ROUND_STEPS)
    return None if found is None else f"round-due:{round_id}:{found}"


def certificate_reminder(identity: str, valid_until: date, today: date) -> str | None:
    """`identity` names the certificate itself (contract, file, valid-until), not a copy's row."""
    found = step((valid_until - today).days, CERTIFICATE_STEPS)
    return None if found is None else f"certificate:{identity}:{found}"


def certificate_due(valid_until: date, contract_end: date, today: date) -> str | None:
    """Why a certificate is on the due list, or None: from CERTIFICATE_HORIZON days before it
    expires, while its contract runs (reminders stop with the contract too)."""
    if contract_end < today or (valid_until - today).days > CERTIFICATE_HORIZON:
        return None
    if valid_until < today:
        return "期限切れ"
    return "契約終了日より前に期限切れ" if valid_until < contract_end else f"{CERTIFICATE_HORIZON}日以内に期限切れ"


def action_reminder(action_id: int, due: date, today: date) -> str | None:
    week = overdue_week(due, today)
    return None if week is None else f"action-overdue:{action_id}:w{week}"


def kpi_verdict(value: float | None, target: float, direction: str) -> str:
    if value is None:
        return ""
    met = value <= target if direction == "lte" else value >= target
    return "達成" if met else "未達"
