"""The staff home page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from assess.auth.access import public, staff
from assess.core.paths import safe_path
from assess.extensions import db
from assess.schedule import dashboard
from assess.util.clock import to_jst, utcnow

bp = Blueprint("core", __name__, template_folder="templates")


@bp.get("/")
@staff()
def home():
    today = to_jst(utcnow()).date()
    boards = dashboard.board(db.session, current_user, today)
    return render_template("core/home.html", boards=boards, today=today,
                           states={"overdue": "期限超過", "soon": "30日以内", "later": "予定"},
                           kinds={"round": "再レビュー", "certificate": "証明書", "action": "アクション"})


@bp.post("/lang")
@public
def switch_language():
    form = FlaskForm()
    if form.validate_on_submit():
        chosen = request.form.get("lang")
        if chosen in current_app.config["LANGUAGES"]:
            session["lang"] = chosen
    return redirect(safe_path(request.form.get("next"), url_for("core.home")))
