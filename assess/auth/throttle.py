"""When repeated failed logins lock further attempts (pure rule, no database)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThrottlePolicy:
    window_minutes: int
    max_per_account: int
    max_per_address: int


def is_throttled(policy: ThrottlePolicy, account_failures: int, address_failures: int) -> bool:
    """Failures counted inside the policy's window, for the e-mail tried and the client address."""
    return account_failures >= policy.max_per_account or address_failures >= policy.max_per_address
