"""補正 in a real browser: a vendor submits without GOV-01's required document (told first, submits
anyway); after the answer deadline staff open a 補正 window; the vendor's page lists only the
missing item, a file smuggled in for another item is refused, the missing document is accepted,
and once the window's day has ended in Japan an upload is refused."""

import io
from datetime import UTC, datetime

import pytest

from assess.extensions import db
from assess.util import clock
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token

pytestmark = pytest.mark.browser

FILE_LABEL = "ファイル（PDF・画像・Word・Excel・テキスト、1件20MBまで）"


def jst(*args) -> datetime:
    """A moment in Japan time as the naive UTC the app's clock keeps."""
    return datetime(*args, tzinfo=clock.JST).astimezone(UTC).replace(tzinfo=None)


def pdf(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": samples.pdf()}


def test_a_correction_window_from_submit_to_its_close(app, browser, page, live_server, make_user):
    clock.set_fixed(jst(2027, 1, 10, 10))  # before the answer deadline, 2027-01-29
    with app.app_context():
        project = factories.project()
        missing = factories.invite(project, factories.vendor("証跡なし株式会社"))
        complete = factories.invite(project, factories.vendor("証跡あり株式会社"))
        db.session.commit()
    other = app.test_client()  # the other candidate submits with its document (outside the browser)
    other.post(f"/q/{complete.token}", data={
        "a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan", "action": "submit", "fk-GOV-01": "document",
        "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf"), "csrf_token": csrf_token(other)},
        content_type="multipart/form-data")

    # The vendor answers everything but attaches nothing, and is told what that means before it submits.
    link = f"{live_server}/q/{missing.token}"
    page.goto(link)
    page.get_by_label("回答（日）").fill("400")
    page.locator("#item-GOV-02").get_by_label("はい").check()
    page.locator("#item-NET-01").get_by_label("LGWAN接続系").check()
    page.get_by_role("button", name="提出する").click()
    notice = page.locator("#evidence-notice")
    notice.wait_for()
    assert "GOV-01 アクセスログの取得と保管" in notice.inner_text()
    assert "「証跡不足」と判定され、必須の項目のため足切り（失格）となります。" in notice.inner_text()
    assert page.get_by_role("link", name="戻って添付する").is_visible()
    page.get_by_role("button", name="このまま提出する").click()
    page.wait_for_load_state()
    assert "回答を提出しました" in page.inner_text("main")

    # After the deadline, staff open one window for every candidate that submitted.
    clock.set_fixed(jst(2027, 2, 1, 10))
    staff = browser.new_context(locale="ja-JP").new_page()
    staff.goto(f"{live_server}/login")
    staff.get_by_label("メールアドレス").fill(make_user("staff", department="shiminzei"))
    staff.get_by_label("パスワード").fill(PASSWORD)
    staff.get_by_role("button", name="ログイン").click()
    staff.goto(f"{live_server}/projects/{missing.project_id}/invitations")
    staff.get_by_label("補正の期限").fill("2027-02-05")
    staff.get_by_label("事業者への案内（対象と提出方法など。全事業者に同じ文を示します）").fill(
        "提出時に欠けていた必須の証跡を、期限までに追加してください。")
    staff.get_by_role("button", name="補正の受付を始める").click()
    assert "提出済みの2社すべてが対象" in staff.inner_text("main")
    assert "受付中" in staff.locator("#correction").inner_text()

    # The vendor's page lists only the item it lacked evidence for; its answers stay locked.
    page.goto(link)
    correction = page.locator("#correction")
    assert "補正の受付期間中です。期限: 令和9年2月5日" in correction.inner_text()
    assert correction.locator("section").count() == 1 and page.locator("#correction-GOV-01").count() == 1
    assert page.locator("input[name='a-GOV-01']").count() == 0

    # A file sent for another item (the form's field renamed, as a crafted request would) is refused.
    item = page.locator("#correction-GOV-01")
    item.get_by_label(FILE_LABEL).set_input_files(files=[pdf("構成図.pdf")])
    item.get_by_label(FILE_LABEL).evaluate("el => { el.name = 'f-NET-01'; }")
    item.get_by_label("証跡の種類").evaluate("el => { el.name = 'fk-NET-01'; }")
    page.get_by_role("button", name="補正の証跡を追加する").click()
    page.wait_for_load_state()
    assert "構成図.pdf: NET-01 は補正の対象ではありません。" in page.inner_text("main")
    assert "構成図.pdf" not in page.locator("#correction-GOV-01").inner_text()

    # The missing document itself is accepted.
    item = page.locator("#correction-GOV-01")
    item.get_by_label(FILE_LABEL).set_input_files(files=[pdf("ログ管理規程.pdf")])
    item.get_by_label("証跡の種類").select_option("document")
    page.get_by_role("button", name="補正の証跡を追加する").click()
    page.wait_for_load_state()
    assert "補正の証跡を1件追加しました。" in page.inner_text("main")
    assert page.locator("#correction-GOV-01").get_by_role("link", name="ログ管理規程.pdf").count() == 1
    staff.reload()
    assert "証跡なし株式会社 GOV-01 文書（ログ管理規程） なし" in " ".join(
        staff.locator("#correction tbody").inner_text().split())
    staff.context.close()

    # The window's last day ends at midnight in Japan: a page left open then cannot add a file.
    page.locator("#correction-GOV-01").get_by_label(FILE_LABEL).set_input_files(files=[pdf("追加資料.pdf")])
    clock.set_fixed(jst(2027, 2, 6, 0, 0))
    page.get_by_role("button", name="補正の証跡を追加する").click()
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert "補正の受付期間（令和9年2月5日まで）を過ぎたため、証跡は追加できません。" in text
    assert "補正の受付は終了しました（期限: 令和9年2月5日）。" in text
    assert page.locator("#correction input[type=file]").count() == 0
    assert "追加資料.pdf" not in text
