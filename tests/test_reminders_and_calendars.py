"""Reminders under a controlled clock (never twice for the same event and day, never after a
deadline), the SMTP path through a real local SMTP server, and calendars read back."""

import re
import socket
from datetime import date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar
from sqlalchemy import select

from assess.audit.services import Actor
from assess.evidence import services as evidence
from assess.evidence.models import Evidence
from assess.extensions import db
from assess.models import Invitation
from assess.schedule import contracts, meetings
from assess.schedule.models import Contract
from assess.util import clock
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post


def at(day: str) -> None:
    clock.set_fixed(datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(hour=1))


def subjects(app) -> list[str]:
    return sorted(BytesParser(policy=policy.default).parsebytes(p.read_bytes())["Subject"]
                  for p in Path(app.config["OUTBOX_DIR"]).glob("*.eml"))


@pytest.fixture
def contracted(app, make_user):
    """A contract with a certificate valid until 2027-06-30, a meeting and an action due 2026-12-31."""
    at("2026-04-01")
    make_user("staff", department="shiminzei", email="tanto@city.test.example.jp")
    return make_contract(app)


def make_contract(app, name="テスト業務委託", department="shiminzei", action_due=date(2026, 12, 31)) -> dict:
    """The `contracted` world for one project (the clock set to before its deadline, 2026-04-20)."""
    with app.app_context():
        project = factories.project(name=name, department=department, deadline=date(2026, 4, 20))
        invited = factories.invite(project)
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
                                    approver="市民税課長 山田")  # 失格 (no GOV-01 document)
        factories.finish_start_round(contract, Path(app.config["EVIDENCE_DIR"]))
        meeting = meetings.create(db.session, Actor.cli("test"), contract, "定例会議", date(2026, 6, 1), "14:30",
                                  "会議室A", "税務 花子", "前回の指摘")
        meetings.add_action(db.session, Actor.cli("test"), contract, meeting, "ログ設定の見直し", "山田",
                            "yamada@vendor.example.jp", action_due)
        db.session.commit()
        return {"contract": contract.id, "meeting": meeting.id, "token": invited.token}


def due_lines(runner) -> list[list[str]]:
    result = runner.invoke(["schedule", "due"])
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.output.splitlines()]


def test_schedule_due_lists_by_date_then_project_and_only_certificates_near_expiry(app, runner, contracted):
    """Two departments: the board groups by department, the command reads as one timeline. The
    certificate (until 2027-06-30, contract to 2029-03-31) is due only inside the 90-day horizon."""
    at("2026-04-01")
    make_contract(app, name="広報業務委託", department="kouhou", action_due=date(2027, 1, 3))
    at("2027-01-05")
    lines = due_lines(runner)
    assert [(line[0], line[3]) for line in lines] == [
        ("2026-12-31", "ログ設定の見直し（テスト業務委託）"), ("2027-01-03", "ログ設定の見直し（広報業務委託）")]
    at("2027-04-05")  # 86 days before the certificates expire; re-reviews due 2027-05-01
    lines = due_lines(runner)
    assert [line[0] for line in lines] == sorted(line[0] for line in lines)
    certificates = [line[3] for line in lines if line[0] == "2027-06-30"]
    assert certificates == ["ISMS.pdf（テスト業務委託）", "ISMS.pdf（広報業務委託）"]
    rounds = [line[3] for line in lines if line[0] == "2027-05-01"]
    assert rounds == sorted(rounds) and len(rounds) == 2


def test_each_reminder_once_per_event_and_day(app, runner, contracted):
    at("2027-01-05")  # 176 days before the certificate expires: nothing yet; action overdue
    runner.invoke(["reminders", "send"])
    assert subjects(app) == ["【期限超過のアクション】テスト業務委託"]
    runner.invoke(["reminders", "send"])  # cron an hour later: nothing new
    assert len(subjects(app)) == 1
    at("2027-04-05")  # within 90 days of 2027-06-30; re-review due 2027-05-01 (26 days: not yet 14)
    runner.invoke(["reminders", "send"])
    assert subjects(app).count("【証明書の有効期限】テスト業務委託") == 1
    at("2027-04-20")
    result = runner.invoke(["reminders", "send", "--dry-run"])
    assert "round-due:2:14:tanto@city.test.example.jp" in result.output and "送信していません" in result.output
    assert subjects(app).count("【再レビュー】テスト業務委託") == 0
    runner.invoke(["reminders", "send"])
    assert subjects(app).count("【再レビュー】テスト業務委託") == 1


def bodies(app) -> dict[str, str]:
    """Subject → text of each message in the outbox."""
    found = {}
    for path in Path(app.config["OUTBOX_DIR"]).glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        found[message["Subject"]] = message.get_content()
    return found


def test_staff_reminders_link_to_the_page_and_are_signed(app, runner, contracted, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://assess.city.example.jp/")
    monkeypatch.setitem(app.config, "MAIL_CONTACT", "電話 0123-45-6789（内線 234）")
    with app.app_context():
        project_id = db.session.get(Contract, contracted["contract"]).project_id
    at("2027-04-20")  # certificate within 90 days, re-review within 14 days, the action overdue
    assert runner.invoke(["reminders", "send"]).exit_code == 0
    mails = bodies(app)
    page = f"https://assess.city.example.jp/projects/{project_id}/contract"
    for subject in ("【証明書の有効期限】テスト業務委託", "【再レビュー】テスト業務委託"):
        assert page in mails[subject], subject
    assert f"https://assess.city.example.jp/meetings/{contracted['meeting']}" in mails["【期限超過のアクション】テスト業務委託"]
    for subject, body in mails.items():
        assert "shiminzei" in body.split("――", 1)[-1], subject  # the department signs it
        assert body.rstrip().endswith("電話 0123-45-6789（内線 234）"), subject


def test_vendors_are_reminded_before_the_deadline_but_never_after(app, runner):
    at("2027-01-10")
    with app.app_context():
        factories.invite(factories.project(deadline=date(2027, 1, 29)))
        db.session.commit()
    for day, expected in (("2027-01-20", 0), ("2027-01-23", 1), ("2027-01-23", 1), ("2027-01-27", 2),
                          ("2027-01-29", 3), ("2027-01-30", 3), ("2027-02-05", 3)):
        at(day)
        runner.invoke(["reminders", "send"])
        assert subjects(app).count("【回答期限のお知らせ】テスト業務委託") == expected, day
    body = bodies(app)["【回答期限のお知らせ】テスト業務委託"]  # signed by the 課, with the app's line
    assert body.rstrip().endswith("shiminzei\nこのメールは委託先セキュリティ評価ツールから送信しています。")


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_reminders_go_through_a_real_smtp_server(app, runner, contracted, monkeypatch):
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
        monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
        at("2027-01-05")
        result = runner.invoke(["reminders", "send"])
        assert result.exit_code == 0, result.output
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in inbox.messages] == [["yamada@vendor.example.jp"]]
    message = BytesParser(policy=policy.default).parsebytes(inbox.messages[0].content)
    assert message["Subject"] == "【期限超過のアクション】テスト業務委託"
    assert "ログ設定の見直し" in message.get_content()


def test_meeting_ics_and_personal_feed_are_valid_calendars(app, contracted):
    at("2026-06-01")
    staff = app.test_client()
    post(staff, "/login", {"email": "tanto@city.test.example.jp", "password": PASSWORD})
    with staff.get(f"/meetings/{contracted['meeting']}/meeting.ics") as response:
        assert response.mimetype == "text/calendar"
        event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("定例会議")
    assert event.decoded("dtstart").isoformat() == "2026-06-01T14:30:00+09:00"
    page = post(staff, "/calendar", {}).get_data(as_text=True)
    url = re.search(r'id="feed" value="([^"]+)"', page).group(1)
    feed = app.test_client().get(url.replace("http://localhost", ""))
    summaries = sorted(str(e["summary"]) for e in Calendar.from_ical(feed.data).walk("VEVENT"))
    assert any(s.startswith("第2回 再レビューの期限") for s in summaries)
    assert any(s == "アクション期限: ログ設定の見直し" for s in summaries)
    post(staff, "/calendar", {})  # issued again: the old URL stops working
    assert app.test_client().get(url.replace("http://localhost", "")).status_code == 404


def test_dashboard_groups_by_department_and_counts(app, contracted, make_user):
    at("2027-01-05")
    staff = app.test_client()
    post(staff, "/login", {"email": "tanto@city.test.example.jp", "password": PASSWORD})
    html = staff.get("/").get_data(as_text=True)
    assert "期限超過のアクション: <strong>1</strong>件" in html
    assert "令和8年度" in html and "ログ設定の見直し（テスト業務委託）" in html
    other = app.test_client()
    post(other, "/login", {"email": make_user("staff", department="kouhou"), "password": PASSWORD})
    assert "ログ設定の見直し" not in other.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Evidence.valid_until)) == date(2027, 6, 30)
