"""The page shown when the directory cannot be reached, and the audit event that goes with it."""

from flask import current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.extensions import db


def directory_unavailable_page(reason: str, during: str, username: str | None = None):
    """503 with what to do. The reason (for the administrator) goes to the log and the audit
    log, never to the page. The event is written in a transaction of its own: the request's
    may have been rolled back, and on a GET it must not hold a write lock."""
    current_app.logger.error("directory unavailable (%s): %s", during, reason)
    with Session(db.engine) as own, own.begin():
        record(own, Actor("system", request.remote_addr), "auth.directory_unavailable",
               "directory", current_app.config.get("AUTH_LDAP_SERVER_URI"),
               after={"during": during, "reason": reason[:500], "username": username})
    return render_template(
        "core/error.html", status=503, home=False,
        title=_("ディレクトリサーバーに接続できません"),
        hint=_("職員アカウントを確認するディレクトリサーバー（庁内の認証サーバー）が応答しないため、"
               "いまはログインできません。入力したパスワードが誤っているという意味ではありません。"
               "しばらく待ってからもう一度お試しください。続く場合は情報政策担当（システム管理者）に"
               "連絡してください。")), 503
