from assess.auth.throttle import ThrottlePolicy, is_throttled

POLICY = ThrottlePolicy(window_minutes=15, max_per_account=5, max_per_address=30)


def test_below_both_limits_is_allowed():
    assert not is_throttled(POLICY, 4, 29)


def test_the_account_limit_locks_that_account():
    assert is_throttled(POLICY, 5, 0)


def test_the_address_limit_locks_an_address_trying_many_accounts():
    assert is_throttled(POLICY, 0, 30)
