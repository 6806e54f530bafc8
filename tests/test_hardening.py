"""Web hardening: rate limits on guessed links (shared by every worker: kept in the database),
secure cookies and HSTS over HTTPS, headers on every answer."""

import re
from datetime import date

from assess import create_app
from assess.extensions import db
from tests import factories
from tests.helpers import PASSWORD


def test_guessing_links_is_slowed_down_per_address_but_a_valid_link_always_opens(app):
    """35 guesses from one address used to make every valid link from it answer 429 (behind a
    proxy without PROXY_FIX, that is every vendor)."""
    with app.app_context():
        invited = factories.invite(factories.project(deadline=date(2027, 1, 29)))
        db.session.commit()
    guesser = app.test_client()
    for n in range(30):
        assert guesser.get(f"/q/guess-{n:04d}-{'x' * 30}", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 404
    for n in range(5):
        blocked = guesser.get(f"/q/more-{n:04d}-{'x' * 30}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
        assert blocked.status_code == 429 and "一時的に受け付けを止めています" in blocked.get_data(as_text=True)
    same_address = app.test_client().get(f"/q/{invited.token}", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert same_address.status_code == 200 and "一時的に" not in same_address.get_data(as_text=True)


def test_calendar_feed_guesses_are_limited_too_but_a_valid_feed_answers(app, make_user):
    from sqlalchemy import select

    from assess.audit.services import Actor
    from assess.auth.models import User
    from assess.schedule import feeds

    email = make_user("staff")
    with app.app_context():
        token = feeds.issue(db.session, Actor.cli("test"), db.session.scalar(select(User).where(User.email == email)))
        db.session.commit()
    client = app.test_client()
    for n in range(30):
        client.get(f"/calendar/wrong-{n}.ics", environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert client.get("/calendar/wrong-x.ics", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 429
    assert client.get(f"/calendar/{token}.ics", environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200


def test_over_https_cookies_are_secure_and_hsts_is_sent(app, make_user):
    secure = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "SECRET_KEY": "x", "BASE_URL": "https://assess.city.example.jp"})
    client = secure.test_client()
    email = make_user("staff")
    page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token},
                           base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with secure.app_context():
        db.session.remove()
        db.engine.dispose()


def test_every_page_sends_the_protective_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
