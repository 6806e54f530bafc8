"""In a real browser: a vendor list in Shift_JIS is uploaded on the vendors page, bad rows are
announced by row and column, and a corrected file goes through the preview to the list."""

import pytest

from tests.helpers import PASSWORD
from tests.test_vendor_import import GOOD, bad_file, csv_bytes

pytestmark = pytest.mark.browser


def _upload(page, data: bytes):
    page.get_by_label("事業者一覧のファイル（CSV または Excel .xlsx）").set_input_files(
        {"name": "事業者一覧.csv", "mimeType": "text/csv", "buffer": data})
    page.get_by_role("button", name="確認する").click()


def test_upload_preview_and_confirm(live_server, page, make_user):
    email = make_user("staff")
    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/vendors/")

    _upload(page, bad_file())
    alert = page.locator("#import-problems")
    assert "3件の誤りがあります（3、5、7行目）" in alert.inner_text()
    assert alert.get_attribute("role") == "alert"

    _upload(page, csv_bytes(GOOD))
    assert "追加 4件、変更 0件、変更なし 0件" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="この内容で取り込む").click()
    page.wait_for_url(f"{live_server}/vendors/")
    assert "ひかりデータ株式会社" in page.locator("table").inner_text()
