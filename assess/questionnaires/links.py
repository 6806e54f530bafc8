"""Secret vendor links: a token of 192 bits from `secrets`, only its hash stored (pure)."""

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from assess.util.clock import JST

TOKEN_BYTES = 24  # 192 bits


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def end_of_day_utc(day: date) -> datetime:
    """23:59:59 Japan time on `day`, as naive UTC (how times are stored)."""
    local = datetime.combine(day, time(23, 59, 59), tzinfo=JST)
    return local.astimezone(UTC).replace(tzinfo=None)


def link_expiry(deadline: date, grace_days: int) -> datetime:
    """Links stay readable for `grace_days` after the answer deadline (returns, reading back)."""
    return end_of_day_utc(deadline + timedelta(days=grace_days))
