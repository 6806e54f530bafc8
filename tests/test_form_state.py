"""A refused form comes back with everything typed, however long: the values are kept on the
server (form_state) and the session cookie carries only a token. Before, they travelled in the
cookie, which a browser drops past 4 KB (werkzeug warns; a browser says nothing), so a long
refused text was silently lost."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from assess.core.models import FormState
from assess.extensions import db
from assess.models import Answer, Invitation
from assess.schedule import contracts
from assess.util import clock
from tests import factories
from tests.helpers import PASSWORD, post

# 2,000 different characters (a repeated phrase would compress into a small cookie)
NOTE = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(2000))
COOKIE_LIMIT = 4093


@pytest.fixture
def contract_page(app, make_user):
    with app.app_context():
        project = factories.project()
        inv = db.session.get(Invitation, factories.invite(project).invitation_id)
        for cid, value in (("GOV-01", "400"), ("GOV-02", "yes"), ("NET-01", "lgwan")):
            inv.answers.append(Answer(control_id=cid, value=value, updated_at=inv.created_at))
        inv.state = "submitted"
        contract = contracts.create(db.session, factories.ACTOR, inv.project, inv, date(2027, 4, 1),
                                    date(2030, 3, 31), 12, None, award_reason="唯一の応募者", approver="課長")
        db.session.commit()
        ids = contract.id, project.id
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    return staff, *ids


def set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_a_long_refused_text_comes_back_whole_and_the_cookie_stays_small(app, contract_page):
    staff, contract_id, project_id = contract_page
    refused = post(staff, f"/contracts/{contract_id}/rounds", {"trigger": "incident", "note": NOTE, "due_on": ""})
    assert refused.status_code == 302
    assert all(len(c.encode()) < COOKIE_LIMIT for c in set_cookies(refused))
    page = staff.get(refused.headers["Location"]).get_data(as_text=True)
    assert "再レビューの期限を入力してください" in page
    assert f'<textarea id="note" name="note" rows="2">{NOTE}</textarea>' in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FormState)) == 1


def test_kept_state_is_shown_once_and_forgotten_after_an_hour(app, contract_page):
    staff, contract_id, project_id = contract_page
    clock.set_fixed(datetime(2026, 12, 7, 1, 0))
    refused = post(staff, f"/contracts/{contract_id}/rounds", {"trigger": "incident", "note": "一度目", "due_on": ""})
    assert "一度目" in staff.get(refused.headers["Location"]).get_data(as_text=True)
    assert "一度目" not in staff.get(refused.headers["Location"]).get_data(as_text=True)  # shown once
    clock.set_fixed(datetime(2026, 12, 7, 1, 0) + timedelta(hours=1, minutes=1))
    post(staff, f"/contracts/{contract_id}/rounds", {"trigger": "incident", "note": "二度目", "due_on": ""})
    with app.app_context():  # the older row went when the newer one was kept
        assert [r.values["note"] for r in db.session.scalars(select(FormState))] == ["二度目"]


def test_a_refused_requirement_change_keeps_a_long_reason_too(app, contract_page):
    staff, _contract_id, project_id = contract_page
    with app.app_context():
        from assess.models import Project

        db.session.get(Project, project_id).status = "draft"
        db.session.commit()
    reason = NOTE[:1200]  # over the 1,000-character limit, refused with the text kept
    refused = post(staff, f"/projects/{project_id}/requirements/GOV-02/exclude", {"reason": reason})
    assert all(len(c.encode()) < COOKIE_LIMIT for c in set_cookies(refused))
    page = staff.get(refused.headers["Location"]).get_data(as_text=True)
    assert reason in page
