"""Races: the same thing done at once from several browsers, through gunicorn with several
worker processes on the test database (SQLite WAL or PostgreSQL). Each one answered 500 or made
duplicates before the invitation / round / project row was locked (assess/core/locks.py).
Bounded: a handful of loopback requests per test, each with a timeout."""

from datetime import date

import pytest
from sqlalchemy import func, select

from assess.audit.services import verify_chain
from assess.extensions import db
from assess.models import Answer, Invitation, Submission
from assess.schedule import contracts
from tests import factories
from tests.helpers import PASSWORD
from tests.live_server import Browser, at_once, gunicorn

ANSWERS = {"a-GOV-01": "400", "a-GOV-02": "yes", "a-NET-01": "lgwan"}


@pytest.fixture(scope="module")
def port(app):
    with gunicorn(app, workers=4) as port:
        yield port


@pytest.fixture
def invited(app, port):
    with app.app_context():
        project = factories.project()
        vendor = factories.vendor()
        first = factories.invite(project, vendor)
        other = factories.vendor()
        db.session.commit()
        return {"project": project.id, "token": first.token, "invitation": first.invitation_id,
                "other_vendor": other.id}


def vendors_at(port, token, count):
    browsers = [Browser(port) for _ in range(count)]
    for b in browsers:
        assert b.get(f"/q/{token}")[0] == 200
    return browsers


def statuses(results) -> list:
    return [r if isinstance(r, Exception) else r[0] for r in results]


def chain_intact(app) -> bool:
    with app.app_context():
        return verify_chain(db.session) is None


def test_ten_parallel_saves_by_one_vendor_are_all_kept_in_turn(app, port, invited):
    browsers = vendors_at(port, invited["token"], 10)
    results = at_once([lambda b=b, n=n: b.post(f"/q/{invited['token']}",
                                               {"action": "save", "a-GOV-01": str(100 + n),
                                                "c-GOV-01": f"save-{n}", "c-GOV-02": f"save-{n}"})
                       for n, b in enumerate(browsers)])
    codes = statuses(results)
    assert all(c in (302, 409) for c in codes), codes
    assert codes.count(302) >= 1
    with app.app_context():
        rows = {a.control_id: a for a in db.session.scalars(
            select(Answer).where(Answer.invitation_id == invited["invitation"]))}
        n = int(rows["GOV-01"].value) - 100
        assert codes[n] == 302  # the value kept is one the server acknowledged
        assert rows["GOV-01"].comment == rows["GOV-02"].comment == f"save-{n}"  # never half of two saves
    assert chain_intact(app)
    for code, (_s, text, _h) in zip(codes, results, strict=True):
        if code == 409:
            assert "同時に" in text and "もう一度" in text


def test_six_parallel_submits_make_one_submission(app, port, invited):
    browsers = vendors_at(port, invited["token"], 6)
    results = at_once([lambda b=b: b.post(f"/q/{invited['token']}",
                                          {"action": "submit", "evidence_ack": "GOV-01", **ANSWERS})
                       for b in browsers])
    codes = statuses(results)
    assert all(c in (302, 409, 410) for c in codes), codes  # 409: waited for the first; 410: came after it
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Submission)) == 1
        assert db.session.get(Invitation, invited["invitation"]).state == "submitted"
    refused = [text for code, (_s, text, _h) in zip(codes, results, strict=True) if code != 302]
    assert len(refused) == 5
    assert all("既に提出" in text for text in refused)
    assert chain_intact(app)


def test_parallel_invitations_of_one_vendor_make_one(app, port, invited, make_user):
    email = make_user("staff", department="shiminzei")
    browsers = [Browser(port) for _ in range(5)]
    for b in browsers:
        assert b.login(email, PASSWORD) == 302
        b.get(f"/projects/{invited['project']}/invitations")
    vendor = invited["other_vendor"]
    results = at_once([lambda b=b: b.post(f"/projects/{invited['project']}/invitations", {"vendor_id": str(vendor)})
                       for b in browsers])
    codes = statuses(results)
    assert all(c in (200, 302) for c in codes), codes  # the link page once, back to the list with a message
    assert codes.count(200) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)
                                 .where(Invitation.vendor_id == vendor)) == 1
    assert chain_intact(app)


def test_five_parallel_round_starts_make_one_live_link(app, port, invited, make_user):
    with app.app_context():
        inv = db.session.get(Invitation, invited["invitation"])
        for a, v in (("GOV-01", "400"), ("GOV-02", "yes"), ("NET-01", "lgwan")):
            inv.answers.append(Answer(control_id=a, value=v, updated_at=inv.created_at))
        inv.state = "submitted"
        contract = contracts.create(db.session, factories.ACTOR, inv.project, inv, date(2027, 4, 1),
                                    date(2030, 3, 31), 12, None, award_reason="唯一の応募者", approver="課長")
        db.session.commit()
        round_id = contract.rounds[0].id
    email = make_user("staff", department="shiminzei")
    browsers = [Browser(port) for _ in range(5)]
    for b in browsers:
        assert b.login(email, PASSWORD) == 302
        b.get(f"/rounds/{round_id}")
    results = at_once([lambda b=b: b.post(f"/rounds/{round_id}/start", {"deadline": "2027-04-20"})
                       for b in browsers])
    codes = statuses(results)
    assert all(c in (200, 302) for c in codes), codes
    assert codes.count(200) == 1  # one page showing the link; the others are told it has started
    with app.app_context():
        live = db.session.scalar(select(func.count()).select_from(Invitation)
                                 .where(Invitation.round_id == round_id, Invitation.revoked_at.is_(None)))
        assert live == 1
    assert chain_intact(app)


def test_eight_parallel_guesses_at_one_account_check_at_most_five_passwords(app, port, make_user):
    """The back-off counted failures before checking: eight guesses sent at once all read "four
    so far" and all eight passwords were checked against a limit of five."""
    email = make_user("staff", department="shiminzei")
    browsers = [Browser(port) for _ in range(8)]
    for b in browsers:
        b.get("/login")
    results = at_once([lambda b=b, n=n: b.post("/login", {"email": email, "password": f"guess-{n}-xxxxxxxx"})
                       for n, b in enumerate(browsers)])
    codes = statuses(results)
    assert all(c in (401, 429) for c in codes), codes
    assert codes.count(401) == 5 and codes.count(429) == 3
