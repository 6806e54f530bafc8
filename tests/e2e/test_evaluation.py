"""Staff record the selection committee from the comparison page, in a real browser: every field
reached by its label, a refused save keeps what was typed, and the saved conclusion names the
candidate chosen."""

import io

import pytest

from assess.extensions import db
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token

pytestmark = pytest.mark.browser


def test_staff_record_the_committee_and_choose_the_candidate(app, page, live_server, make_user):
    with app.app_context():
        project = factories.project()
        invited = [factories.invite(project, factories.vendor(name)) for name in ("良い株式会社", "足りない株式会社")]
        db.session.commit()
        project_id = project.id
    for inv, answers in zip(invited, ({"a-GOV-01": "800", "a-GOV-02": "yes", "a-NET-01": "lgwan"},
                                      {"a-GOV-01": "100", "a-GOV-02": "no", "a-NET-01": "lgwan"}), strict=True):
        vendor = app.test_client()
        files = {"fk-GOV-01": "document", "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf")}
        vendor.post(f"/q/{inv.token}", data={**answers, **files, "action": "submit", "csrf_token": csrf_token(vendor)},
                    content_type="multipart/form-data")

    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(make_user("staff", department="shiminzei"))
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.goto(f"{live_server}/projects/{project_id}/comparison")
    page.get_by_role("link", name="審査委員会の記録（委員・意見・結論）").click()

    page.get_by_label("評価期間（開始日）").fill("2027-02-15")
    page.get_by_label("評価期間（終了日）").fill("2027-02-01")
    page.get_by_label("1人目の委員の氏名").fill("緑川 誠")
    page.get_by_label("1人目の委員の役職").fill("委員長")
    page.get_by_label("足りない株式会社（失格（必須要件の不適合））への意見", exact=False).fill("必須要件を満たさない。")
    assert page.get_by_role("radio", name="足りない株式会社", exact=False).is_disabled()  # 失格: cannot be chosen
    page.get_by_role("radio", name="良い株式会社（通過）", exact=False).check()
    page.get_by_role("button", name="審査委員会の記録を保存する").click()

    alert = page.get_by_role("alert")
    assert "評価期間の終了日は開始日以降の日付にしてください。" in alert.inner_text()
    assert page.get_by_label("1人目の委員の氏名").input_value() == "緑川 誠"  # nothing typed is lost
    assert page.get_by_role("radio", name="良い株式会社（通過）", exact=False).is_checked()

    page.get_by_label("評価期間（終了日）").fill("2027-02-20")
    page.get_by_role("button", name="審査委員会の記録を保存する").click()
    assert "審査委員会の記録を保存しました。" in page.locator("main").inner_text()
    assert page.get_by_label("結論の文").input_value() == "良い株式会社を契約候補者として選定することが適当である。"
