from datetime import datetime, timedelta

from assess.auth.throttle import ThrottlePolicy, current_failures, wait_seconds

POLICY = ThrottlePolicy(window_minutes=15, max_per_account=5, max_per_address=30, max_delay_seconds=60)
NOW = datetime(2027, 1, 10, 9, 0, 0)


def test_below_the_free_failures_there_is_no_wait():
    assert wait_seconds(POLICY, 4, 5, NOW, NOW) == 0


def test_past_the_free_failures_each_one_doubles_the_wait():
    assert [wait_seconds(POLICY, n, 5, NOW, NOW) for n in (5, 6, 7, 8)] == [1, 2, 4, 8]


def test_the_wait_never_grows_past_the_cap_however_many_guesses():
    assert wait_seconds(POLICY, 10_000, 5, NOW, NOW) == 60
    assert wait_seconds(POLICY, 10_000, 5, NOW, NOW + timedelta(seconds=60)) == 0


def test_the_wait_counts_from_the_last_failure_and_rounds_up():
    assert wait_seconds(POLICY, 9, 5, NOW, NOW + timedelta(seconds=10.2)) == 6


def test_failures_older_than_the_window_are_forgotten():
    assert current_failures(POLICY, 50, NOW, NOW + timedelta(minutes=16)) == 0
    assert wait_seconds(POLICY, 50, 5, NOW, NOW + timedelta(minutes=16)) == 0
