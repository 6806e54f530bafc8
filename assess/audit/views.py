"""Browsing the audit log (auditors and admins), filtered by object."""

from flask import Blueprint, render_template, request

from assess.audit.services import events_for
from assess.auth.access import staff
from assess.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")

PAGE_SIZE = 100


@bp.get("/")
@staff("admin", "auditor")
def index():
    object_type = request.args.get("object_type", "").strip()[:60] or None
    object_id = request.args.get("object_id", "").strip()[:80] or None
    before = request.args.get("before", type=int)
    events = events_for(db.session, object_type, object_id, PAGE_SIZE, before)
    older = events[-1].seq if len(events) == PAGE_SIZE else None
    return render_template("audit/index.html", events=events, object_type=object_type or "",
                           object_id=object_id or "", older=older)
