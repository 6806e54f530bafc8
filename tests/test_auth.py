"""Staff login: the right password gets in, wrong ones are refused and throttled, sessions are
server-side (rotated at login, ended at logout), cookies are HttpOnly and SameSite."""

from sqlalchemy import select

from assess.audit.models import AuditEvent
from assess.extensions import db
from tests.helpers import PASSWORD, post


def test_login_page_is_japanese_and_labelled(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="ja">' in html
    assert '<label for="email">メールアドレス</label>' in html
    assert '<label for="password">パスワード</label>' in html


def test_right_password_logs_in_and_lands_on_home(client, make_user, login):
    email = make_user("staff")
    response = login(email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "ようこそ" in client.get("/").get_data(as_text=True)


def test_login_follows_next_but_never_off_site(client, make_user):
    email = make_user("staff")
    for target, expected in (("/catalog/", "/catalog/"), ("//evil.example/x", "/"),
                             ("https://evil.example/", "/")):
        response = post(client, f"/login?next={target}", {"email": email, "password": PASSWORD})
        assert response.headers["Location"] == expected
        post(client, "/logout")


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user, login):
    email = make_user("staff")
    for tried in (email, "nobody@city.test.example.jp"):
        response = login(tried, "wrong-password-123")
        assert response.status_code == 401
        assert "メールアドレスまたはパスワードが正しくありません" in response.get_data(as_text=True)


def test_repeated_failures_make_the_account_wait_even_for_the_right_password(client, make_user, login):
    email = make_user("staff")
    for _ in range(5):
        login(email, "wrong-password-123")
    response = login(email)
    assert response.status_code == 429
    assert "一時的にログインを停止" in response.get_data(as_text=True)


def test_empty_form_says_what_is_missing(client):
    response = post(client, "/login", {"email": "", "password": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "メールアドレスを入力してください" in html and "パスワードを入力してください" in html
    assert 'aria-invalid="true"' in html


def test_session_cookie_is_httponly_and_samesite(client, make_user, login):
    cookie = login(make_user("staff")).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_ends_the_session_on_the_server(app, client, make_user, login):
    email = make_user("staff")
    login(email)
    stolen = client.get_cookie("assess_session").value
    post(client, "/logout")
    thief = app.test_client()
    thief.set_cookie("assess_session", stolen)
    assert thief.get("/").status_code == 302  # back to login: the old session is dead


def test_each_login_gets_a_new_session(app, make_user):
    email = make_user("staff")
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        post(c, "/login", {"email": email, "password": PASSWORD})
    assert first.get_cookie("assess_session").value != second.get_cookie("assess_session").value
    post(first, "/logout")
    assert second.get("/").status_code == 200  # logging out one terminal leaves the other


def test_login_and_logout_are_audited(app, client, make_user, login):
    login(make_user("staff"))
    post(client, "/logout")
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
    assert actions == ["user.create", "auth.login", "auth.logout"]
