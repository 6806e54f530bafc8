"""Every route × every kind of visitor, from the routes' own access declarations: a new route is
checked the moment it exists. Nothing answers 500; nobody reaches what is not theirs."""

import io
import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

from assess.audit.services import Actor
from assess.auth.access import access_of
from assess.evidence import sitevisits
from assess.extensions import db
from assess.models import Evidence, Invitation, User, VendorQuestion
from assess.questionnaires import qa
from assess.schedule import contracts, feeds, meetings
from tests import factories, samples
from tests.helpers import PASSWORD, csrf_token, post

ACTOR = Actor.cli("matrix")
PERSONAS = ("anonymous", "admin", "staff", "staff_other", "auditor", "vendor", "vendor_other", "vendor_expired")
OBJECT_ARGS = {"project_id", "invitation_id", "evidence_id", "question_id", "visit_id", "contract_id", "round_id",
               "meeting_id", "action_id"}


@pytest.fixture
def world(app, make_user):
    emails = {"admin": make_user("admin", department="johoseisaku"), "staff": make_user("staff", department="shiminzei"),
              "staff_other": make_user("staff", department="kouhou"), "auditor": make_user("auditor", department=None)}
    with app.app_context():
        project = factories.project(deadline=date(2027, 1, 29))
        first, second, third = (factories.invite(project) for _ in range(3))
        db.session.get(Invitation, third.invitation_id).expires_at = datetime(2026, 1, 1)
        db.session.commit()
        project_id = project.id
    client = app.test_client()
    client.post(f"/q/{first.token}", data={"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan", "action": "submit",
                                           "fk-GOV-01": "document", "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf"),
                                           "csrf_token": csrf_token(client)}, content_type="multipart/form-data")
    with app.app_context():
        inv = db.session.get(Invitation, first.invitation_id)
        qa.ask(db.session, inv, "質問です", None)
        visit = sitevisits.create(db.session, ACTOR, inv, date(2026, 11, 1), "本社", "職員")
        contract = contracts.create(db.session, ACTOR, inv.project, inv, date(2027, 4, 1), date(2030, 3, 31), 12, None)
        meeting = meetings.create(db.session, ACTOR, contract, "定例", date(2027, 5, 1), "10:00", "会議室", "", "")
        action = meetings.add_action(db.session, ACTOR, contract, meeting, "対応", "山田", "", date(2027, 6, 1))
        db.session.commit()
        ids = {"project_id": project_id, "invitation_id": inv.id, "visit_id": visit.id, "contract_id": contract.id,
               "round_id": contract.rounds[0].id, "meeting_id": meeting.id, "action_id": action.id,
               "evidence_id": db.session.scalar(select(Evidence.id)),
               "question_id": db.session.scalar(select(VendorQuestion.id)),
               "feed": feeds.issue(db.session, ACTOR, db.session.scalar(select(User).where(User.email == emails["staff"])))}
        db.session.commit()
    tokens = {"vendor": first.token, "vendor_other": second.token, "vendor_expired": third.token}
    clients = {}
    for persona in PERSONAS:
        c = app.test_client()
        if persona in emails:
            post(c, "/login", {"email": emails[persona], "password": PASSWORD})
        clients[persona] = c
    return ids, tokens, clients


def _url(rule, ids, token) -> str | None:
    values = {}
    for arg in rule.arguments:
        if arg in ids:
            values[arg] = ids[arg]
        elif arg == "token":
            values[arg] = token or "no-such-token-" + "x" * 20
        elif arg == "control_id":
            values[arg] = "GOV-01"
        elif arg == "kind":
            values[arg] = "minutes" if "meeting" in rule.rule else "spec"
        elif arg == "filename":
            values[arg] = "app.css"
        else:
            return None
    url = rule.rule
    for key, value in values.items():
        url = re.sub(rf"<(?:[a-z]+:)?{key}>", str(value), url)
    return url


def _expected_ok(status: int) -> bool:
    return status not in (401, 403, 500) and status < 500


def check(app, persona, rule, method, status, location):
    access = access_of(app, rule.endpoint)
    where = f"{method} {rule.rule} as {persona}: {status}"
    assert status < 500, where
    if access.kind == "public":
        assert status not in (401, 403), where
        return
    if access.kind == "vendor_link":
        if persona == "vendor_expired":
            assert status == 410, where
        elif persona == "vendor_other" and "evidence_id" in rule.arguments:
            assert status == 404, where  # another vendor's file through one's own link
        elif persona in ("vendor", "vendor_other"):  # their own link, their own questionnaire
            assert status not in (401, 403, 404), where
            assert method == "POST" or status != 410, where  # a submitted questionnaire is read-only
        else:
            assert status in (404,), where  # no valid token: nothing
        return
    # staff routes
    if persona == "anonymous" or persona.startswith("vendor"):
        assert status == 302 and location.startswith("/login"), where
    elif persona == "auditor" and "auditor" not in access.roles:
        assert status == 403, where
    elif persona == "staff_other" and OBJECT_ARGS & set(rule.arguments):
        assert status in (403, 404), where  # another department's project: not found
    elif persona in ("staff", "staff_other") and "staff" not in access.roles:
        assert status == 403, where
    else:
        assert _expected_ok(status), where


def _routes(app, method):
    return sorted((r for r in app.url_map.iter_rules() if method in r.methods and r.endpoint != "static"),
                  key=lambda r: (r.endpoint in ("auth.logout", "questionnaires.reissue", "questionnaires.revoke",
                                                "schedule.calendar_settings"), r.rule))


def test_every_get_route_for_every_visitor(app, world):
    ids, tokens, clients = world
    for rule in _routes(app, "GET"):
        for persona in PERSONAS:
            url = _url(rule, ids, tokens.get(persona))
            if url is None:
                continue
            if rule.endpoint == "schedule.calendar_feed":
                url = url.replace("no-such-token-" + "x" * 20, "wrong")
            with clients[persona].get(url) as response:
                check(app, persona, rule, "GET", response.status_code, response.headers.get("Location", ""))


def test_every_post_route_for_every_visitor(app, world):
    ids, tokens, clients = world
    for persona in ("vendor", "vendor_other", "vendor_expired", "anonymous", "auditor", "staff_other", "staff", "admin"):
        client = clients[persona]
        token = csrf_token(client)
        for rule in _routes(app, "POST"):
            url = _url(rule, ids, tokens.get(persona))
            if url is None:
                continue
            response = client.post(url, data={"csrf_token": token})
            check(app, persona, rule, "POST", response.status_code, response.headers.get("Location", ""))
