"""Steps shared by the features: users, logging in, opening pages, what the page says."""

import pytest
from pytest_bdd import given, parsers, then, when

from tests.helpers import PASSWORD, post


@pytest.fixture
def page():
    return {}


@given(parsers.parse('市民税課の職員 "{email}" が登録されている'))
def staff_member(make_user, email):
    make_user("staff", department="shiminzei", email=email)


@given(parsers.parse('監査担当 "{email}" が登録されている'))
def auditor(make_user, email):
    make_user("auditor", department=None, email=email)


@given(parsers.parse('"{email}" が正しいパスワードでログインしている'))
@when(parsers.parse('"{email}" が正しいパスワードでログインする'))
def log_in(client, page, email):
    page["response"] = post(client, "/login", {"email": email, "password": PASSWORD},
                            follow_redirects=True)
    page["cookie"] = client.get_cookie("assess_session")


@when(parsers.parse('"{email}" が間違ったパスワードでログインする'))
def log_in_wrong(client, page, email):
    page["response"] = post(client, "/login", {"email": email, "password": "wrong-password-1"})


@when(parsers.parse('"{email}" が間違ったパスワードで {times:d} 回ログインする'))
def log_in_wrong_times(client, page, email, times):
    for _ in range(times):
        log_in_wrong(client, page, email)


@when("ログアウトする")
def log_out(client, page):
    page["old_cookie"] = page["cookie"].value
    post(client, "/logout")


@when("以前のセッションでホームを開く")
def open_home_with_old_session(app, page):
    other = app.test_client()
    other.set_cookie("assess_session", page["old_cookie"])
    page["response"] = other.get("/")


@when(parsers.parse('ログインせずに "{url}" を開く'))
@when(parsers.parse('"{url}" を開く'))
def open_page(client, page, url):
    page["response"] = client.get(url)


@then(parsers.parse('ホーム画面に "{text}" と表示される'))
def home_shows(page, text):
    assert page["response"].request.path == "/"
    assert text in page["response"].get_data(as_text=True)


@then(parsers.parse('"{text}" と表示される'))
def page_shows(page, text):
    assert text in page["response"].get_data(as_text=True)


@then("ログイン画面に戻される")
def sent_to_login(page):
    response = page["response"]
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@then("権限がないと表示される")
def forbidden(page):
    assert page["response"].status_code == 403
    assert "このページを表示する権限がありません" in page["response"].get_data(as_text=True)
