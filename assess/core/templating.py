"""Jinja filters for dates (和暦 / 西暦, shown in Japan time) and security headers on responses."""

from datetime import date, datetime

from flask import Flask, request

from assess.auth.access import ROLE_LABELS
from assess.util.clock import to_jst
from assess.util.wareki import format_date


def _jdate(value: date | datetime | None, style: str = "wareki") -> str:
    if isinstance(value, datetime):
        value = to_jst(value)
    return format_date(value, style)


def _jdatetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = to_jst(value)
    return f"{format_date(local)} {local:%H:%M}"


def register(app: Flask) -> None:
    app.add_template_filter(_jdate, "jdate")
    app.add_template_filter(_jdatetime, "jdatetime")
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
