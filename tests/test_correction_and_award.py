"""補正 and award reasons on the fixture catalog (GOV-01 asks 日数 ≥ 365 with a required 文書, ログ管理規程):
a vendor is told before it submits without required evidence; after the answer deadline staff open
one 補正 window for every candidate, in which a vendor may add only the evidence it lacked, until
the end of the window's deadline day in Japan; a contract with a 失格 or lower-ranked candidate
needs a recorded reason and approver, shown on the contract page, in the audit log and the report."""

import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from assess.audit.models import AuditEvent
from assess.extensions import db
from assess.models import Contract, CorrectionWindow, Evidence, Invitation
from assess.questionnaires import corrections
from assess.questionnaires import services as questionnaires
from assess.reviews.comparison import candidates
from assess.schedule import contracts
from assess.util import clock
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post

GOOD = {"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan"}
BEFORE_DEADLINE = datetime(2027, 1, 10, 1, 0)  # the project's answer deadline is 2027-01-29
AFTER_DEADLINE = datetime(2027, 2, 1, 1, 0)  # 10:00 on 1 February in Japan


def jst(moment: datetime) -> datetime:
    """A moment in Japan time as the naive UTC the clock keeps."""
    return moment.replace(tzinfo=clock.JST).astimezone(UTC).replace(tzinfo=None)


def send(client, token, data, files=None):
    """The vendor's form as the browser sends it (multipart, with the CSRF token)."""
    body = {**data, "csrf_token": csrf_token(client)}
    for cid, (name, content, kind) in (files or {}).items():
        body[f"f-{cid}"], body[f"fk-{cid}"] = (io.BytesIO(content), name), kind
    return client.post(f"/q/{token}", data=body, content_type="multipart/form-data")


def upload(client, token, files, extra=None):
    body = {**(extra or {}), "csrf_token": csrf_token(client)}
    for cid, (name, content, kind) in files.items():
        body[f"f-{cid}"], body[f"fk-{cid}"] = (io.BytesIO(content), name), kind
    return client.post(f"/q/{token}/correction", data=body, content_type="multipart/form-data")


def staff_client(app, make_user):
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return client


@dataclass(frozen=True)
class Event:
    actor: str
    after: dict


def events(app, action) -> list[Event]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        return [Event(e.actor, json.loads(e.data).get("after") or {}) for e in rows]


# --------------------------------------------------------------------------- the submit notice

@pytest.fixture
def invited(app):
    clock.set_fixed(BEFORE_DEADLINE)
    with app.app_context():
        proj = factories.project()
        first = factories.invite(proj, factories.vendor("証跡なし株式会社"))
        second = factories.invite(proj, factories.vendor("証跡あり株式会社"))
        third = factories.invite(proj, factories.vendor("未提出株式会社"))
        db.session.commit()
    return first, second, third


def state_of(app, invited_one) -> str:
    with app.app_context():
        return db.session.get(Invitation, invited_one.invitation_id).state


def test_submitting_without_required_evidence_first_says_what_it_will_mean(app, invited):
    first = invited[0]
    vendor = app.test_client()
    response = send(vendor, first.token, {**GOOD, "action": "submit"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "必須の証跡が添付されていない項目があります" in html
    assert "GOV-01 アクセスログの取得と保管" in html and "文書（ログ管理規程）がありません。" in html
    assert "「証跡不足」と判定され、必須の項目のため足切り（失格）となります。" in html
    assert "このまま提出する" in html and "戻って添付する" in html
    assert state_of(app, first) == "open"  # nothing submitted yet, but the answers are kept
    assert 'value="400"' in vendor.get(f"/q/{first.token}").get_data(as_text=True)
    assert events(app, "questionnaire.submit") == []

    confirmed = post(vendor, f"/q/{first.token}", {"action": "submit", "evidence_ack": "GOV-01"})
    assert confirmed.status_code == 302
    assert state_of(app, first) == "submitted"
    [submitted] = events(app, "questionnaire.submit")
    assert submitted.after["evidence_missing"] == {"GOV-01": ["document"]}


def test_an_acknowledgement_of_other_items_does_not_cover_a_missing_file(app, invited):
    first = invited[0]
    response = send(app.test_client(), first.token, {**GOOD, "action": "submit", "evidence_ack": "NET-01"})
    assert "必須の証跡が添付されていない項目があります" in response.get_data(as_text=True)
    assert state_of(app, first) == "open"


def test_with_the_required_file_attached_the_submit_needs_no_confirmation(app, invited):
    second = invited[1]
    response = send(app.test_client(), second.token, {**GOOD, "action": "submit"},
                    {"GOV-01": ("ログ管理規程.pdf", samples.pdf(), "document")})
    assert response.status_code == 302
    assert state_of(app, second) == "submitted"
    assert "evidence_missing" not in events(app, "questionnaire.submit")[0].after


def test_an_answer_that_fails_anyway_is_not_called_evidence_missing(app, invited):
    # 180日 is 不適合 whatever is attached: the notice would only mislead
    response = send(app.test_client(), invited[0].token, {**GOOD, "a-GOV-01": "180", "action": "submit"})
    assert response.status_code == 302
    assert state_of(app, invited[0]) == "submitted"


# --------------------------------------------------------------------------- the 補正 window

@pytest.fixture
def submitted(app, invited):
    """証跡なし submitted without GOV-01's document (knowingly), 証跡あり with it, 未提出 never."""
    first, second, _third = invited
    send(app.test_client(), first.token, {**GOOD, "action": "submit", "evidence_ack": "GOV-01"})
    send(app.test_client(), second.token, {**GOOD, "action": "submit"},
         {"GOV-01": ("ログ管理規程.pdf", samples.pdf(), "document")})
    assert state_of(app, first) == state_of(app, second) == "submitted"
    return invited


def open_window(staff, project_id, deadline="2027-02-05", note="ログ管理規程を提出してください。"):
    return post(staff, f"/projects/{project_id}/corrections", {"deadline": deadline, "note": note},
                follow_redirects=True)


def test_a_window_cannot_open_before_the_answer_deadline(app, submitted, make_user):
    staff = staff_client(app, make_user)
    page = open_window(staff, submitted[0].project_id).get_data(as_text=True)
    assert "補正の機会は回答期限の後に設けられます。" in page
    with app.app_context():
        assert db.session.scalar(select(CorrectionWindow.id)) is None


def test_opening_refuses_bad_input_and_keeps_what_was_typed(app, submitted, make_user):
    clock.set_fixed(AFTER_DEADLINE)
    staff = staff_client(app, make_user)  # staff sessions time out: log in at the moment they act
    page = open_window(staff, submitted[0].project_id, note="").get_data(as_text=True)
    assert "事業者に示す補正の案内（対象と提出方法など）を入力してください。" in page
    assert 'value="2027-02-05"' in page  # the deadline typed is still there
    page = open_window(staff, submitted[0].project_id, deadline="2027-01-31").get_data(as_text=True)
    assert "補正の期限は今日（令和9年2月1日）以降の日付にしてください。" in page
    assert "ログ管理規程を提出してください。" in page
    assert "補正の期限を日付で入力してください。" in open_window(staff, submitted[0].project_id, deadline="").get_data(as_text=True)


def test_one_window_for_every_candidate_with_the_evidence_each_lacked(app, submitted, make_user):
    first, second, third = submitted
    clock.set_fixed(AFTER_DEADLINE)
    staff = staff_client(app, make_user)  # staff sessions time out: log in at the moment they act
    page = open_window(staff, first.project_id).get_data(as_text=True)
    assert "補正の受付を始めました（期限: 令和9年2月5日）。提出済みの2社すべてが対象で、2社にメールで通知しました。" in page
    assert "受付中" in page and "令和9年2月5日" in page
    assert "GOV-01 文書（ログ管理規程）" in page  # what 証跡なし lacked (and still lacks)
    with app.app_context():
        window = db.session.scalar(select(CorrectionWindow))
        assert window.missing == {str(first.invitation_id): {"GOV-01": ["document"]}, str(second.invitation_id): {}}
        assert str(third.invitation_id) not in window.missing  # it never submitted
        assert db.session.get(Invitation, first.invitation_id).expires_at >= datetime(2027, 4, 5)
    [opened] = events(app, "correction.open")
    assert opened.after["deadline"] == "2027-02-05" and opened.after["note"] == "ログ管理規程を提出してください。"
    outbox = [BytesParser(policy=policy.default).parsebytes(p.read_bytes())
              for p in sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))]
    assert [m["Subject"] for m in outbox] == ["【補正のお知らせ】テスト業務委託"] * 2
    bodies = "".join(m.get_body().get_content() for m in outbox)
    assert "・GOV-01: 文書" in bodies and "貴社の提出には、補正の対象となる項目はありません。" in bodies

    again = open_window(staff, first.project_id).get_data(as_text=True)
    assert "補正の受付期間中です（令和9年2月5日まで）。補正は同時に1つだけ設けられます。" in again


def test_the_vendor_adds_only_the_missing_evidence_and_answers_stay_locked(app, submitted, make_user):
    first, second, third = submitted
    clock.set_fixed(AFTER_DEADLINE)
    staff = staff_client(app, make_user)  # staff sessions time out: log in at the moment they act
    open_window(staff, first.project_id)
    vendor = app.test_client()

    html = vendor.get(f"/q/{first.token}").get_data(as_text=True)
    section = html[html.index('id="correction"'):html.index("</section>", html.index('id="correction-GOV-01"'))]
    assert "補正の受付期間中です。期限: <strong>令和9年2月5日</strong>" in section
    assert 'id="correction-GOV-01"' in section and "correction-NET-01" not in section
    assert 'name="f-GOV-01"' in section and '<option value="document">文書: ログ管理規程</option>' in section
    assert 'name="a-GOV-01"' not in html  # the answers are not open again
    other = app.test_client().get(f"/q/{second.token}").get_data(as_text=True)
    assert "貴社の提出には、補正の対象となる項目はありません。" in other and 'name="f-GOV-01"' not in other
    assert 'id="correction"' not in app.test_client().get(f"/q/{third.token}").get_data(as_text=True)

    refused = upload(vendor, first.token, {"NET-01": ("構成図.pdf", samples.pdf(), "document")})
    assert refused.status_code == 302
    page = vendor.get(f"/q/{first.token}").get_data(as_text=True)
    assert "構成図.pdf: NET-01 は補正の対象ではありません。補正で追加できるのは、補正の開始時に必須の証跡が欠けていた項目（GOV-01）だけです。" in page
    wrong_kind = upload(vendor, first.token, {"GOV-01": ("写真.jpg", samples.jpeg_with_exif(), "photo")},
                        {"a-GOV-01": "9999"})
    assert wrong_kind.status_code == 302
    assert "写真.jpg: GOV-01 で補正として追加できる証跡の種類は「文書」だけです。" in vendor.get(f"/q/{first.token}").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Evidence.id).where(Evidence.invitation_id == first.invitation_id)) is None
    assert post(vendor, f"/q/{first.token}", {**GOOD, "a-GOV-01": "9999", "action": "save"}).status_code == 410
    assert upload(app.test_client(), second.token,
                  {"GOV-01": ("追加.pdf", samples.pdf(), "document")}).status_code == 302  # refused, said on the page

    added = upload(vendor, first.token, {"GOV-01": ("ログ管理規程.pdf", samples.pdf(), "document")},
                   {"a-GOV-01": "9999"})
    assert added.status_code == 302
    html = vendor.get(f"/q/{first.token}").get_data(as_text=True)
    assert "補正の証跡を1件追加しました。" in html and "ログ管理規程.pdf" in html
    with app.app_context():
        inv = db.session.get(Invitation, first.invitation_id)
        assert {a.control_id: a.value for a in inv.answers}["GOV-01"] == "400"  # answers untouched
        assert db.session.scalars(select(Evidence.control_id).where(Evidence.invitation_id == second.invitation_id)
                                  ).all() == ["GOV-01"]  # 証跡あり could add nothing
        ranked = {c.invitation.id: c for c in candidates(db.session, inv.project)[1]}
        assert not ranked[first.invitation_id].result.disqualified  # the scorer reads what is present now
    uploaded = [e for e in events(app, "evidence.upload") if e.actor == f"vendor:{first.invitation_id}"]
    assert [e.after["name"] for e in uploaded] == ["ログ管理規程.pdf"]
    [linked] = events(app, "correction.upload")
    assert linked.after["controls"] == ["GOV-01"]
    staff_page = staff.get(f"/projects/{first.project_id}/invitations").get_data(as_text=True)
    # lacked GOV-01's document at the opening, lacks nothing now
    assert "<tr><td>証跡なし株式会社</td><td>GOV-01 文書（ログ管理規程）</td><td>なし</td></tr>" in staff_page


def test_the_window_closes_at_the_end_of_its_deadline_day_in_japan(app, submitted, make_user):
    first = submitted[0]
    clock.set_fixed(AFTER_DEADLINE)
    staff = staff_client(app, make_user)  # staff sessions time out: log in at the moment they act
    open_window(staff, first.project_id)
    vendor = app.test_client()

    clock.set_fixed(jst(datetime(2027, 2, 5, 23, 59)))
    assert upload(vendor, first.token, {"GOV-01": ("規程.pdf", samples.pdf(), "document")}).status_code == 302

    clock.set_fixed(jst(datetime(2027, 2, 6, 0, 0)))
    late = upload(vendor, first.token, {"GOV-01": ("規程2.pdf", samples.pdf(), "document")})
    html = late.get_data(as_text=True)
    assert late.status_code == 410
    assert "補正の受付期間（令和9年2月5日まで）を過ぎたため、証跡は追加できません。" in html
    assert "補正の受付は終了しました（期限: 令和9年2月5日）。証跡は追加できません。" in html
    assert 'name="f-GOV-01"' not in html
    with app.app_context():
        names = db.session.scalars(select(Evidence.display_name).where(Evidence.invitation_id == first.invitation_id)).all()
        assert names == ["規程.pdf"]
    staff = staff_client(app, make_user)
    staff_page = staff.get(f"/projects/{first.project_id}/invitations").get_data(as_text=True)
    assert '<span class="badge">終了</span>' in staff_page
    # a new window only when someone still lacks required evidence: here nobody does
    again = open_window(staff, first.project_id, deadline="2027-02-10").get_data(as_text=True)
    assert "必須の証跡が欠けている提出はありません。補正の機会を設ける必要はありません。" in again


def test_without_a_window_a_submitted_vendor_cannot_add_files(app, submitted):
    response = upload(app.test_client(), submitted[0].token, {"GOV-01": ("規程.pdf", samples.pdf(), "document")})
    assert response.status_code == 400
    assert "補正の受付は行っていません。" in response.get_data(as_text=True)


def test_the_service_refuses_when_nobody_has_submitted(app):
    clock.set_fixed(BEFORE_DEADLINE)
    with app.app_context():
        proj = factories.project()
        factories.invite(proj)
        db.session.commit()
        clock.set_fixed(AFTER_DEADLINE)
        with pytest.raises(questionnaires.QuestionnaireError, match="回答を提出した事業者がいないため"):
            corrections.open_window(db.session, factories.ACTOR, proj, date(2027, 2, 5), "案内")


# --------------------------------------------------------------------------- award reasons

@pytest.fixture
def bidders(app, invited):
    """証跡あり first (all met), 証跡なし 失格 (GOV-01 without its document), and a third that passes
    but lower (GOV-02 いいえ, not a 必須 item)."""
    first, second, third = invited
    send(app.test_client(), first.token, {**GOOD, "action": "submit", "evidence_ack": "GOV-01"})
    for inv, gov2 in ((second, "yes"), (third, "no")):
        send(app.test_client(), inv.token, {**GOOD, "a-GOV-02": gov2, "action": "submit"},
             {"GOV-01": ("ログ管理規程.pdf", samples.pdf(), "document")})
    with app.app_context():
        ranked = {c.invitation.id: c for c in candidates(db.session, db.session.get(
            Invitation, first.invitation_id).project)[1]}
        assert ranked[first.invitation_id].result.disqualified
        assert ranked[second.invitation_id].ranked.rank == 1 and ranked[third.invitation_id].ranked.rank == 2
    return {"fails": first, "first": second, "second": third}


def contract_form(invitation_id, **extra):
    return {"invitation_id": str(invitation_id), "start_on": "2027-04-01", "end_on": "2030-03-31",
            "cycle_months": "12", **extra}


def test_a_disqualified_candidate_needs_a_reason_and_the_form_keeps_what_was_typed(app, bidders, make_user, runner):
    staff = staff_client(app, make_user)
    project_id = bidders["fails"].project_id
    form = staff.get(f"/projects/{project_id}/contract").get_data(as_text=True)
    assert "証跡なし株式会社（失格（必須要件の不適合）・選定理由と承認者が必要）" in form
    assert "証跡あり株式会社（第1位）" in form and "未提出株式会社（第2位・選定理由と承認者が必要）" in form

    refused = post(staff, f"/projects/{project_id}/contract",
                   contract_form(bidders["fails"].invitation_id, award_reason="価格が最も低いため"),
                   follow_redirects=True).get_data(as_text=True)
    assert ("証跡なし株式会社は評価で「失格（必須要件の不適合）」です。この事業者と契約する場合は、"
            "承認者の氏名・職名を入力してください（評価結果報告書と監査ログに記録されます）。") in refused
    assert "価格が最も低いため</textarea>" in refused and 'value="2027-04-01"' in refused
    assert f'<option value="{bidders["fails"].invitation_id}" selected>' in refused
    with app.app_context():
        assert db.session.scalar(select(Contract.id)) is None
    assert events(app, "contract.create") == []

    post(staff, f"/projects/{project_id}/contract",
         contract_form(bidders["fails"].invitation_id, award_reason="価格が最も低く、\n不足の証跡は契約前に提出させる。",
                       approver="市民税課長 山田 太郎"))
    page = staff.get(f"/projects/{project_id}/contract").get_data(as_text=True)
    assert "<dt>選定理由</dt>" in page and "不足の証跡は契約前に提出させる。" in page
    assert "<dd>市民税課長 山田 太郎</dd>" in page
    [created] = events(app, "contract.create")
    assert created.after["standing"] == "失格（必須要件の不適合）"
    assert created.after["award_reason"] == "価格が最も低く、\n不足の証跡は契約前に提出させる。"
    assert created.after["approver"] == "市民税課長 山田 太郎"
    verified = runner.invoke(["audit", "verify"])  # the reason is part of the hash chain
    assert verified.exit_code == 0, verified.output


def test_a_lower_ranked_candidate_needs_a_reason_the_first_does_not(app, bidders):
    with app.app_context():
        second = db.session.get(Invitation, bidders["second"].invitation_id)
        with pytest.raises(contracts.ContractError, match="「第2位」です。.*選定理由と承認者の氏名・職名を入力"):
            contracts.create(db.session, factories.ACTOR, second.project, second, date(2027, 4, 1),
                             date(2030, 3, 31), 12, None)
        db.session.rollback()
        first = db.session.get(Invitation, bidders["first"].invitation_id)
        contract = contracts.create(db.session, factories.ACTOR, first.project, first, date(2027, 4, 1),
                                    date(2030, 3, 31), 12, None)
        db.session.commit()
        assert contract.award_reason == "" and contract.approver == ""
    [created] = events(app, "contract.create")
    assert created.after["standing"] == "第1位"


def test_the_reason_appears_in_the_report(app, bidders, make_user):
    staff = staff_client(app, make_user)
    project_id = bidders["fails"].project_id

    def report_text() -> str:
        response = staff.get(f"/projects/{project_id}/documents/report")
        assert response.status_code == 200
        document = Document(io.BytesIO(response.data))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)

    assert "契約候補者の選定理由" not in report_text()
    post(staff, f"/projects/{project_id}/contract",
         contract_form(bidders["second"].invitation_id, award_reason="第1位の事業者が辞退したため。",
                       approver="市民税課長 山田 太郎"))
    text = report_text()
    assert "契約候補者の選定理由" in text
    assert "未提出株式会社" in text and "第1位の事業者が辞退したため。" in text and "市民税課長 山田 太郎" in text
