"""A corpus of hostile input across forms, query strings, catalogs and the command line: each
gets a clear 4xx or error message, nothing is half-written, and nothing answers 500. (Hostile
uploads are in test_evidence_uploads.py and test_offline_package.py.)"""

import shutil
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from assess.catalog.loader import lint
from assess.catalog.params import ParamError, parse
from assess.catalog.schema import Parameter
from assess.extensions import db
from assess.models import Answer, Project, Tailoring, Vendor
from tests import factories
from tests.helpers import PASSWORD, csrf_token, post

FIXTURE = factories.FIXTURE
LONG = "長" * 300


@pytest.fixture
def world(app, make_user):
    with app.app_context():
        project = factories.project()
        invited = factories.invite(project)
        db.session.commit()
        project_id = project.id
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return {"project": project_id, "token": invited.token, "invitation": invited.invitation_id, "staff": staff}


def counts(app):
    with app.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m))
                     for m in (Project, Tailoring, Vendor, Answer))


def new_project(**fields):
    data = {"name": "案件", "department": "1", "data": "personal", "zone": "lgwan", "location": "city_office",
            "work_type": "data_entry",
            "records": "10", "deadline": "", "contract_start": "", "contract_end": ""}
    data.update(fields)
    return data


# (name, method, url template, form, expected status, expected text)
WEB = [
    ("login: over-long email", "post", "/login", {"email": "a" * 300 + "@x.jp", "password": "x"}, 400, "メールアドレス"),
    ("login: NUL byte", "post", "/login", {"email": "a\x00@x.jp", "password": "x"}, 400, "使用できない文字（NUL）"),
    ("project: name over 200", "post", "/projects/new", new_project(name=LONG), 400, "案件名は200文字以内"),
    ("project: records not a number", "post", "/projects/new", new_project(records="abc"), 400, "整数で入力してください"),
    ("project: records negative", "post", "/projects/new", new_project(records="-1"), 400, "0以上10億以下"),
    ("project: records huge", "post", "/projects/new", new_project(records="9" * 40), 400, "0以上10億以下"),
    ("project: 2026-02-30", "post", "/projects/new", new_project(deadline="2026-02-30"), 400, "実在する日付"),
    ("project: none and personal", "post", "/projects/new", new_project(data=["none", "personal"]), 400, "同時に選べません"),
    ("project: unknown zone", "post", "/projects/new", new_project(zone="moon"), 400, "選択"),
    ("tailor: exponent", "post", "/projects/{project}/requirements/GOV-01/tailor",
     {"priority": "must", "param-log_retention_days": "1e400"}, 302, None),
    ("tailor: unknown priority", "post", "/projects/{project}/requirements/GOV-01/tailor",
     {"priority": "urgent"}, 302, None),
    ("tailor: unknown control", "post", "/projects/{project}/requirements/ZZZ-99/tailor", {"priority": "must"}, 302, None),
    ("exclude: no reason", "post", "/projects/{project}/requirements/GOV-01/exclude", {"reason": "   "}, 302, None),
    ("vendor: 法人番号 letters", "post", "/vendors/", {"name": "株式会社X", "corporate_number": "ABCDEFGHIJKLM",
                                                    "contact_name": "X", "contact_email": "x@x.jp"}, 400, "13桁の数字"),
    ("vendor: name over 200", "post", "/vendors/", {"name": LONG, "corporate_number": "7000012050002",
                                                  "contact_name": "X", "contact_email": "x@x.jp"}, 400, "200文字以内"),
    ("vendor: bad email", "post", "/vendors/", {"name": "X", "corporate_number": "7000012050002",
                                              "contact_name": "X", "contact_email": "not-mail"}, 400, "形式が正しくありません"),
    ("answer: NUL", "post", "/q/{token}", {"a-GOV-01": "4\x000", "action": "save"}, 400, "NUL"),
    ("answer: 30,000 characters", "post", "/q/{token}", {"c-GOV-01": "x" * 30000, "action": "save"}, 400, "20,000文字まで"),
    ("answer: draft over 10,000", "post", "/q/{token}", {"c-GOV-01": "x" * 10001, "action": "save"}, 400,
     "10,000文字以内で入力してください"),
    ("answer: reason over 10,000", "post", "/q/{token}", {"nd-GOV-01": "y", "ndr-GOV-01": "x" * 15000,
                                                           "action": "save"}, 400, "10,000文字以内で入力してください"),
    ("answer: field for another item", "post", "/q/{token}", {"a-ZZZ-99": "1", "action": "save"}, 302, None),
    ("question: empty", "post", "/q/{token}/questions", {"body": "  "}, 400, "質問の内容を入力してください"),
    ("review: unknown control", "post", "/invitations/{invitation}/review/" + "X" * 60,
     {"decision": "accept", "revision": "0"}, 302, None),
    ("review: unknown decision", "post", "/invitations/{invitation}/review/GOV-01",
     {"decision": "approve", "revision": "0"}, 302, None),
    ("return: unknown item", "post", "/invitations/{invitation}/return", {"item": "ZZZ" * 20, "comment-ZZZ": "x"}, 400, None),
    ("points: infinite", "post", "/projects/{project}/points", {"points-GOV": "1e999"}, 302, None),
    ("query: NUL in search", "get", "/catalog/?q=%00", None, 400, "使用できない文字"),
    ("query: version not a number", "get", "/catalog/?version=abc", None, 200, None),
    ("query: SQL in domain", "get", "/catalog/?domain=%27%20OR%201%3D1", None, 404, None),
    ("query: audit before huge", "get", "/audit/?before=99999999999999999999", None, 403, None),
    ("query: review filter script", "get", "/invitations/{invitation}/review?filter=%3Cscript%3E", None, 404, None),
    ("path: NUL", "get", "/projects/%00", None, 400, "URLに使用できない文字"),
    ("link: 10,000 characters", "get", "/q/" + "a" * 10000, None, 404, "このリンクは無効です"),
    # Checked after normalisation: "İ" is one character, its lower case two (500 on PostgreSQL).
    ("login: e-mail twice as long in lower case", "post", "/login",
     {"email": "İ" * 200 + "@x.jp", "password": "x" * 12}, 400, "254文字以内"),
    ("project: deadline in year 9999", "post", "/projects/new", new_project(deadline="9999-12-31"), 400,
     "2000年から2099年まで"),
    ("project: contract end in year 1", "post", "/projects/new", new_project(contract_end="0001-01-01"), 400,
     "2000年から2099年まで"),
]


@pytest.mark.parametrize("case", WEB, ids=[c[0] for c in WEB])
def test_hostile_web_input(app, world, case):
    _name, method, url, form, status, text = case
    url = url.format(**world)
    client = world["staff"] if not url.startswith(("/q/", "/login")) else app.test_client()
    before = counts(app)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data={**form, "csrf_token": csrf_token(client)})
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if text:
        assert text in response.get_data(as_text=True)
    if status >= 400 or "unknown" in _name or "NUL" in _name:
        assert counts(app) == before


def test_template_and_sql_text_is_stored_as_typed_and_shown_escaped(app, world):
    staff = world["staff"]
    name = "{{ 7*7 }}'; DROP TABLE project; --<b>"
    response = staff.post("/projects/new", data={**new_project(name=name), "csrf_token": csrf_token(staff)})
    assert response.status_code == 302
    html = staff.get("/projects/").get_data(as_text=True)
    assert "{{ 7*7 }}&#39;; DROP TABLE project; --&lt;b&gt;" in html and ">49<" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Project)) == 2


def test_template_text_from_a_vendor_reaches_the_report_as_text(app, world, runner, tmp_path):
    import docx

    client = app.test_client()
    client.post(f"/q/{world['token']}", data={"a-GOV-01": "100", "c-GOV-01": "{{ config }}{% for x in range(9) %}",
                                              "action": "save", "csrf_token": csrf_token(client)})
    with app.app_context():
        db.session.get(Project, world["project"]).status = "evaluating"
        db.session.commit()
    from assess.reviews.views import bp  # noqa: F401  (routes loaded)
    post(world["staff"], f"/invitations/{world['invitation']}/review/GOV-01",
         {"decision": "accept", "comment": "{{ config.SECRET_KEY }}", "revision": "0"})
    out = tmp_path / "report.docx"
    assert runner.invoke(["docs", "report", str(world["project"]), "-o", str(out)]).exit_code == 0
    text = "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells)
    assert "{{ config.SECRET_KEY }}" in text and "test-secret-key" not in text


@pytest.fixture
def contracted(app, world):
    """The world's invitation submitted and contracted: rounds and meetings to start and plan."""
    from assess.models import Invitation
    from assess.schedule import contracts

    with app.app_context():
        inv = db.session.get(Invitation, world["invitation"])
        for cid, value in (("GOV-01", "400"), ("GOV-02", "yes"), ("NET-01", "lgwan")):
            inv.answers.append(Answer(control_id=cid, value=value, updated_at=inv.created_at))
        inv.state = "submitted"
        contract = contracts.create(db.session, factories.ACTOR, inv.project, inv, date(2027, 4, 1),
                                    date(2030, 3, 31), 12, None, award_reason="唯一の応募者", approver="課長")
        db.session.commit()
        return {**world, "contract": contract.id, "round": contract.rounds[0].id}


def meeting(**fields):
    return {"title": "定例会", "held_on": "2027-05-10", "starts_at": "10:00", "place": "会議室", "attendees": "",
            "agenda": "", "kind": "routine", **fields}


# (name, url template, form, text shown on the page the refusal leads to); nothing is stored
AFTER_CONTRACT = [
    ("meeting: superscript two as the hour", "/contracts/{contract}/meetings", meeting(starts_at="²:00"),
     "開始時刻は 10:00 の形"),
    ("meeting: 0010:00 (too long for the column)", "/contracts/{contract}/meetings", meeting(starts_at="0010:00"),
     "開始時刻は 10:00 の形"),
    ("meeting: held in year 9999", "/contracts/{contract}/meetings", meeting(held_on="9999-12-31"),
     "2000年から2099年まで"),
    ("round: vendor deadline in year 9999", "/rounds/{round}/start", {"deadline": "9999-12-31"},
     "2000年から2099年まで"),
    ("round: triggered, due in year 9999", "/contracts/{contract}/rounds",
     {"trigger": "incident", "note": "漏えいの疑い", "due_on": "9999-12-31"}, "2000年から2099年まで"),
]


@pytest.mark.parametrize("case", AFTER_CONTRACT, ids=[c[0] for c in AFTER_CONTRACT])
def test_hostile_input_after_the_contract(app, contracted, case):
    from assess.models import Invitation, Meeting, ReviewRound

    def stored():
        with app.app_context():
            return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in (Meeting, ReviewRound, Invitation))

    _name, url, form, text = case
    staff, before = contracted["staff"], stored()
    response = post(staff, url.format(**contracted), form)
    assert response.status_code in (302, 400), response.status_code
    shown = staff.get(response.headers["Location"]) if response.status_code == 302 else response
    assert text in shown.get_data(as_text=True)
    assert stored() == before


CATALOG_EDITS = [
    ("python object tag", "01-gov.yaml", "    weight: 2\n", "    weight: !!python/object:os.system 2\n",
     "YAMLの構文エラー"),
    ("billion laughs", "01-gov.yaml", "domain: GOV\n", "domain: GOV\nx: &a [1, 1]\ny: [*a, *a]\n", "別名（アンカー"),
    ("huge weight", "01-gov.yaml", "    weight: 2\n", "    weight: " + "9" * 30 + "\n", "5 以下"),
    ("template reaching outside", "01-gov.yaml", "受託者は、情報セキュリティ基本方針を従事者に周知しなければならない。",
     "\"{{ ''.__class__.__mro__ }}\"", "既定値で描画できません"),
]


@pytest.mark.parametrize("case", CATALOG_EDITS, ids=[c[0] for c in CATALOG_EDITS])
def test_hostile_catalogs(tmp_path, case):
    _name, filename, old, new, message = case
    shutil.copytree(FIXTURE, tmp_path / "c")
    path = tmp_path / "c" / filename
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    catalog, problems = lint([tmp_path / "c"])
    assert catalog is None and any(message in str(p) for p in problems), problems


CLI = [
    ("show: a 10,000-character id", ["catalog", "show", "X" * 10000], 1, "はカタログにありません"),
    ("project show: not a number", ["project", "show", "abc"], 2, "is not a valid integer"),
    ("docs: folder that does not exist", ["docs", "spec", "{project}", "-o", "/no/such/folder/x.docx"], 1,
     "書き込めません"),
    ("user: over-long email", ["user", "create", "--email", "a" * 300 + "@x.jp", "--role", "admin",
                               "--password-stdin"], 1, "形式が正しくありません"),
    ("user: unknown role", ["user", "create", "--email", "a@x.jp", "--role", "superuser"], 2, "superuser"),
    ("invite: no such project", ["invite", "99999", "--vendor", "1"], 1, "見つかりません"),
    ("import: not a workbook", ["import-package", "{invitation}", "/etc/hostname"], 1, "Excelブック"),
    ("score: negative id", ["score", "-5"], 2, "Usage"),
    ("schedule: unknown option", ["schedule", "due", "--jsn"], 2, "No such option"),
    ("user: deactivate someone unknown", ["user", "deactivate", "--email", "İ" * 200 + "@x.jp"], 1, "見つかりません"),
    ("user: reset a password nobody has", ["user", "reset-password", "--email", "nobody@x.jp"], 1, "見つかりません"),
    ("audit: anchor that is not SEQ:HASH", ["audit", "verify", "--anchor", "12:" + "z" * 64], 2, "連番:ハッシュ"),
]


@pytest.mark.parametrize("case", CLI, ids=[c[0] for c in CLI])
def test_hostile_command_lines(app, world, runner, case):
    _name, args, code, text = case
    before = counts(app)
    result = runner.invoke([a.format(**world) for a in args], input="correct-horse-battery-9\n")
    assert result.exit_code == code, result.output
    assert text in result.output
    assert counts(app) == before


DAYS = Parameter.model_validate({"type": "integer", "title": {"ja": "日数"}, "default": 365, "min": 90, "max": 3650})


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=40))
def test_parameter_values_are_accepted_or_refused_in_words(raw):
    try:
        value = parse(DAYS, raw)
    except ParamError as e:
        assert str(e).startswith("日数")
    else:
        assert 90 <= value <= 3650


@settings(max_examples=100, deadline=None, database=None)
@given(name=st.text(max_size=250), records=st.text(max_size=30), day=st.text(max_size=12))
def test_the_project_form_never_fails_on_any_text(app, name, records, day):
    from werkzeug.datastructures import MultiDict

    from assess.projects.forms import ProjectForm

    with app.test_request_context(method="POST"):
        form = ProjectForm(MultiDict(new_project(name=name, records=records, deadline=day)), meta={"csrf": False})
        form.department.choices = [(1, "課")]
        if form.validate():
            assert form.name.data.strip() and 0 <= form.records.data <= 1_000_000_000
            assert form.deadline.data is None or isinstance(form.deadline.data, date)
        else:
            assert all(str(m).strip() for errors in form.errors.values() for m in errors)



def test_an_unwritable_evidence_store_says_so_and_keeps_the_typed_answers(app, world, tmp_path):
    """The store failing (disk full, permissions, a volume gone) answered a generic 500 and the
    answers typed with the file were lost."""
    import io

    from tests import samples

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the evidence folder should be")
    saved, app.config["EVIDENCE_DIR"] = app.config["EVIDENCE_DIR"], str(blocker / "evidence")
    try:
        client = app.test_client()
        response = client.post(f"/q/{world['token']}", data={
            "a-GOV-01": "365", "c-GOV-01": "ログは1年保管", "action": "save", "fk-GOV-01": "document",
            "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf"), "csrf_token": csrf_token(client)},
            content_type="multipart/form-data")
        assert response.status_code == 302
        html = client.get(response.headers["Location"]).get_data(as_text=True)
    finally:
        app.config["EVIDENCE_DIR"] = saved
    assert "規程.pdf" in html and "保存先に書き込めない" in html and "管理者" in html
    assert "回答は一時保存しました" in html
    with app.app_context():
        kept = db.session.scalar(select(Answer).where(Answer.control_id == "GOV-01"))
        assert (kept.value, kept.comment) == ("365", "ログは1年保管")
        from assess.models import Evidence
        assert db.session.scalar(select(func.count()).select_from(Evidence)) == 0
