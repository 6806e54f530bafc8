"""Rate limits that hold across worker processes: events in a table, counted in a window."""

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assess.core.models import RateEvent
from assess.util.clock import utcnow

BAD_LINKS = ("bad-link", 30, 10)  # kind, allowed events, minutes: unknown vendor or calendar links per address


def exceeded(session: Session, rule: tuple[str, int, int], key: str | None) -> bool:
    kind, limit, minutes = rule
    since = utcnow() - timedelta(minutes=minutes)
    seen = session.scalar(select(func.count()).select_from(RateEvent)
                          .where(RateEvent.kind == kind, RateEvent.key == (key or "-"), RateEvent.at >= since))
    return (seen or 0) >= limit


def note(session: Session, rule: tuple[str, int, int], key: str | None) -> None:
    """Counts one event (and forgets events older than a day, so the table stays small)."""
    kind = rule[0]
    session.execute(delete(RateEvent).where(RateEvent.at < utcnow() - timedelta(days=1)))
    session.add(RateEvent(kind=kind, key=(key or "-")[:120], at=utcnow()))
    session.commit()
