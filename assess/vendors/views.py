"""Vendor list, registration, and import from a CSV or Excel list (upload → preview → confirm)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from assess.auth.access import staff
from assess.core.web import actor
from assess.extensions import db
from assess.util.tabular import MAX_BYTES, TableError, summary
from assess.vendors import import_rows, importer, services
from assess.vendors.corporate_number import CorporateNumberError
from assess.vendors.forms import ImportForm, VendorForm

bp = Blueprint("vendors", __name__, url_prefix="/vendors", template_folder="templates")


@bp.get("/")
@staff()
def index():
    return _page(VendorForm())


def _page(form: VendorForm, status: int = 200, problems=None, summary: str = ""):
    return render_template("vendors/index.html", form=form, import_form=ImportForm(),
                           vendors=services.all_vendors(db.session), problems=problems or [],
                           summary=summary, max_mb=MAX_BYTES // 1024 // 1024), status


@bp.post("/")
@staff("admin", "staff")
def create():
    form = VendorForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    try:
        vendor = services.create_vendor(db.session, actor(), form.name.data,
                                        form.corporate_number.data, form.contact_name.data,
                                        form.contact_email.data)
    except (CorporateNumberError, services.VendorError) as e:
        db.session.rollback()
        form.corporate_number.errors = [str(e)]
        return _page(form, 400)
    db.session.commit()
    flash(f"事業者「{vendor.name}」を登録しました。", "success")
    return redirect(url_for("vendors.index"))


@bp.post("/import")
@staff("admin", "staff")
def upload():
    """Check the whole file; keep its rows for the preview only when every row is right."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(VendorForm(), 400, [], "取り込むファイル（CSV または .xlsx）を選んでください。")
    sent = form.file.data
    try:
        rows, problems = import_rows.check(sent.read(), sent.filename or "")
    except TableError as e:
        return _page(VendorForm(), 400, [], str(e))
    if problems:
        return _page(VendorForm(), 400, [str(p) for p in problems],
                     summary(problems) + "ファイルを直して、もう一度選んでください。")
    pending = importer.keep(db.session, current_user.id, sent.filename or "import", rows)
    db.session.commit()
    return redirect(url_for("vendors.preview", pending_id=pending.id))


def _pending(pending_id: int):
    found = importer.pending_for(db.session, pending_id, current_user.id)
    if found is None:
        abort(404)
    return found


@bp.get("/import/<int:pending_id>")
@staff("admin", "staff")
def preview(pending_id):
    pending = _pending(pending_id)
    plan = importer.plan(db.session, importer.rows_of(pending))
    return render_template("vendors/import_preview.html", pending=pending, plan=plan,
                           form=ImportForm())


@bp.post("/import/<int:pending_id>")
@staff("admin", "staff")
def confirm(pending_id):
    pending = _pending(pending_id)
    if request.form.get("action") == "cancel":
        db.session.delete(pending)
        db.session.commit()
        flash("取り込みを取りやめました。何も保存していません。", "info")
        return redirect(url_for("vendors.index"))
    done = importer.apply(db.session, actor(), importer.rows_of(pending), pending.filename)
    db.session.delete(pending)
    db.session.commit()
    flash(f"「{pending.filename}」を取り込みました: 追加 {len(done.creates)}件、変更 {len(done.updates)}件、"
          f"変更なし {done.unchanged}件。", "success")
    return redirect(url_for("vendors.index"))
