"""Counting login attempts so that parallel guesses cannot slip past the back-off.

Before a password is checked, the attempt is counted as a failure, in a short transaction of its
own that locks the account's and the address's rows: eight guesses sent at once are counted one
after another, and those past the free failures wait. A right password then takes its count
back in the login's own transaction. The password check (and a directory's answer) happens
outside the lock.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from assess.auth.models import LoginThrottle
from assess.auth.throttle import ThrottlePolicy, current_failures, wait_seconds
from assess.util.clock import utcnow


@dataclass(frozen=True)
class Keys:
    account: str
    address: str

    @classmethod
    def of(cls, email: str, remote_addr: str | None) -> "Keys":
        return cls(f"account:{email}"[:300], f"address:{remote_addr or '-'}"[:300])


def _locked_rows(own: Session, keys: list[str]) -> dict[str, LoginThrottle]:
    dialect = own.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # Sorted: two requests lock the same rows in the same order, never waiting on each other.
    for key in sorted(keys):
        own.execute(insert(LoginThrottle).values(key=key, failures=0).on_conflict_do_nothing())
    query = select(LoginThrottle).where(LoginThrottle.key.in_(keys)).order_by(LoginThrottle.key)
    if dialect == "postgresql":
        query = query.with_for_update()
    return {row.key: row for row in own.scalars(query)}  # SQLite: the INSERT took the write lock


def take(session: Session, policy: ThrottlePolicy, keys: Keys) -> int:
    """Counts one attempt and returns 0, or returns the seconds to wait (nothing counted)."""
    now = utcnow()
    with Session(session.get_bind()) as own, own.begin():
        rows = _locked_rows(own, [keys.account, keys.address])
        wait = max(wait_seconds(policy, rows[keys.account].failures, policy.max_per_account,
                                rows[keys.account].last_failure_at, now),
                   wait_seconds(policy, rows[keys.address].failures, policy.max_per_address,
                                rows[keys.address].last_failure_at, now))
        if wait:
            return wait
        # Rows of keys nobody tried for a day go, so guessed e-mails do not pile up.
        own.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < now - timedelta(days=1),
                                                LoginThrottle.key.not_in([keys.account, keys.address])))
        for row in rows.values():
            row.failures = current_failures(policy, row.failures, row.last_failure_at, now) + 1
            row.last_failure_at = now
    return 0


def give_back(session: Session, keys: Keys) -> None:
    """The password was right: the account starts afresh, the address loses this one attempt.
    In the caller's transaction (the sign-in may already have written there; the login commits)."""
    rows = _locked_rows(session, [keys.account, keys.address])
    rows[keys.account].failures = 0
    rows[keys.address].failures = max(0, rows[keys.address].failures - 1)
    session.flush()
