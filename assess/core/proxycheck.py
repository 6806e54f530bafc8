"""A reverse proxy in front of the app without PROXY_FIX: every visitor then has the proxy's
address, so one guesser slows everyone's sign-in and the audit log records the proxy, not the
person. The app cannot see that at start, only when requests arrive with X-Forwarded-* headers:
then it notes it in the database and logs an error (each at most once an hour, whatever the
number of workers), and `assess check` reports it (exit code 16) until PROXY_FIX is set.
"""

import logging
from datetime import timedelta

from flask import Flask, current_app, request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.core.models import RateEvent
from assess.extensions import db
from assess.util.clock import utcnow

HEADERS = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP", "Forwarded")
KIND = "proxy-header"  # a RateEvent kind (those rows are kept a day)
MESSAGE = ("リバースプロキシ経由のリクエスト（{header}）を受けていますが、PROXY_FIX が設定されていません。"
           "すべての利用者がプロキシのアドレスに見えるため、ログインの制限が全員にかかり、監査ログの接続元も"
           "プロキシになります。PROXY_FIX に信頼するプロキシの段数（通常は 1）を設定してください。")
log = logging.getLogger(__name__)


def header_seen() -> str | None:
    return next((h for h in HEADERS if h in request.headers), None)


def _last_noted(session: Session, minutes: int):
    return session.scalar(select(func.max(RateEvent.at)).where(
        RateEvent.kind == KIND, RateEvent.at >= utcnow() - timedelta(minutes=minutes)))


def _note() -> None:
    if current_app.config.get("PROXY_FIX"):
        return
    header = header_seen()
    if header is None or _last_noted(db.session, 60) is not None:
        return
    log.error(MESSAGE.format(header=header))
    with Session(db.engine) as own, own.begin():  # its own short write, never the request's
        own.add(RateEvent(kind=KIND, key=header, at=utcnow()))


def recently_seen(session: Session) -> str | None:
    """For `assess check`: a proxy header noted in the last day, while PROXY_FIX is unset."""
    if current_app.config.get("PROXY_FIX"):
        return None
    since = utcnow() - timedelta(days=1)
    found = session.scalar(select(func.max(RateEvent.key)).where(RateEvent.kind == KIND, RateEvent.at >= since))
    return MESSAGE.format(header=found) if found else None


def register(app: Flask) -> None:
    app.before_request(_note)
