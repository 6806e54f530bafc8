"""The meeting page in a real browser: its tab title is the meeting's name, and typing minutes
then leaving the page asks before the typing is lost (the unsaved-minutes guard runs)."""

from datetime import date, datetime
from pathlib import Path

import pytest

from assess.audit.services import Actor
from assess.evidence import services as evidence
from assess.extensions import db
from assess.models import Invitation
from assess.schedule import contracts, meetings
from assess.util import clock
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting_id(app):
    clock.set_fixed(datetime(2026, 4, 1, 1, 0))
    with app.app_context():
        invited = factories.invite(factories.project(deadline=date(2026, 4, 20)))
        db.session.commit()
    client = app.test_client()
    client.post(f"/q/{invited.token}", data={"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan",
                                             "action": "submit", "evidence_ack": "GOV-01",
                                             "csrf_token": csrf_token(client)})
    with app.app_context():
        inv = db.session.get(Invitation, invited.invitation_id)
        evidence.upload(db.session, Path(app.config["EVIDENCE_DIR"]), Actor.cli("test"), evidence.Upload(
            "ISMS.pdf", samples.pdf(), "certificate", date(2027, 6, 30), "IS 1"),
            project_id=inv.project_id, control_id="GOV-01", invitation_id=inv.id, max_bytes=10**7)
        contract = contracts.create(db.session, Actor.cli("test"), inv.project, inv, date(2026, 5, 1),
                                    date(2029, 3, 31), 12, None, award_reason="唯一の応募者のため",
                                    approver="市民税課長 山田")
        meeting = meetings.create(db.session, Actor.cli("test"), contract, "定例会議", date(2026, 6, 1), "14:30",
                                  "会議室A", "税務 花子", "前回の指摘")
        db.session.commit()
        return meeting.id


def test_meeting_title_and_unsaved_minutes_guard(browser, page, live_server, make_user, meeting_id):
    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(make_user("staff", department="shiminzei"))
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
    page.goto(f"{live_server}/meetings/{meeting_id}")
    assert page.title().startswith("定例会議 | テスト業務委託 | ")
    assert "<" not in page.title()

    page.get_by_label("議事の概要").click()
    page.keyboard.type("ログ設定を見直すことを確認した。")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page: the typing is still there

    page.on("dialog", answer)
    page.get_by_role("link", name="← 契約と再レビュー").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.get_by_label("議事の概要").input_value() == "ログ設定を見直すことを確認した。"
