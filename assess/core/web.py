"""Small helpers for views: who is acting, for the audit log."""

from flask import request
from flask_login import current_user

from assess.audit.services import Actor


def actor() -> Actor:
    return Actor.user(current_user, request.remote_addr)
