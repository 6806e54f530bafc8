"""Small helpers for views: who is acting, for the audit log."""

from flask import g, request, session
from flask_login import current_user

from assess.audit.services import Actor


def actor() -> Actor:
    return Actor.user(current_user, request.remote_addr)


def keep_typed(key: str, message: str = "") -> None:
    """Before redirecting back after a refused form: what the user typed (and why it was
    refused) is shown again on the next page, so nothing typed is lost."""
    values = {k: v for k, v in request.form.items() if k != "csrf_token"}
    session["typed"] = {"key": key, "values": values, "message": message}


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
        if request.endpoint != "static":
            g.typed = session.pop("typed", None)

    app.add_template_global(typed)
    app.add_template_global(typed_error)
