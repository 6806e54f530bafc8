"""Steps for specs/projects: they drive the web pages; the rules themselves live in the app."""

import re

from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from assess.audit.models import AuditEvent
from assess.audit.services import Actor
from assess.catalog import loader, versions
from assess.extensions import db
from assess.projects.models import Project
from tests.helpers import PASSWORD, csrf_token, post

scenarios("projects")

PROFILES = {"特定個人情報・委託先施設・接続なし": {"data": ["my_number", "personal"],
                                           "zone": "offline", "location": ["vendor_site"],
                                           "work_type": "data_entry"}}


@given("要件カタログが読み込まれている")
def catalog_loaded(app):
    with app.app_context():
        versions.store(db.session, loader.load_cached(app.config["CATALOG_DIR"]), Actor.cli("test"))
        db.session.commit()


@given(parsers.parse('広報広聴課の職員 "{email}" が登録されている'))
def other_department(make_user, email):
    make_user("staff", department="kouhou", email=email)


def _form(name, profile, department_id, **extra):
    data = {"name": name, "department": str(department_id), "description": "",
            "contract_start": "2027-04-01", "contract_end": "2030-03-31", "deadline": "2027-01-29",
            "records": "1000", **{k: v for k, v in profile.items() if k not in ("data", "location")}}
    return MultiDict(list(data.items()) + [("data", v) for v in profile["data"]]
                     + [("location", v) for v in profile["location"]] + list(extra.items()))


@given(parsers.parse('案件 "{name}" を {profile} の条件で作成した'))
@when(parsers.parse('案件 "{name}" を {profile} の条件で作成する'))
def create_project(app, client, page, name, profile):
    dept = re.search(r'id="department" name="department"><option (?:selected )?value="(\d+)"',
                     client.get("/projects/new").get_data(as_text=True)).group(1)
    page["profile"] = PROFILES[profile]
    page["dept"] = dept
    form = _form(name, PROFILES[profile], dept, csrf_token=csrf_token(client))
    response = client.post("/projects/new", data=form, follow_redirects=True)
    assert response.status_code == 200, response.get_data(as_text=True)
    with app.app_context():
        page["project_id"] = db.session.scalar(select(Project.id).where(Project.name == name))
    page["response"] = response


def _requirements(client, page, all_=False):
    url = f"/projects/{page['project_id']}/requirements" + ("?all=1" if all_ else "")
    return client.get(url).get_data(as_text=True)


def _section(html, control_id):
    match = re.search(rf'<section class="control[^"]*" id="{control_id}".*?</section>', html, re.S)
    return match.group(0) if match else None


@then(parsers.parse('要件の一覧に "{control_id}" が含まれる'))
def listed(client, page, control_id):
    assert _section(_requirements(client, page), control_id) is not None


@then(parsers.parse('マイナンバーを条件とする要件がすべて含まれ、理由に "{text}" と表示される'))
def my_number_controls(app, client, page, text):
    catalog = loader.load_cached(app.config["CATALOG_DIR"])
    only_my_number = {"data": ("my_number",)}
    ids = [c.id for c in catalog.controls if c.applies_if is not None
           and c.applies_if.model_dump(exclude_none=True) == only_my_number]
    assert ids, "the catalog has My Number controls"
    html = _requirements(client, page)
    for cid in ids:
        section = _section(html, cid)
        assert section is not None and text in section and "req-out" not in section, cid


def _log_control(app):
    catalog = loader.load_cached(app.config["CATALOG_DIR"])
    return next(c for c in catalog.controls if "log_retention_years" in c.parameters)


@when(parsers.parse('ログ保管年数の要件のパラメータを "{value}" にする'))
def set_log_days(app, client, page, value):
    control = _log_control(app)
    page["control"] = control
    page["response"] = post(client, f"/projects/{page['project_id']}/requirements/{control.id}/tailor",
                            {"priority": control.priority, "param-log_retention_years": value},
                            follow_redirects=True)


@then(parsers.parse('その要件の合格の基準と仕様書の条項に "{value}" が表示される'))
def shows_value(client, page, value):
    section = _section(_requirements(client, page), page["control"].id)
    assert f"<dt>合格の基準</dt><dd>{value}年以上</dd>" in section
    clause = re.search(r'<dt>仕様書の条項（契約）</dt><dd class="preview">(.*?)</dd>', section, re.S).group(1)
    assert f"{value}年以上保管" in clause


@then(parsers.parse('監査ログに "{action}" が記録されている'))
def audited(app, action):
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == action))


@then(parsers.parse('"{a}" と "{b}" が表示される'))
def shows_both(page, a, b):
    html = page["response"].get_data(as_text=True)
    assert a in html and b in html


@then("その要件のパラメータは既定値のままである")
def unchanged(client, page):
    section = _section(_requirements(client, page), page["control"].id)
    assert 'name="param-log_retention_years" value="1"' in section


@given(parsers.re(r'要件 "(?P<control_id>[^"]+)" を理由 "(?P<reason>[^"]*)" で除外した'))
@when(parsers.re(r'要件 "(?P<control_id>[^"]+)" を理由 "(?P<reason>[^"]*)" で除外する'))
def exclude(client, page, control_id, reason):
    page["response"] = post(client, f"/projects/{page['project_id']}/requirements/{control_id}/exclude",
                            {"reason": reason}, follow_redirects=True)


@then(parsers.parse('要件 "{control_id}" は対象外で、理由 "{reason}" が表示される'))
def excluded(client, page, control_id, reason):
    section = _section(_requirements(client, page, all_=True), control_id)
    assert "req-out" in section and f"職員が除外（理由: {reason}）" in section
    assert _section(_requirements(client, page), control_id) is None


@when("案件の条件を クラウドサービスを利用する に変える")
def enable_cloud(client, page):
    form = _form("住民税課税資料のデータ入力", page["profile"], page["dept"], cloud="y",
                 csrf_token=csrf_token(client))
    page["response"] = client.post(f"/projects/{page['project_id']}/edit", data=form,
                                   follow_redirects=True)


@when(parsers.parse('案件を "{name}" という名前で複写する'))
def copy(app, client, page, name):
    post(client, f"/projects/{page['project_id']}/copy", {"name": name})
    with app.app_context():
        page["project_id"] = db.session.scalar(select(Project.id).where(Project.name == name))
    assert page["project_id"] is not None


@then(parsers.parse('新しい案件でも 要件 "{control_id}" は対象外で、理由 "{reason}" が表示される'))
def copied_exclusion(client, page, control_id, reason):
    excluded(client, page, control_id, reason)


@when(parsers.parse('"{email}" がログインしてその案件を開く'))
def other_opens(client, page, email):
    post(client, "/logout")
    post(client, "/login", {"email": email, "password": PASSWORD})
    page["response"] = client.get(f"/projects/{page['project_id']}")


@then("ページが見つからないと表示される")
def not_found(page):
    assert page["response"].status_code == 404
    assert "ページが見つかりません" in page["response"].get_data(as_text=True)
