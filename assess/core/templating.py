"""Jinja filters for dates (和暦 / 西暦, shown in Japan time) and security headers on responses."""

from datetime import date, datetime

from flask import Flask, g, request

from assess.auth.access import ROLE_LABELS
from assess.extensions import db
from assess.util.clock import to_jst
from assess.util.wareki import format_date


def date_style() -> str:
    """The city's choice of 和暦 or 西暦, read once per request."""
    if "date_style" not in g:
        from assess.projects.services import get_city  # the city lives with the projects

        city = get_city(db.session)
        g.date_style = city.date_style if city else "wareki"
    return g.date_style


def _jdate(value: date | datetime | None, style: str | None = None) -> str:
    if isinstance(value, datetime):
        value = to_jst(value)
    return format_date(value, style or date_style())


def _jdatetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = to_jst(value)
    return f"{format_date(local, date_style())} {local:%H:%M}"


def _actor_name(actor: str | None) -> str:
    """「税務 花子」 for "user:2"; vendors, the demo and the command line as words."""
    if not actor:
        return ""
    kind, _, ident = actor.partition(":")
    if kind == "user" and ident.isdigit():
        names = g.setdefault("actor_names", {})
        if ident not in names:
            from assess.auth.models import User  # users are auth's; this only reads a name

            user = db.session.get(User, int(ident))
            names[ident] = user.name if user else actor
        return names[ident]
    return {"vendor": "委託事業者", "cli": "管理コマンド", "system": "システム"}.get(kind, actor)


def register(app: Flask) -> None:
    app.add_template_filter(_jdate, "jdate")
    app.add_template_filter(_jdatetime, "jdatetime")
    app.add_template_filter(_actor_name, "actor_name")
    app.add_template_global(lambda role: ROLE_LABELS.get(role, role), "role_label")

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
        )
        return response
