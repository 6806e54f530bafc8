"""Vendor list and registration."""

from flask import Blueprint, flash, redirect, render_template, url_for

from assess.auth.access import staff
from assess.core.web import actor
from assess.extensions import db
from assess.vendors import services
from assess.vendors.corporate_number import CorporateNumberError
from assess.vendors.forms import VendorForm

bp = Blueprint("vendors", __name__, url_prefix="/vendors", template_folder="templates")


@bp.get("/")
@staff()
def index():
    return _page(VendorForm())


def _page(form: VendorForm, status: int = 200):
    return render_template("vendors/index.html", form=form,
                           vendors=services.all_vendors(db.session)), status


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
