"""Steps for specs/schedule and specs/questionnaires (stages): the clock is set by the steps;
everything else goes through the app."""

import io
import re
from datetime import date, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path

import docx
from pytest_bdd import given, parsers, scenarios, then, when
from sqlalchemy import select

from assess.extensions import db
from assess.models import Contract, Invitation, Meeting, ReviewRound
from assess.questionnaires import services as questionnaires
from assess.util import clock
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post

scenarios("schedule")
scenarios("questionnaires")


def _set_today(day: str) -> None:
    clock.set_fixed(datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(hour=1))


@given(parsers.parse("今日は {day} である"))
@when(parsers.parse("今日が {day} になる"))
def today(page, day):
    _set_today(day)
    if "staff_email" in page:  # a year later, the staff member logs in again
        post(page["staff"], "/login", {"email": page["staff_email"], "password": PASSWORD})


@given("案件で事業者が回答を提出している")
def submitted(app, page, make_user):
    with app.app_context():
        project = factories.project(deadline=date(2026, 4, 20), contract_end=date(2029, 3, 31))
        project.contract_start = date(2026, 5, 1)
        invited = factories.invite(project)
        db.session.commit()
        page.update(project_id=project.id, invitation_id=invited.invitation_id, token=invited.token)
    client = app.test_client()
    client.post(f"/q/{invited.token}", data={
        "a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan", "action": "submit", "fk-GOV-01": "document",
        "f-GOV-01": (io.BytesIO(samples.pdf()), "ログ管理規程.pdf"), "csrf_token": csrf_token(client)},
        content_type="multipart/form-data")
    page["staff"], page["staff_email"] = app.test_client(), make_user("staff", department="shiminzei")
    post(page["staff"], "/login", {"email": page["staff_email"], "password": PASSWORD})


@given(parsers.parse("{start} から {end} まで、{months:d}か月ごとの再レビューで契約する"))
@when(parsers.parse("{start} から {end} まで、{months:d}か月ごとの再レビューで契約する"))
def contract(app, page, start, end, months):
    response = post(page["staff"], f"/projects/{page['project_id']}/contract",
                    {"invitation_id": page["invitation_id"], "start_on": start, "end_on": end,
                     "cycle_months": str(months)})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Contract.id).where(Contract.project_id == page["project_id"]))


@then(parsers.parse('ホーム画面に "{label}" が "{state}" として表示される'))
def home_shows(page, label, state):
    html = page["staff"].get("/").get_data(as_text=True)
    row = next(r for r in html.split("<tr>") if label in r)
    assert state in row


@when("リマインダーを送る")
@when("同じ日にもう一度リマインダーを送る")
def send_reminders(runner):
    result = runner.invoke(["reminders", "send"])
    assert result.exit_code == 0, result.output


@then(parsers.parse('担当課の職員に件名 "{subject}" のメールが {count:d} 通届いている'))
def mails(app, subject, count):
    found = [p for p in Path(app.config["OUTBOX_DIR"]).glob("*.eml")
             if BytesParser(policy=policy.default).parsebytes(p.read_bytes())["Subject"] == subject]
    assert len(found) == count


@when(parsers.parse("第{number:d}回の再レビューを回答期限 {deadline} で開始する"))
def start_round(app, page, number, deadline):
    with app.app_context():
        round_id = db.session.scalar(select(ReviewRound.id).where(ReviewRound.number == number))
    html = post(page["staff"], f"/rounds/{round_id}/start", {"deadline": deadline}).get_data(as_text=True)
    page["round_id"] = round_id
    page["link"] = re.search(r'id="link" value="[^"]*(/q/[^"]+)"', html).group(1)


@when(parsers.parse('事業者が契約後の質問に "{cid}" は "{value}" と答えて提出し、職員が第1回を完了にする'))
def first_round_done(app, page, cid, value):
    client = app.test_client()
    data = {"a-GOV-01": "400", "a-GOV-03": "yes", "a-NET-01": "lgwan", f"a-{cid}": value, "action": "submit",
            "fk-GOV-03": "record", "f-GOV-03": (io.BytesIO(samples.pdf()), "アクセス権限一覧.pdf"),
            "csrf_token": csrf_token(client)}
    assert client.post(page["link"], data=data, content_type="multipart/form-data").status_code == 302
    response = post(page["staff"], f"/rounds/{page['round_id']}/complete", {"confirm": "y"})
    assert response.headers["Location"].endswith("/contract")


@then(parsers.parse('事業者の回答ページで "{cid}" が "前回回答" として "{value}" のまま表示される'))
def prefilled(app, page, cid, value):
    html = app.test_client().get(page["link"]).get_data(as_text=True)
    section = re.search(rf'<section class="control" id="item-{cid}".*?</section>', html, re.S).group(0)
    assert '<span class="badge">前回回答</span>' in section and f'value="{value}"' in section


@then(parsers.parse('確認しないまま提出すると "{message}" と表示される'))
def unconfirmed(app, page, message):
    client = app.test_client()
    response = client.post(page["link"], data={"a-GOV-01": "400", "a-GOV-03": "yes", "a-NET-01": "lgwan",
                                               "action": "submit", "csrf_token": csrf_token(client)})
    assert response.status_code == 400 and message in response.get_data(as_text=True)


@when(parsers.parse('事業者が "{cid}" を "{value}" に変え、ほかの項目は前回回答のとおりと確認して提出する'))
def resubmit(app, page, cid, value):
    client = app.test_client()
    data = {"a-GOV-01": "400", "a-GOV-03": "yes", "a-NET-01": "lgwan", "ok-GOV-03": "y", "ok-NET-01": "y",
            f"a-{cid}": value, "action": "submit", "csrf_token": csrf_token(client)}
    assert client.post(page["link"], data=data).status_code == 302
    with app.app_context():
        state = db.session.scalar(select(Invitation.state).where(Invitation.round_id == page["round_id"]))
        assert state == "submitted"


@then(parsers.parse('再レビューの画面に "{cid}" の回答の変更 "{before}" → "{after}" が表示される'))
def diff_changed(page, cid, before, after):
    html = page["staff"].get(f"/rounds/{page['round_id']}").get_data(as_text=True)
    assert f'<tr><td>{cid}</td><td class="vendor-text">{before}</td><td class="vendor-text">{after}</td></tr>' in html


@then(parsers.parse('再レビューの画面の新たな指摘に "{reason}" が表示される'))
def diff_gap(page, reason):
    html = page["staff"].get(f"/rounds/{page['round_id']}").get_data(as_text=True)
    section = html[html.index("新たな指摘"):html.index("解消した指摘")]
    assert reason in section


@when(parsers.parse('定例レビュー会議を {held_on} に開き、アクション "{text}" を担当 "{owner}" 期限 {due} で登録する'))
def meeting(app, page, held_on, text, owner, due):
    with app.app_context():
        contract_id = db.session.scalar(select(Contract.id))
    response = post(page["staff"], f"/contracts/{contract_id}/meetings",
                    {"title": "定例レビュー会議", "held_on": held_on, "starts_at": "10:00", "place": "会議室A",
                     "attendees": "税務 花子", "agenda": "前回からの変更点"})
    url = response.headers["Location"]
    post(page["staff"], url, {"attendees": "税務 花子\n山田", "decisions": "ログ設定を見直す", "notes": "確認した",
                              "action_description": text, "action_owner": owner, "action_due": due})
    with app.app_context():
        page["meeting_id"] = db.session.scalar(select(Meeting.id))


@then(parsers.parse('議事録（Word）にアクション "{row}" が載っている'))
def minutes_has(page, row):
    response = page["staff"].get(f"/meetings/{page['meeting_id']}/documents/minutes")
    document = docx.Document(io.BytesIO(response.data))
    rows = [" | ".join(c.text for c in r.cells) for t in document.tables for r in t.rows]
    assert row in rows


# --- stages ----------------------------------------------------------------------------------

def _item_ids(html: str) -> set[str]:
    return set(re.findall(r'<section class="control" id="item-([A-Z]+-\d+)"', html))


@then(parsers.parse('選定の質問票に "{present}" があり "{absent}" はない'))
def selection_items(app, page, present, absent):
    with app.app_context():
        version = questionnaires.latest_version(db.session, page["project_id"], "selection")
        ids = {i["id"] for i in version.content["items"]}
    assert present in ids and absent not in ids


@then(parsers.parse('事業者の回答ページに段階 "{label}" が表示される'))
def stage_shown(app, page, label):
    link = page.get("link") or f"/q/{page['token']}"
    html = app.test_client().get(link).get_data(as_text=True)
    assert f"<dt>段階</dt><dd>{label}</dd>" in html


@then(parsers.parse('第1回は "{trigger}" で、期限は {due} である'))
def first_round(app, page, trigger, due):
    html = page["staff"].get(f"/projects/{page['project_id']}/contract").get_data(as_text=True)
    assert re.search(rf"<td>第1回</td><td>{trigger}", html)
    with app.app_context():
        first = db.session.scalar(select(ReviewRound).where(ReviewRound.number == 1))
        assert first.due_on == date.fromisoformat(due) and first.trigger == "start"


@then(parsers.parse('事業者の回答ページに "{present}" があり "{absent}" はない'))
def round_items(app, page, present, absent):
    ids = _item_ids(app.test_client().get(page["link"]).get_data(as_text=True))
    assert present in ids and absent not in ids


@then(parsers.parse('事業者の回答ページで "{cid}" は前回回答のない空欄である'))
def not_prefilled(app, page, cid):
    html = app.test_client().get(page["link"]).get_data(as_text=True)
    section = re.search(rf'<section class="control" id="item-{cid}".*?</section>', html, re.S).group(0)
    field = re.search(rf'<input[^>]*name="a-{cid}"[^>]*>', section).group(0)
    assert "前回回答" not in section and ('value=""' in field or "value=" not in field)
