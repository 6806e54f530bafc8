"""A staff member logs in with the keyboard alone, in a real browser, and sees where focus is."""

import pytest

from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_login_with_keyboard_only(live_server, page, make_user):
    email = make_user("staff")
    page.goto(f"{live_server}/login")
    assert page.get_attribute("html", "lang") == "ja"
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent") == "本文へ移動"
    page.get_by_label("メールアドレス").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/")
    assert "ようこそ" in page.inner_text("main")


def test_focus_is_visible(live_server, page):
    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_wrong_password_error_is_announced(live_server, page, make_user):
    email = make_user("staff")
    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill("wrong-password-123")
    page.get_by_role("button", name="ログイン").click()
    alert = page.get_by_role("alert")
    assert "メールアドレスまたはパスワードが正しくありません" in alert.inner_text()
