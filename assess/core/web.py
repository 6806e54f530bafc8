"""Small helpers for views: who is acting, for the audit log, and what a refused form carried.

A refused form is answered with a redirect back to its page, which shows the form again with
what was typed and why it was refused. The values are kept on the server (table form_state),
and the session cookie carries only a random token: a cookie past 4 KB is dropped by the browser
without a word, and a long text typed into a refused form went with it. A kept state is shown
once (the token leaves the session when read) and rows older than an hour are removed whenever
a new one is kept (never in a GET, which must not write).
"""

import secrets
from datetime import timedelta

from flask import g, request, session
from flask_login import current_user
from sqlalchemy import delete, select

from assess.audit.services import Actor
from assess.core.models import FormState
from assess.extensions import db
from assess.util.clock import utcnow

KEEP_FOR = timedelta(hours=1)


def actor() -> Actor:
    return Actor.user(current_user, request.remote_addr)


def keep_typed(key: str, message: str = "") -> None:
    """Before redirecting back after a refused form: what the user typed (and why it was
    refused) is shown again on the next page, so nothing typed is lost. Rolls back the refused
    change first, then commits only the kept state."""
    db.session.rollback()
    now = utcnow()
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(FormState).where(FormState.created_at < now - KEEP_FOR))
    db.session.add(FormState(token=token, form_key=key[:200], message=message, created_at=now,
                             values={k: v for k, v in request.form.items() if k != "csrf_token"}))
    db.session.commit()
    session["typed"] = token


def _kept(token) -> dict | None:
    if not isinstance(token, str):
        return None
    found = db.session.scalar(select(FormState).where(FormState.token == token[:64]))
    if found is None or utcnow() - found.created_at > KEEP_FOR:
        return None
    return {"key": found.form_key, "values": found.values, "message": found.message}


def typed(key: str, name: str, default=""):
    """In templates: the value typed into `name` of form `key` before it was refused, else default."""
    kept = g.get("typed")
    if kept and kept.get("key") == key:
        return kept["values"].get(name, default)
    return default


def typed_error(key: str) -> str:
    kept = g.get("typed")
    return kept.get("message", "") if kept and kept.get("key") == key else ""


def register(app) -> None:
    @app.before_request
    def _take_typed():
        if request.endpoint != "static" and "typed" in session:
            g.typed = _kept(session.pop("typed"))

    app.add_template_global(typed)
    app.add_template_global(typed_error)
