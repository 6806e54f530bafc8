"""A vendor answers in a real browser: draft, reload, submit, read-only; then a staff return
and the vendor's resubmission."""

import pytest

from assess.extensions import db
from tests import factories
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def link(app, live_server):
    with app.app_context():
        invited = factories.invite(factories.project())
        db.session.commit()
    return f"{live_server}/q/{invited.token}", invited


def test_vendor_saves_a_draft_reloads_and_submits(page, link):
    url, _ = link
    page.goto(url)
    page.get_by_label("回答（日）").fill("400")
    page.locator("#item-GOV-02").get_by_label("はい").check()
    page.get_by_role("button", name="一時保存").click()
    assert "一時保存しました" in page.get_by_role("status").first.inner_text()
    page.reload()
    assert page.get_by_label("回答（日）").input_value() == "400"
    assert page.locator("#item-GOV-02").get_by_label("はい").is_checked()
    assert page.locator("#progress-all").get_attribute("value") == "2"

    page.get_by_role("button", name="提出する").click()  # NET-01 still unanswered
    alert = page.get_by_role("alert").last.inner_text()
    assert "NET-01 ネットワーク分離モデル: 未回答です。" in alert
    page.get_by_role("link", name="NET-01 ネットワーク分離モデル").click()
    page.locator("#item-NET-01").get_by_label("LGWAN接続系").check()
    page.get_by_role("button", name="提出する").click()
    assert "GOV-01 アクセスログの取得と保管" in page.locator("#evidence-notice").inner_text()  # no document
    page.get_by_role("button", name="このまま提出する").click()
    page.wait_for_load_state()
    assert "回答を提出しました" in page.inner_text("main")
    assert "提出済みのため、回答は変更できません" in page.inner_text("main")
    assert page.locator("input[name='a-GOV-01']").count() == 0
    assert page.get_by_role("button", name="提出する").count() == 0


def test_staff_return_and_vendor_resubmits(browser, page, link, live_server, make_user):
    url, invited = link
    page.goto(url)
    page.get_by_label("回答（日）").fill("200")
    page.locator("#item-GOV-02").get_by_label("はい").check()
    page.locator("#item-NET-01").get_by_label("LGWAN接続系").check()
    page.get_by_role("button", name="提出する").click()
    page.wait_for_load_state()

    staff = browser.new_context(locale="ja-JP").new_page()
    email = make_user("staff", department="shiminzei")
    staff.goto(f"{live_server}/login")
    staff.get_by_label("メールアドレス").fill(email)
    staff.get_by_label("パスワード").fill(PASSWORD)
    staff.get_by_role("button", name="ログイン").click()
    staff.goto(f"{live_server}/invitations/{invited.invitation_id}")
    staff.locator("#item-GOV-01").get_by_label("この項目を差し戻す").check()
    staff.locator("#item-GOV-01").get_by_label("差戻しの理由").fill("保管日数が要件を満たしていません。")
    staff.get_by_role("button", name="選んだ項目を差し戻す").click()
    assert "1件を差し戻し、事業者にメールで通知しました" in staff.inner_text("main")

    page.reload()
    assert "保管日数が要件を満たしていません。" in page.locator("#item-GOV-01").inner_text()
    assert page.locator("#item-GOV-02").count() == 0  # only the returned item is shown to edit
    page.get_by_label("回答（日）").fill("400")
    page.get_by_role("button", name="提出する").click()
    page.get_by_role("button", name="このまま提出する").click()  # still without GOV-01's document
    page.wait_for_load_state()
    assert "提出済みのため" in page.inner_text("main")

    staff.reload()
    history = staff.inner_text("main")
    assert "第1回" in history and "第2回" in history
    assert "400日" in staff.locator("#item-GOV-01").inner_text()
    staff.context.close()
