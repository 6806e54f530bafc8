"""Failed logins slow further attempts down (a back-off per account and per address) instead of
locking the account: before, five wrong passwords from anyone shut the account, the admin's
included, for fifteen minutes. (Parallel guesses are in test_races.py.)"""

from datetime import datetime, timedelta

from assess.util import clock
from tests.helpers import PASSWORD, post

T0 = datetime(2026, 12, 6, 0, 0, 0)
ATTACKER, OWNER = {"REMOTE_ADDR": "10.0.0.66"}, {"REMOTE_ADDR": "10.0.0.5"}


def attempt(app, email, password, environ, at):
    clock.set_fixed(at)
    client = app.test_client()
    return post(client, "/login", {"email": email, "password": password}, environ_base=environ)


def wait_of(response) -> int:
    return int(response.get_data(as_text=True).split("秒ほど待って")[0].rsplit("。", 1)[-1])


def test_guessing_at_the_admin_never_shuts_the_admin_out(app, make_user):
    admin = make_user("admin", department=None)
    codes = [attempt(app, admin, f"guess-{n}-xxxxxxxx", ATTACKER, T0).status_code for n in range(20)]
    assert codes.count(401) == 5 and codes.count(429) == 15  # only five passwords were checked
    at = T0
    for _ in range(12):  # the guesser keeps guessing the moment each wait ends
        at += timedelta(seconds=wait_of(attempt(app, admin, "guess-again-xxx", ATTACKER, at)))
        assert attempt(app, admin, "guess-again-xxx", ATTACKER, at).status_code == 401
    waiting = attempt(app, admin, PASSWORD, OWNER, at)
    assert waiting.status_code == 429 and wait_of(waiting) == 60  # the most the owner ever waits
    assert "パスワードは確認していません" in waiting.get_data(as_text=True)
    assert attempt(app, admin, PASSWORD, OWNER, at + timedelta(seconds=60)).status_code == 302


def test_each_counted_failure_doubles_the_wait_up_to_a_minute(app, make_user):
    email = make_user("staff")
    at = T0
    for _ in range(5):
        assert attempt(app, email, "wrong-password-123", ATTACKER, at).status_code == 401
    waits = []
    for _ in range(8):  # each attempt made the moment the previous wait ends
        seconds = wait_of(attempt(app, email, "wrong-password-123", ATTACKER, at))
        waits.append(seconds)
        at += timedelta(seconds=seconds)
        assert attempt(app, email, "wrong-password-123", ATTACKER, at).status_code == 401
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]


def test_the_right_password_starts_the_account_afresh(app, make_user, login):
    email = make_user("staff")
    for _ in range(4):
        attempt(app, email, "wrong-password-123", OWNER, T0)
    assert attempt(app, email, PASSWORD, OWNER, T0).status_code == 302
    for _ in range(5):
        assert attempt(app, email, "wrong-password-123", OWNER, T0).status_code == 401


def test_one_address_trying_many_accounts_backs_off_too(app, make_user):
    email = make_user("staff")
    for n in range(30):
        assert attempt(app, f"nobody{n}@city.test.example.jp", "guess-xxxxxxxx", ATTACKER, T0).status_code == 401
    assert attempt(app, email, PASSWORD, ATTACKER, T0).status_code == 429
    assert attempt(app, email, PASSWORD, OWNER, T0).status_code == 302  # other addresses are not slowed
    assert attempt(app, email, PASSWORD, ATTACKER, T0 + timedelta(seconds=2)).status_code == 302
