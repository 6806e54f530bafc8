"""Operations documents read back with python-docx: the checklist's lines by the meeting's kind,
前回の状況 from the last operations round, one 回次 shared with the minutes, the minutes' time,
作成者, 次回開催予定, 配付先 and 受託者確認欄; the meeting form's new fields; the migration."""

import io
import re
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import select, text

from assess.audit.services import Actor
from assess.demo import DEMO_PASSWORD
from assess.documents import context as build
from assess.documents import sources
from assess.extensions import db
from assess.models import Contract, Invitation, Meeting
from assess.schedule import contracts, meetings
from assess.util import clock
from tests import factories
from tests.helpers import PASSWORD, csrf_token, post

ITEM_HEADER = ["No.", "確認項目", "頻度", "前回の状況", "確認結果", "所見・備考"]
LABELS = {"every": "毎回", "quarterly": "四半期", "yearly": "年次", "inspection": "実地検査時", "contract": "契約時"}


def rows(document: docx.Document) -> list[list[str]]:
    return [[c.text for c in r.cells] for t in document.tables for r in t.rows]


def kv(document: docx.Document) -> dict[str, str]:
    """Label → value of the two-column tables (meeting particulars, 受託者確認欄)."""
    return {r[0]: r[1] for r in rows(document) if len(r) == 2}


def items(document: docx.Document) -> list[list[str]]:
    """The checklist's lines (the table headed No. / 確認項目 / 頻度 / …), without the 該当なし row."""
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ITEM_HEADER)
    found = [[c.text for c in r.cells] for r in table.rows[1:]]
    return [r for r in found if r[0] != r[-1]]  # a merged 「該当なし」 row repeats one text


def kpi_rows(document: docx.Document) -> list[list[str]]:
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == ["指標", "目標", "実績", "判定"])
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def download(client, url: str) -> docx.Document:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return docx.Document(io.BytesIO(response.data))


@pytest.fixture
def demo(app, demo_output):
    """The demo's call-center contract: 第1回 契約時確認 (no KPI figures), 第2回 定例会 (three figures)."""
    client = app.test_client()
    post(client, "/login", {"email": "kouhou@city.midori.example.jp", "password": DEMO_PASSWORD})
    with app.app_context():
        start, routine = db.session.scalars(select(Meeting).order_by(Meeting.number)).all()
        contract = db.session.get(Contract, routine.contract_id)
        lines = sources.clauses(db.session, contract.project)
        return {"client": client, "start": start.id, "routine": routine.id, "contract": contract.id,
                "frequencies": [c.frequency for c in lines]}


def _expected(demo, kind: str) -> int:
    return sum(1 for f in demo["frequencies"] if f in meetings.FREQUENCIES[kind])


def test_a_routine_checklist_has_only_every_lines_and_at_most_30_on_the_demo(demo):
    document = download(demo["client"], f"/meetings/{demo['routine']}/documents/checklist")
    found = items(document)
    assert 0 < len(found) <= 30
    assert len(found) == _expected(demo, "routine")
    assert {r[2] for r in found} == {"毎回"}
    assert [r[0] for r in found] == [str(n) for n in range(1, len(found) + 1)]
    assert all(r[4] == "適・否・該当なし" and r[5] == "" for r in found)
    assert all(re.match(r"[A-Z]+-\d+ ", r[1]) for r in found)  # the control id leads the line


@pytest.mark.parametrize("kind", ["yearly", "quarterly", "inspection", "contract"])
def test_other_kinds_add_their_lines_on_demand(demo, kind):
    document = download(demo["client"], f"/meetings/{demo['routine']}/documents/checklist?meeting_kind={kind}")
    found = items(document)
    assert len(found) == _expected(demo, kind)
    assert {r[2] for r in found} == {LABELS[f] for f in demo["frequencies"] if f in meetings.FREQUENCIES[kind]}
    assert kv(document)["会議の種類"] == meetings.KINDS[kind]


def test_the_demo_has_yearly_and_inspection_lines_beyond_the_routine_ones(demo):
    assert _expected(demo, "yearly") > _expected(demo, "quarterly") > _expected(demo, "routine")
    assert _expected(demo, "inspection") > _expected(demo, "routine")


def test_an_unknown_kind_is_not_found(demo):
    response = demo["client"].get(f"/meetings/{demo['routine']}/documents/checklist?meeting_kind=weekly")
    assert response.status_code == 404


def test_checklist_and_minutes_of_a_meeting_print_the_same_round(demo):
    for meeting_id, number in ((demo["start"], "第1回"), (demo["routine"], "第2回")):
        checklist = download(demo["client"], f"/meetings/{meeting_id}/documents/checklist")
        minutes = download(demo["client"], f"/meetings/{meeting_id}/documents/minutes")
        assert kv(checklist)["回次"] == kv(minutes)["回次"] == number
        assert any(p.text.startswith(f"{number}　") for p in checklist.paragraphs)  # the title row
    start = download(demo["client"], f"/meetings/{demo['start']}/documents/checklist")
    assert kv(start)["会議の種類"] == "契約時確認" and {r[2] for r in items(start)} <= {"契約時"}


def test_the_minutes_show_the_time_author_next_meeting_distribution_and_a_confirmation_box(demo):
    document = download(demo["client"], f"/meetings/{demo['routine']}/documents/minutes")
    fields = kv(document)
    assert fields["日時"] == "令和8年6月10日（水）14時00分"
    assert fields["作成者"] == "広報 次郎"
    assert fields["配付先"] == "広報広聴課長\n情報政策課\n株式会社みどりコールサービス"
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[paragraphs.index("6　次回開催予定") + 1] == "令和8年9月9日（水）14時"
    assert any(p.startswith("作成日　令和") for p in paragraphs)
    assert "受託者確認欄" in paragraphs
    assert fields["確認日"] == "令和　年　月　日"
    assert fields["会社名"] == "株式会社みどりコールサービス" and fields["氏名"] == ""


def test_a_kpi_without_a_figure_says_not_reported(demo):
    reported = kpi_rows(download(demo["client"], f"/meetings/{demo['routine']}/documents/minutes"))
    assert sum(1 for r in reported if r[2] not in ("未報告", "該当なし")) == 3
    start = kpi_rows(download(demo["client"], f"/meetings/{demo['start']}/documents/checklist"))
    assert start and all(r[2] == "未報告" and r[3] == "" for r in start)


def test_previous_status_comes_from_the_demo_contract_start_round(demo):
    found = items(download(demo["client"], f"/meetings/{demo['routine']}/documents/checklist?meeting_kind=yearly"))
    statuses = {r[3] for r in found}
    assert "適合" in statuses and "証跡不足" in statuses  # the demo vendor left some records out


# ---------------------------------------------------------------- on the small test catalog

@pytest.fixture
def contracted(app, make_user):
    """A contract on the fixture catalog (GOV-01 and NET-01 every meeting, GOV-02 yearly, …) whose
    selection answers are all met, a staff client, and the contract-start round not yet run."""
    clock.set_fixed(datetime(2026, 4, 1, 1))
    with app.app_context():
        project = factories.project(deadline=date(2026, 4, 20))
        invited = factories.invite(project)
        db.session.commit()
    client = app.test_client()
    client.post(f"/q/{invited.token}", data={"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan",
                                             "action": "submit", "evidence_ack": "GOV-01",
                                             "csrf_token": csrf_token(client)})
    with app.app_context():
        inv = db.session.get(Invitation, invited.invitation_id)
        contract = contracts.create(db.session, factories.ACTOR, inv.project, inv, date(2026, 5, 1),
                                    date(2029, 3, 31), 12, None, award_reason="唯一の応募者のため",
                                    approver="市民税課長 山田")  # 失格 (no GOV-01 document)
        db.session.commit()
        contract_id = contract.id
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return {"staff": staff, "contract": contract_id}


def _new_meeting(client, contract_id, **fields):
    data = {"title": "定例レビュー会議", "held_on": "2026-06-01", "starts_at": "9:30", "place": "会議室A",
            "attendees": "税務 花子", "agenda": "前回からの変更点", "kind": "routine", **fields}
    return post(client, f"/contracts/{contract_id}/meetings", data)


def test_lines_follow_the_kind_and_the_previous_status_comes_from_the_operations_round(app, contracted):
    staff, contract_id = contracted["staff"], contracted["contract"]
    meeting_url = _new_meeting(staff, contract_id).headers["Location"]
    url = f"{meeting_url}/documents/checklist"
    routine = items(download(staff, url))
    assert [r[1].split(" ")[0] for r in routine] == ["GOV-01", "NET-01"]
    assert {r[3] for r in routine} == {"—"}  # the selection answers are not an operations round
    yearly = items(download(staff, url + "?meeting_kind=yearly"))
    lines = [(r[1].split(" ")[0], r[2]) for r in yearly]
    assert {("GOV-01", "毎回"), ("NET-01", "毎回"), ("GOV-02", "年次")} <= set(lines)
    assert {f for _id, f in lines} <= {"毎回", "四半期", "年次"}
    with app.app_context():
        contract = db.session.get(Contract, contract_id)
        issued = contracts.start(db.session, factories.ACTOR, contract, contract.rounds[0], date(2026, 5, 20))
        db.session.commit()
    vendor = app.test_client()
    response = vendor.post(f"/q/{issued.token}", data={
        "a-GOV-01": "100", "a-GOV-02": "yes", "a-GOV-03": "yes", "a-NET-01": "lgwan", "ok-GOV-01": "y",
        "ok-GOV-02": "y", "ok-GOV-03": "y", "ok-NET-01": "y", "action": "submit", "csrf_token": csrf_token(vendor)})
    assert response.status_code == 302, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))[-3000:]
    after = {r[1].split(" ")[0]: r[3] for r in items(download(staff, url))}
    assert after["GOV-01"] == "不適合" and after["NET-01"] != "—"


def test_a_checklist_without_a_meeting_leaves_the_round_and_date_to_write_by_hand(contracted):
    document = download(contracted["staff"], f"/contracts/{contracted['contract']}/checklist")
    fields = kv(document)
    assert fields["回次"] == "第　回" and fields["開催日"] == "令和　年　月　日" and fields["会議の種類"] == "定例会"
    inspection = download(contracted["staff"], f"/contracts/{contracted['contract']}/checklist?meeting_kind=inspection")
    assert kv(inspection)["会議の種類"] == "実地検査"


def test_blank_dates_follow_the_citys_style_only_where_filled_by_hand():
    wareki = build.Header("みどり市", "案件", "課", date(2026, 11, 23))
    seireki = build.Header("みどり市", "案件", "課", date(2026, 11, 23), "seireki")
    assert wareki.day(None) == seireki.day(None) == ""  # other callers: unchanged
    assert wareki.day(None, blank=True) == "令和　年　月　日"
    assert seireki.day(None, blank=True) == "　　　　年　月　日"
    assert seireki.when(date(2027, 4, 15), "10:00") == "2027年4月15日（木）10時00分"
    meeting = build.Meeting("定例", date(2027, 4, 15), "会議室", (), number=3, starts_at="10:00")
    assert build.minutes(wareki, "A社", meeting)["meeting_when"] == "令和9年4月15日（木）10時00分"
    assert build.checklist(seireki, "A社", "定例会", build.Meeting("定例", None, "", ()), [], {}, [])[
        "meeting_date"] == "　　　　年　月　日"


def test_meetings_are_numbered_per_contract_with_the_author_defaulting_to_the_staff_member(app, contracted):
    staff, contract_id = contracted["staff"], contracted["contract"]
    _new_meeting(staff, contract_id, held_on="2026-09-01", author="")
    _new_meeting(staff, contract_id, held_on="2026-06-01", kind="inspection", author="監督 一郎",
                 next_meeting="令和8年9月1日（火）10時", distribution="市民税課長\n情報政策課")
    with app.app_context():
        found = db.session.scalars(select(Meeting).order_by(Meeting.number)).all()
        assert [(m.number, m.kind, m.author) for m in found] == [(1, "routine", "staff 職員"),
                                                                 (2, "inspection", "監督 一郎")]
        assert found[1].next_meeting == "令和8年9月1日（火）10時" and found[1].distribution == "市民税課長\n情報政策課"
        later = meetings.create(db.session, Actor.cli("test"), db.session.get(Contract, contract_id), "臨時",
                                date(2026, 1, 5), "10:00", "", "", "")
        assert later.number == 3  # max + 1, whatever the date
        db.session.rollback()


def test_the_meeting_form_refuses_bad_input_in_japanese_and_keeps_what_was_typed(app, contracted):
    staff, contract_id = contracted["staff"], contracted["contract"]
    page = f"/projects/{_project_id(app, contract_id)}/contract"
    response = _new_meeting(staff, contract_id, kind="weekly", next_meeting="来月のどこか")
    assert response.status_code == 302
    html = staff.get(page).get_data(as_text=True)
    assert "会議の種類を 定例会・四半期確認・年次確認・実地検査・契約時確認 から選んでください。" in html
    assert 'value="来月のどこか"' in html
    _new_meeting(staff, contract_id, next_meeting="あ" * 201)
    html = staff.get(page).get_data(as_text=True)
    assert "次回開催予定は200文字以内で入力してください" in html
    with app.app_context():
        assert db.session.scalar(select(Meeting.id)) is None


def test_the_minutes_form_saves_the_author_next_meeting_and_distribution(app, contracted):
    staff, contract_id = contracted["staff"], contracted["contract"]
    meeting_url = _new_meeting(staff, contract_id).headers["Location"]
    base = {"attendees": "税務 花子", "decisions": "", "notes": ""}
    post(staff, meeting_url, {**base, "author": "  ", "next_meeting": "令和8年7月1日（水）10時"})
    html = staff.get(meeting_url).get_data(as_text=True)
    assert "作成者を入力してください。" in html and 'value="令和8年7月1日（水）10時"' in html
    post(staff, meeting_url, {**base, "author": "税務 花子", "next_meeting": "令和8年7月1日（水）10時",
                              "distribution": "市民税課長"})
    minutes = download(staff, f"{meeting_url}/documents/minutes")
    assert kv(minutes)["日時"] == "令和8年6月1日（月）9時30分"
    assert kv(minutes)["作成者"] == "税務 花子" and kv(minutes)["配付先"] == "市民税課長"


def _project_id(app, contract_id: int) -> int:
    with app.app_context():
        return db.session.get(Contract, contract_id).project_id


# ---------------------------------------------------------------- the migration's data step

def test_the_migration_numbers_existing_meetings_in_the_order_they_were_held(tmp_path: Path):
    from flask_migrate import downgrade, upgrade

    from assess import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}",
                      "SECRET_KEY": "x"})
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.execute(text("INSERT INTO contract (id, project_id, invitation_id, vendor_id, start_on, end_on, "
                              "cycle_months, first_review_on, created_at) VALUES (:id, :id, 1, 1, '2026-01-01', "
                              "'2028-12-31', 12, '2027-01-01', '2026-01-01 00:00:00')"), [{"id": 1}, {"id": 2}])
            for mid, cid, held in ((1, 1, "2026-09-01"), (2, 2, "2026-05-01"), (3, 1, "2026-03-01"),
                                   (4, 1, "2026-06-01")):
                conn.execute(text("INSERT INTO meeting (id, contract_id, title, held_on, starts_at, place, "
                                  "attendees, agenda, decisions, notes, created_at) VALUES (:m, :c, '定例', :h, "
                                  "'10:00', '', '', '', '', '', '2026-01-01 00:00:00')"), {"m": mid, "c": cid, "h": held})
        upgrade(revision="0010")
        with db.engine.connect() as conn:
            got = conn.execute(text("SELECT id, number, kind, author FROM meeting ORDER BY id")).all()
        assert [tuple(r) for r in got] == [(1, 3, "routine", ""), (2, 1, "routine", ""), (3, 1, "routine", ""),
                                           (4, 2, "routine", "")]
        downgrade(revision="0009")
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM meeting")).scalar() == 4
        db.session.remove()
        db.engine.dispose()
