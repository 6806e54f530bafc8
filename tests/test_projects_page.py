"""The tailoring page reads one domain at a time when asked, and keeps that view after a change."""

from assess.extensions import db
from tests import factories
from tests.helpers import PASSWORD, post


def test_requirements_filtered_by_domain(app, make_user):
    with app.app_context():
        project_id = factories.project().id
        db.session.commit()
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    html = staff.get(f"/projects/{project_id}/requirements?domain=NET").get_data(as_text=True)
    assert 'id="NET-01"' in html and 'id="GOV-01"' not in html
    assert '<strong aria-current="page">通信環境（1）</strong>' in html
    response = post(staff, f"/projects/{project_id}/requirements/NET-01/tailor?domain=NET", {"priority": "important"})
    assert response.headers["Location"].endswith(f"/projects/{project_id}/requirements?domain=NET#NET-01")
    assert staff.get(f"/projects/{project_id}/requirements?domain=XYZ").status_code == 404


def test_questionnaire_section_lists_each_page_on_its_own_line(app, make_user):
    """「質疑応答」 and 「候補の比較と採点」 once ran together as one phrase; each is now its own item."""
    import re

    with app.app_context():
        project_id = factories.project().id
        db.session.commit()
    staff = app.test_client()
    post(staff, "/login", {"email": make_user("staff", department="shiminzei"), "password": PASSWORD})
    html = staff.get(f"/projects/{project_id}").get_data(as_text=True)
    section = html.split("<h2>質問票</h2>", 1)[1].split("<h2>", 1)[0]
    items = [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert items == ["質疑応答", "候補の比較と採点"]
