"""Login and logout pages."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from assess.auth import services
from assess.auth.access import public, staff
from assess.auth.forms import LoginForm
from assess.auth.throttle import ThrottlePolicy
from assess.core.paths import safe_path
from assess.extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")


@login_manager.user_loader
def _load_user(token: str):
    return services.load_session_user(db.session, token,
                                      current_app.config["STAFF_SESSION_IDLE_MINUTES"])


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _policy() -> ThrottlePolicy:
    c = current_app.config
    return ThrottlePolicy(c["LOGIN_FAILURE_WINDOW_MINUTES"], c["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                          c["LOGIN_MAX_FAILURES_PER_ADDRESS"])


def _safe_next(target: str | None) -> str:
    return safe_path(target, url_for("core.home"))


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(db.session, _policy(), form.email.data,
                                         form.password.data, request.remote_addr)
        except services.LoginThrottled:
            user, status = None, 429
            flash(_("ログインの失敗が続いたため、一時的にログインを停止しています。"
                    "%(minutes)d分ほど待ってから再度お試しください。",
                    minutes=_policy().window_minutes), "error")
        if user is not None:
            services.start_session(db.session, user, request.remote_addr)
            db.session.commit()
            # Anything an anonymous visitor had in the session is dropped at login.
            lang = session.get("lang")
            session.clear()
            if lang:
                session["lang"] = lang
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()  # keep the recorded failure
        if status == 200:
            status = 401
            flash(_("メールアドレスまたはパスワードが正しくありません。"), "error")
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@staff()
def logout():
    services.end_session(db.session, current_user, request.remote_addr)
    db.session.commit()
    logout_user()
    flash(_("ログアウトしました。"), "info")
    return redirect(url_for("auth.login"))
