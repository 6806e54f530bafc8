"""The staff home page and the language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_wtf import FlaskForm

from assess.auth.access import public, staff

bp = Blueprint("core", __name__, template_folder="templates")


@bp.get("/")
@staff()
def home():
    return render_template("core/home.html")


@bp.post("/lang")
@public
def switch_language():
    form = FlaskForm()
    if form.validate_on_submit():
        chosen = request.form.get("lang")
        if chosen in current_app.config["LANGUAGES"]:
            session["lang"] = chosen
    target = request.form.get("next") or ""
    # Only same-site paths: never an open redirect.
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("core.home")
    return redirect(target)
