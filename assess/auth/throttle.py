"""How failed logins slow further attempts down (pure rule, no database).

A back-off, not a lock: after a few free failures, each attempt waits a little longer after the
last failure (1, 2, 4 … seconds, never more than `max_delay_seconds`). Someone guessing a known
account, the admin's included, gets one guess per `max_delay_seconds` at best; the owner of the
account waits at most that long and is never shut out for the whole window.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    window_minutes: int  # failures older than this are forgotten
    max_per_account: int  # free failures for one account before the back-off starts
    max_per_address: int  # free failures from one client address (many accounts tried)
    max_delay_seconds: int = 60


def current_failures(policy: ThrottlePolicy, failures: int, last_failure: datetime | None,
                     now: datetime) -> int:
    """The count that still matters: none once the last failure is older than the window."""
    if last_failure is None or now - last_failure > timedelta(minutes=policy.window_minutes):
        return 0
    return failures


def wait_seconds(policy: ThrottlePolicy, failures: int, free: int, last_failure: datetime | None,
                 now: datetime) -> int:
    """Seconds before the next attempt may be checked (0: now)."""
    over = current_failures(policy, failures, last_failure, now) - free
    if over < 0:
        return 0
    delay = timedelta(seconds=min(policy.max_delay_seconds, 2 ** min(over, 30)))
    left = last_failure + delay - now
    return max(0, int(-(-left.total_seconds() // 1)))  # rounded up: never "0 seconds" while waiting
