"""Regressions for what a fresh-eyes review found: stale approvals, change notices while items
are returned, redirects, failed mail, offline imports into locked answers, formulas in
workbooks, re-review rounds offline, KPI figures, gap lists of withdrawn links, 西暦 pages."""

import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from assess.audit.services import Actor
from assess.extensions import db
from assess.models import Invitation
from assess.projects import services as projects
from assess.questionnaires import services as questionnaires
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post

ACTOR = Actor.cli("t")
GOOD = {"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan"}


@pytest.fixture
def submitted(app, make_user):
    with app.app_context():
        invited = factories.invite(factories.project())
        db.session.commit()
    vendor = app.test_client()
    vendor.post(f"/q/{invited.token}", data={**GOOD, "action": "submit", "fk-GOV-01": "document",
                                             "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf"),
                                             "csrf_token": csrf_token(vendor)}, content_type="multipart/form-data")
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return invited, vendor, staff


def _section(html, cid):
    return re.search(rf'<section class="control" id="item-{cid}".*?</section>', html, re.S).group(0)


def test_an_approval_does_not_outlive_a_changed_answer(app, submitted):
    invited, vendor, staff = submitted
    review = f"/invitations/{invited.invitation_id}/review"
    post(staff, f"{review}/GOV-02", {"decision": "accept", "comment": "", "revision": "0"})
    post(staff, f"/invitations/{invited.invitation_id}/return", {"item": "GOV-02", "comment-GOV-02": "再確認"})
    vendor.post(f"/q/{invited.token}", data={"a-GOV-02": "no", "action": "submit", "csrf_token": csrf_token(vendor)})
    section = _section(staff.get(review).get_data(as_text=True), "GOV-02")
    assert "回答変更後・未レビュー" in section and "不適合：回答「いいえ」" in section


def test_a_change_notice_reaches_a_vendor_with_returned_items(app, submitted):
    invited, vendor, staff = submitted
    post(staff, f"/invitations/{invited.invitation_id}/return", {"item": "GOV-02", "comment-GOV-02": "再確認"})
    with app.app_context():
        project = db.session.get(Invitation, invited.invitation_id).project
        projects.exclude_control(db.session, ACTOR, project, "GOV-02", "不要になった")
        questionnaires.publish_change(db.session, ACTOR, project, "GOV-02 を削除しました")
        db.session.commit()
        assert db.session.get(Invitation, invited.invitation_id).state == "submitted"  # not stuck


@pytest.mark.parametrize("target", ["/%09/evil.example", "/\\evil.example", "//evil.example", "https://evil.example"])
def test_login_never_redirects_off_site(app, make_user, target):
    client = app.test_client()
    response = post(client, f"/login?next={target}", {"email": make_user("staff"), "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_a_mail_server_that_is_down_does_not_lose_the_link(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", 1)  # nothing listens there
    with app.app_context():
        project = factories.project()
        vendor = factories.vendor()
        db.session.commit()
        ids = (project.id, vendor.id)
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    response = post(staff, f"/projects/{ids[0]}/invitations", {"vendor_id": str(ids[1]), "send": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "/q/" in html and "案内メールを送れませんでした" in html


def test_an_offline_import_cannot_add_files_to_locked_answers(app, runner, submitted, tmp_path):
    invited, _vendor, _staff = submitted
    out = tmp_path / "p.xlsx"
    runner.invoke(["export-package", str(invited.invitation_id), "-o", str(out)])
    evidence = tmp_path / "e.zip"
    with io.BytesIO() as buf:
        import zipfile
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("GOV-01/追加資料.pdf", samples.pdf())
        evidence.write_bytes(buf.getvalue())
    result = runner.invoke(["import-package", str(invited.invitation_id), str(out), "--evidence", str(evidence)])
    assert result.exit_code == 1 and "GOV-01 は現在変更できないため、証跡を追加できません" in result.stderr


def test_vendor_text_that_looks_like_a_formula_stays_text(app, runner, tmp_path):
    with app.app_context():
        invited = factories.invite(factories.project())
        db.session.commit()
    vendor = app.test_client()
    vendor.post(f"/q/{invited.token}", data={"c-GOV-01": '=HYPERLINK("https://evil.example","x")', "action": "save",
                                             "csrf_token": csrf_token(vendor)})
    out = tmp_path / "p.xlsx"
    runner.invoke(["export-package", str(invited.invitation_id), "-o", str(out)])
    cell = openpyxl.load_workbook(out)["情報管理体制"]["G5"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_a_re_review_round_can_be_answered_offline(app, runner, submitted, tmp_path):
    invited, _vendor, _staff = submitted
    with app.app_context():
        from assess.schedule import contracts
        inv = db.session.get(Invitation, invited.invitation_id)
        contract = contracts.create(db.session, ACTOR, inv.project, inv, date(2027, 4, 1), date(2030, 3, 31), 12, None)
        factories.finish_start_round(contract, Path(app.config["EVIDENCE_DIR"]))
        cycle = next(r for r in contract.rounds if r.trigger == "cycle")
        issued = contracts.start(db.session, ACTOR, contract, cycle, date(2027, 4, 20))  # pre-filled from round 1
        db.session.commit()
        round_id = issued.invitation.id
    out = tmp_path / "round.xlsx"
    runner.invoke(["export-package", str(round_id), "-o", str(out)])
    result = runner.invoke(["import-package", str(round_id), str(out)])
    assert result.exit_code == 0, result.stderr
    with app.app_context():
        assert db.session.get(Invitation, round_id).state == "submitted"


def test_pages_follow_the_citys_choice_of_western_dates(app, submitted):
    invited, vendor, staff = submitted
    with app.app_context():
        projects.save_city(db.session, ACTOR, "みどり市", "alpha", "seireki")
        db.session.commit()
    html = staff.get("/projects/").get_data(as_text=True)
    assert "2027年1月29日" in html and "令和9年1月29日" not in html


def test_gap_list_of_a_withdrawn_link_is_not_found(app, submitted):
    invited, _vendor, staff = submitted
    with app.app_context():
        db.session.get(Invitation, invited.invitation_id).revoked_at = db.func.now()
        db.session.commit()
    assert staff.get(f"/invitations/{invited.invitation_id}/gaps").status_code == 404


def test_a_refused_form_keeps_what_was_typed_and_says_why_at_the_form(app, submitted):
    invited, _vendor, staff = submitted
    review = f"/invitations/{invited.invitation_id}/review"
    page = post(staff, f"{review}/GOV-02", {"decision": "query", "comment": "", "revision": "0"},
                follow_redirects=True).get_data(as_text=True)
    section = _section(page, "GOV-02")
    assert "「要確認」にするときは、理由をコメントに入力してください。" in section
    assert 'value="query" checked' in section
    points = post(staff, f"/projects/{_project_id(app, invited)}/points", {"points-GOV": "四十", "points-NET": "20"},
                  follow_redirects=True).get_data(as_text=True)
    assert 'name="points-GOV" class="param-input" inputmode="decimal" value="四十"' in points
    assert 'name="points-NET" class="param-input" inputmode="decimal" value="20"' in points


def _project_id(app, invited):
    with app.app_context():
        return db.session.get(Invitation, invited.invitation_id).project_id
