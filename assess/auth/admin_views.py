"""The admins' staff page: every account with its state, and what an admin may do to one
(利用停止・再開, 所属課, セッションの終了, パスワードの再発行, 追加). Each action is a POST with
CSRF and an audit event; a new or reset password is shown once, on a page that is never cached."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from assess.auth import accounts, passwords, services
from assess.auth.access import ROLE_LABELS, ROLES, staff
from assess.auth.models import Department, User
from assess.core.web import actor
from assess.extensions import db

bp = Blueprint("staff_admin", __name__, url_prefix="/admin/users", template_folder="templates")


def _departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.code)))


def _user(user_id: int) -> User:
    found = db.session.get(User, user_id)
    if found is None:
        abort(404)
    return found


def _back():
    return redirect(url_for("staff_admin.index"))


def _apply(user_id: int, change, done: str):
    """change(user) in the request's transaction; its AccountError shown as it is."""
    found = _user(user_id)
    try:
        result = change(found)
    except services.AccountError as e:
        db.session.rollback()
        flash(str(e), "error")
        return _back()
    db.session.commit()
    flash(done.format(email=found.email, result=result), "success")
    return _back()


@bp.get("/")
@staff("admin")
def index():
    return _page()


def _page(typed: dict | None = None, error: str = "", status: int = 200):
    return render_template("auth/staff_admin.html", rows=accounts.listing(db.session), departments=_departments(),
                           roles=[(r, ROLE_LABELS[r]) for r in ROLES], typed=typed or {}, error=error), status


@bp.post("/<int:user_id>/deactivate")
@staff("admin")
def deactivate(user_id):
    return _apply(user_id, lambda u: accounts.deactivate(db.session, actor(), u),
                  "{email} を利用停止にしました（終了したセッション {result}件）。")


@bp.post("/<int:user_id>/reactivate")
@staff("admin")
def reactivate(user_id):
    return _apply(user_id, lambda u: accounts.reactivate(db.session, actor(), u),
                  "{email} を利用できるようにしました。")


@bp.post("/<int:user_id>/revoke-sessions")
@staff("admin")
def revoke_sessions(user_id):
    return _apply(user_id, lambda u: accounts.revoke_sessions(db.session, actor(), u),
                  "{email} のセッションを終了しました（{result}件）。")


@bp.post("/<int:user_id>/department")
@staff("admin")
def set_department(user_id):
    code = request.form.get("department", "")
    department = db.session.scalar(select(Department).where(Department.code == code)) if code else None
    if code and department is None:
        flash("所属課を一覧から選んでください。", "error")
        return _back()
    return _apply(user_id, lambda u: accounts.set_department(db.session, actor(), u, department),
                  "{email} の所属課を変更しました。")


@bp.post("/<int:user_id>/reset-password")
@staff("admin")
def reset_password(user_id):
    found = _user(user_id)
    try:
        issued = accounts.reset_password(db.session, actor(), found)
    except services.AccountError as e:
        db.session.rollback()
        flash(str(e), "error")
        return _back()
    db.session.commit()
    return render_template("auth/password_issued.html", user=found, password=issued, created=False)


@bp.post("/")
@staff("admin")
def create():
    form = {k: request.form.get(k, "").strip() for k in ("email", "name", "role", "department")}
    department = db.session.scalar(select(Department).where(Department.code == form["department"])) \
        if form["department"] else None
    issued = passwords.generate()
    try:
        created = services.create_user(db.session, email=form["email"], name=form["name"] or form["email"],
                                       role=form["role"], password=issued, department=department, actor=actor())
    except services.AccountError as e:
        db.session.rollback()
        return _page(form, str(e), 400)  # shown again with what was typed
    db.session.commit()
    return render_template("auth/password_issued.html", user=created, password=issued, created=True)
