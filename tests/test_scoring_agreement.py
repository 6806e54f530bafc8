"""Every place that shows a candidate says the same thing: the demo's comparison page and its
評価結果報告書 (read back with python-docx) agree on each candidate's rank and verdict; and the real
catalog's ISMS / Pマーク pair is judged on the answer deadline, either one sufficing."""

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from assess.demo import CALL_CENTER_PROJECT, DEMO_PASSWORD, MY_NUMBER_PROJECT
from assess.evidence import services as evidence
from assess.extensions import db
from assess.projects.models import Project
from assess.questionnaires import services as questionnaires
from assess.questionnaires.answers import Entry
from assess.questionnaires.models import Invitation
from tests import factories, samples
from tests.helpers import PASSWORD, post

CONTROLS = Path(__file__).resolve().parents[1] / "controls"
STAFF = {MY_NUMBER_PROJECT: "zeimu@city.midori.example.jp", CALL_CENTER_PROJECT: "kouhou@city.midori.example.jp"}


def page_rows(html: str) -> list[list[str]]:
    """The comparison table's cells: 順位, 事業者, 状態, 判定, 総合点, …"""
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    rows = []
    for row in body.split("<tr>")[1:]:
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        rows.append([re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def report_rows(document: docx.Document) -> list[list[str]]:
    return [[c.text.strip() for c in row.cells] for table in document.tables for row in table.rows]


@pytest.fixture
def demo(app, demo_output):
    with app.app_context():
        return {p.name: p.id for p in db.session.scalars(select(Project))}


def _agree(client, project_id: int) -> list[tuple[str, str, str]]:
    """(rank, vendor, verdict) as the comparison page shows them, each found in the report."""
    html = client.get(f"/projects/{project_id}/comparison").get_data(as_text=True)
    shown = [(rank, vendor, re.sub(r"（必須 \d+件）$", "", verdict.lstrip("✓✗△ ")))  # the mark and the count
             for rank, vendor, _state, verdict, *_rest in page_rows(html)]
    assert shown, "the demo project has candidates"
    response = client.get(f"/projects/{project_id}/documents/report")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    rows = report_rows(docx.Document(io.BytesIO(response.data)))
    ranks = {vendor: rank for rank, vendor, _verdict in shown}
    for rank, vendor, verdict in shown:
        found = [r for r in rows if vendor in r and rank in r]
        assert found, f"{vendor} {rank} is not in the report"
        assert all(verdict in r for r in found), (vendor, verdict, found)
    for row in rows:  # and the report gives no candidate a rank the page does not
        for vendor in (v for v in ranks if v in row):
            assert all(cell == ranks[vendor] for cell in row if re.fullmatch(r"\d+位|順位なし（.+）", cell)), row
    return shown


def test_the_demo_report_and_the_comparison_page_agree_on_every_rank_and_verdict(app, demo):
    for project, email in STAFF.items():
        client = app.test_client()
        post(client, "/login", {"email": email, "password": DEMO_PASSWORD})
        shown = _agree(client, demo[project])
        if project == MY_NUMBER_PROJECT:  # one candidate of each kind
            assert [(rank, verdict) for rank, _vendor, verdict in shown] == [
                ("1位", "通過"), ("順位なし（失格）", "失格（必須要件の不適合）"),
                ("順位なし（未提出）", "失格（必須要件の不適合）")]


# --- the real catalog: GOV-03 (ISMS) / GOV-05 (Pマーク) on a three-year contract ------------------

DEADLINE = date(2027, 1, 29)  # the project's answer deadline; the contract runs 2027-04-01 .. 2030-03-31


@pytest.fixture
def certification(app, make_user):
    """A project on the real catalog with one invited vendor, and a staff member's client."""
    with app.app_context():
        project = factories.project(folder=CONTROLS, deadline=DEADLINE)
        invited = factories.invite(project)
        db.session.commit()
    client = app.test_client()
    post(client, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return invited, client


def _answer(app, invited, answers: dict[str, str | None], files: dict[str, list[tuple[str, date | None]]]) -> None:
    """Answers (None: 該当なし) and evidence files of (kind, valid until), through the services."""
    with app.app_context():
        invitation = db.session.get(Invitation, invited.invitation_id)
        version = questionnaires.version_for(db.session, invitation)
        questionnaires.save(db.session, invitation, version.content,
                            {cid: Entry(value, na=value is None) for cid, value in answers.items()}, None)
        for cid, wanted in files.items():
            for n, (kind, until) in enumerate(wanted):
                evidence.upload(db.session, Path(app.config["EVIDENCE_DIR"]), factories.ACTOR,
                                evidence.Upload(f"{cid}_{n}.pdf", samples.pdf(), kind, until,
                                                "IS 765432" if kind == "certificate" else ""),
                                project_id=invited.project_id, control_id=cid, invitation_id=invitation.id,
                                max_bytes=10**7)
        db.session.commit()


def _judged(client, invited) -> dict[str, tuple[str, str]]:
    """{control id: (求める水準, 自動判定)} as the review page shows GOV-03 and GOV-05."""
    html = client.get(f"/invitations/{invited.invitation_id}/review").get_data(as_text=True)
    out = {}
    for cid in ("GOV-03", "GOV-05"):
        section = html[html.index(f'id="item-{cid}"'):]
        section = section[:section.index("</section>")]
        wanted = re.search(r"<dt>求める水準</dt><dd>(.*?)</dd>", section, re.S).group(1)
        judged = re.search(r"<dt>自動判定</dt><dd>(.*?)</dd>", section, re.S).group(1)
        out[cid] = (wanted.strip(), judged.strip())
    return out


PMARK_FILE = [("certificate", date(2029, 1, 28))]
ISMS_FILES = [("certificate", date(2029, 9, 30)), ("document", None)]


def test_a_pmark_valid_two_years_from_the_deadline_is_met_on_a_three_year_contract(app, certification):
    invited, client = certification
    _answer(app, invited, {"GOV-03": None, "GOV-05": "2029-01-28"}, {"GOV-05": PMARK_FILE})
    assert _judged(client, invited) == {
        "GOV-03": ("有効期限が回答期限日以後", "該当なし：GOV-05 が適合のため、いずれか一方で足りる"),
        "GOV-05": ("有効期限が回答期限日以後", "適合")}


def test_an_expired_pmark_certificate_is_evidence_expired(app, certification):
    invited, client = certification
    _answer(app, invited, {"GOV-03": None, "GOV-05": "2029-01-28"}, {"GOV-05": [("certificate", date(2027, 1, 28))]})
    assert _judged(client, invited)["GOV-05"][1] == (
        "証跡期限切れ：証明書の有効期限 令和9年1月28日 が回答期限日 令和9年1月29日 より前")


def test_an_isms_alone_satisfies_the_pair(app, certification):
    invited, client = certification
    _answer(app, invited, {"GOV-03": "2029-09-30", "GOV-05": None}, {"GOV-03": ISMS_FILES})
    assert [judged for _wanted, judged in _judged(client, invited).values()] == [
        "適合", "該当なし：GOV-03 が適合のため、いずれか一方で足りる"]


def test_holding_neither_fails_once(app, certification):
    invited, client = certification
    _answer(app, invited, {"GOV-03": None, "GOV-05": None}, {})
    assert [judged for _wanted, judged in _judged(client, invited).values()] == [
        "不適合：いずれも「該当なし」（ISMS認証又はプライバシーマークのいずれかが必要）",
        "該当なし：いずれか一方で足りる要件のため GOV-03 で判定"]
