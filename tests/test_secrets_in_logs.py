"""Live vendor and calendar tokens never reach a log line (before, gunicorn's access log and the
app's error lines carried /q/<token>, which opens a vendor's answers to whoever reads the logs),
and a reverse proxy without PROXY_FIX is reported by `assess check`."""

import logging
import re
from datetime import date

from sqlalchemy import select

from assess.audit.services import Actor
from assess.auth.models import User
from assess.extensions import db
from assess.schedule import feeds
from tests import factories
from tests.live_server import Browser, gunicorn

# The access-log settings the README recommends.
RECOMMENDED = ("--logger-class", "assess.core.logmask.GunicornLogger", "--access-logfile", "-",
               "--error-logfile", "-", "--access-logformat", '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms')


def test_tokens_are_masked_in_every_record_the_app_and_werkzeug_make(app, caplog):
    token = "Zr8Xk1_vendor-token-AAAAAAAAAAAAAAAA"
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('%s - - "GET /q/%s HTTP/1.1" 200 -', "127.0.0.1", token)
        app.logger.error("Exception on /q/%s/evidence/3/file [GET]", token)
        logging.getLogger("assess.evidence.services").warning(f"saved for /q/{token}?x=1")
        logging.getLogger("gunicorn.error").info("GET /calendar/%s.ics", token)
        try:
            raise ValueError(f"could not open /q/{token}")
        except ValueError:
            logging.getLogger("assess").exception("failed")
    assert token not in caplog.text
    assert caplog.text.count("/q/***") >= 4 and "/calendar/***.ics" in caplog.text
    assert all(token not in (r.exc_text or "") for r in caplog.records)


def _world(app, make_user):
    email = make_user("staff")
    with app.app_context():
        invited = factories.invite(factories.project(deadline=date(2027, 1, 29)))
        feed = feeds.issue(db.session, Actor.cli("test"), db.session.scalar(select(User).where(User.email == email)))
        db.session.commit()
    return invited.token, feed


def _visit(port, token, feed):
    vendor = Browser(port)
    assert vendor.get(f"/q/{token}")[0] == 200
    assert vendor.post(f"/q/{token}", {"action": "save", "a-GOV-01": "400"})[0] == 302
    assert Browser(port).get(f"/q/{token[:-4]}wxyz")[0] == 404
    assert Browser(port).get(f"/calendar/{feed}.ics")[0] == 200
    assert Browser(port, {"Referer": f"http://127.0.0.1:{port}/q/{token}"}).get("/static/app.css")[0] == 200


def test_gunicorn_logs_never_show_a_live_token(app, make_user, tmp_path):
    token, feed = _world(app, make_user)
    for name, args in (("recommended", RECOMMENDED),
                       ("default access format", ("--access-logfile", "-", "--error-logfile", "-"))):
        log = tmp_path / f"{name}.log"
        with gunicorn(app, workers=2, args=args, log=log) as port:
            _visit(port, token, feed)
        text = log.read_text()
        assert "/q/***" in text and "/calendar/***.ics" in text, (name, text[-2000:])
        assert token not in text and token[:-4] not in text and feed not in text, name


def test_a_proxy_without_proxy_fix_is_reported_by_check_and_in_the_log(app, runner, caplog):
    assert runner.invoke(["check"]).exit_code == 0
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        for _ in range(3):
            client.get("/login", headers={"X-Forwarded-For": "203.0.113.9"})
    assert [r.levelname for r in caplog.records if "PROXY_FIX" in r.getMessage()] == ["ERROR"]  # once, loudly
    result = runner.invoke(["check"])
    assert result.exit_code == 16
    assert "X-Forwarded-For" in result.output and "PROXY_FIX" in result.output


def test_with_proxy_fix_set_forwarded_headers_are_expected(app, runner, tmp_path):
    from assess import create_app

    proxied = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                          "SECRET_KEY": "x", "PROXY_FIX": 1})
    proxied.test_client().get("/login", headers={"X-Forwarded-For": "203.0.113.9"})
    with proxied.app_context():
        db.session.remove()
        db.engine.dispose()
    assert runner.invoke(["check"]).exit_code == 0


def test_the_readme_recommends_the_masking_logger():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    command = re.search(r"gunicorn [^\n`]*assess\.core\.logmask\.GunicornLogger[^\n`]*", readme)
    assert command and "--access-logformat" in command.group(0)
