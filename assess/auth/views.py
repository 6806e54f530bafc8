"""Login and logout pages, and the page shown when the directory cannot be reached."""

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
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
from assess.auth.directory import DirectoryUnavailable
from assess.auth.forms import LoginForm
from assess.auth.policy import Refused
from assess.auth.setup import signin_of
from assess.auth.throttle import ThrottlePolicy
from assess.auth.unavailable import directory_unavailable_page
from assess.core.paths import safe_path
from assess.extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")


@bp.record_once
def _check_settings(state) -> None:
    """Wrong sign-in settings stop the app at start with the reason, not at someone's login."""
    signin_of(state.app)


@login_manager.user_loader
def _load_user(token: str):
    try:
        return services.load_session_user(db.session, token,
                                          current_app.config["STAFF_SESSION_IDLE_MINUTES"],
                                          signin_of(current_app),
                                          current_app.config["STAFF_SESSION_MAX_HOURS"])
    except DirectoryUnavailable as e:
        g.directory_unavailable = str(e)
        return None


@bp.before_app_request
def _load_user_first():
    """Load the signed-in user before any view runs: the loader may write (in a transaction of
    its own), which must happen before the request itself holds a lock, and a directory that
    cannot re-check the user is answered with its own page rather than a login form."""
    if request.endpoint == "static" or "_user_id" not in session:
        return None
    current_user.is_authenticated  # noqa: B018 (loads the user)
    reason = g.pop("directory_unavailable", None)
    if reason is not None:
        return directory_unavailable_page(reason, during="recheck")
    return None


@login_manager.unauthorized_handler
def _unauthorized():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _policy() -> ThrottlePolicy:
    c = current_app.config
    return ThrottlePolicy(c["LOGIN_FAILURE_WINDOW_MINUTES"], c["LOGIN_MAX_FAILURES_PER_ACCOUNT"],
                          c["LOGIN_MAX_FAILURES_PER_ADDRESS"], c["LOGIN_BACKOFF_MAX_SECONDS"])


def _safe_next(target: str | None) -> str:
    return safe_path(target, url_for("core.home"))


def _render(form: LoginForm, status: int):
    directory_on = signin_of(current_app).directory is not None
    if directory_on:
        form.email.label.text = _("ユーザー名またはメールアドレス")
    return render_template("auth/login.html", form=form, directory_on=directory_on), status


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    status = 200
    signin = signin_of(current_app)
    if form.validate_on_submit():
        try:
            user = services.authenticate(db.session, _policy(), form.email.data,
                                         form.password.data, request.remote_addr, signin)
        except services.LoginThrottled as e:
            user, status = None, 429
            flash(_("ログインの失敗が続いたため、一時的にログインを停止しています。"
                    "%(seconds)d秒ほど待ってから再度お試しください（パスワードは確認していません）。",
                    seconds=e.seconds), "error")
        except DirectoryUnavailable as e:
            db.session.rollback()
            return directory_unavailable_page(str(e), during="login", username=form.email.data)
        except Refused as e:
            db.session.commit()  # keep the record of the refusal and the sessions ended
            flash(str(e), "error")
            return _render(form, 403)
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
            if signin.directory is not None:
                flash(_("ユーザー名（メールアドレス）またはパスワードが正しくありません。"), "error")
            else:
                flash(_("メールアドレスまたはパスワードが正しくありません。"), "error")
    elif request.method == "POST":
        status = 400
    return _render(form, status)


@bp.post("/logout")
@staff()
def logout():
    services.end_session(db.session, current_user, request.remote_addr)
    db.session.commit()
    logout_user()
    flash(_("ログアウトしました。"), "info")
    return redirect(url_for("auth.login"))
