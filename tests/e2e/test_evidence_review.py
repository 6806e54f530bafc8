"""A vendor uploads a site photo from the vendor page; staff see its thumbnail and capture date
on the review page, in a real browser."""

import pytest

from assess.extensions import db
from tests import factories, samples
from tests.helpers import PASSWORD

pytestmark = pytest.mark.browser


def test_vendor_photo_shows_with_thumbnail_and_date_for_staff(app, browser, page, live_server, make_user):
    with app.app_context():
        invited = factories.invite(factories.project())
        db.session.commit()
    page.goto(f"{live_server}/q/{invited.token}")
    page.get_by_label("回答（日）").fill("400")
    page.locator("#item-GOV-01").get_by_label("ファイル（PDF・画像・Word・Excel・テキスト、1件20MBまで）").set_input_files(
        files=[{"name": "サーバ室入口.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg_with_exif((640, 480))}])
    page.locator("#item-GOV-01").get_by_label("証跡の種類").select_option("document")
    page.get_by_role("button", name="一時保存").click()
    page.wait_for_load_state()
    assert page.locator("#item-GOV-01 img.thumb").count() == 1

    staff = browser.new_context(locale="ja-JP").new_page()
    staff.goto(f"{live_server}/login")
    staff.get_by_label("メールアドレス").fill(make_user("staff", department="shiminzei"))
    staff.get_by_label("パスワード").fill(PASSWORD)
    staff.get_by_role("button", name="ログイン").click()
    staff.goto(f"{live_server}/invitations/{invited.invitation_id}/review")
    item = staff.locator("#item-GOV-01")
    thumb = item.get_by_role("img", name="サーバ室入口.jpg の縮小画像")
    thumb.wait_for()
    assert staff.evaluate("(img) => img.complete && img.naturalWidth", thumb.element_handle()) == 360
    assert "撮影 令和8年10月1日 10:30（TestCam Model 1）" in item.inner_text()
    staff.context.close()
