"""The one place the app asks for the time, so tests can set the clock."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")
_fixed: datetime | None = None


def utcnow() -> datetime:
    """Naive UTC, as stored in the database (both SQLite and PostgreSQL keep it unchanged)."""
    if _fixed is not None:
        return _fixed
    return datetime.now(UTC).replace(tzinfo=None)


def set_fixed(moment: datetime | None) -> None:
    """Tests only: freeze `utcnow()` at a naive-UTC moment, or release it with None."""
    global _fixed
    _fixed = moment


def to_jst(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(JST)
