"""Default-deny route protection.

Every view declares who may reach it with one of the decorators below. A request to an endpoint
without a declaration is refused (403), and a test walks `app.url_map` so a new route without one
fails the suite before it can ship.
"""

from dataclasses import dataclass

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user

ROLES = ("admin", "staff", "auditor")
ROLE_LABELS = {"admin": "管理者", "staff": "職員", "auditor": "監査担当"}

# Endpoints served by Flask itself, with no function of ours to decorate.
_BUILTIN_PUBLIC = ("static",)


@dataclass(frozen=True)
class Access:
    kind: str  # "public" | "staff" | "vendor_link"
    roles: tuple[str, ...] = ()


def _declare(access: Access):
    def decorator(view):
        view.access = access
        return view

    return decorator


public = _declare(Access("public"))
"""Reachable by anyone (login page, error pages, static files)."""

vendor_link = _declare(Access("vendor_link"))
"""Reachable with a vendor's invitation token; the view itself checks the token."""


def staff(*roles: str):
    """Logged-in staff with one of `roles` (all staff roles when none are named)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {unknown}")
    return _declare(Access("staff", roles or ROLES))


def access_of(app: Flask, endpoint: str) -> Access | None:
    if endpoint in _BUILTIN_PUBLIC or endpoint.endswith(".static"):
        return Access("public")
    view = app.view_functions.get(endpoint)
    return getattr(view, "access", None)


def _enforce():
    if request.endpoint is None:  # no route matched: the 404 handler answers
        return None
    access = access_of(current_app, request.endpoint)
    if access is None:
        current_app.logger.error("route %s has no access declaration", request.endpoint)
        abort(403)
    if access.kind != "staff":
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if current_user.role not in access.roles:
        abort(403)
    return None


def _no_store_for_staff(response):
    """Whatever a signed-in member of staff sees may be secret (an issued link, answers, the audit
    log, an export): no browser or proxy cache keeps it for the next person at the terminal."""
    if request.endpoint != "static" and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    app.before_request(_enforce)
    app.after_request(_no_store_for_staff)

