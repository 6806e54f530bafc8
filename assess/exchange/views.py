"""Offline package download and import (staff pages), and the comparison workbook."""

import io
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, send_file

from assess.auth.access import staff
from assess.core.scope import invitation_or_404, project_or_404
from assess.core.web import actor
from assess.exchange import comparison_book, services
from assess.extensions import db
from assess.questionnaires.models import Invitation
from assess.questionnaires.services import latest_version
from assess.reviews.comparison import candidates
from assess.scoring.model import STATUS_LABELS
from assess.util.clock import to_jst, utcnow

bp = Blueprint("exchange", __name__, template_folder="templates")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PRIORITY = {"must": "必須", "important": "重要", "nice": "望ましい"}


def _invitation(invitation_id: int, edit: bool = False) -> Invitation:
    return invitation_or_404(invitation_id, edit)


def _xlsx(data: bytes, name: str):
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name, max_age=0)


@bp.get("/invitations/<int:invitation_id>/package.xlsx")
@staff()
def export(invitation_id):
    invitation = _invitation(invitation_id)
    data = services.export_workbook(db.session, invitation, current_app.config["SECRET_KEY"])
    day = to_jst(utcnow()).date()
    return _xlsx(data, f"質問票_{invitation.project.name}_{invitation.vendor.name}_{day:%Y%m%d}.xlsx")


@bp.post("/invitations/<int:invitation_id>/import")
@staff("admin", "staff")
def import_package(invitation_id):
    invitation = _invitation(invitation_id, edit=True)
    sent, extra = request.files.get("package"), request.files.get("evidence")
    if not sent or not sent.filename:
        return render_template("exchange/imported.html", invitation=invitation,
                               problems=["取り込むファイル（.xlsx または .zip）を選んでください。"], result=None), 400
    result = services.import_package(db.session, actor(), invitation, sent.read(),
                                     extra.read() if extra and extra.filename else None,
                                     current_app.config["SECRET_KEY"], Path(current_app.config["EVIDENCE_DIR"]),
                                     current_app.config["EVIDENCE_MAX_BYTES"])
    if result.problems:
        db.session.rollback()
        return render_template("exchange/imported.html", invitation=invitation,
                               problems=[str(p) for p in result.problems], result=None), 400
    db.session.commit()
    return render_template("exchange/imported.html", invitation=invitation, problems=[], result=result)


@bp.get("/projects/<int:project_id>/comparison.xlsx")
@staff()
def comparison(project_id):
    project = project_or_404(project_id)
    domains, ranked = candidates(db.session, project)
    version = latest_version(db.session, project.id)
    titles = {i["id"]: i["title"] for i in version.content["items"]} if version else {}
    rows = [{"rank": c.rank_label, "state": c.state, "vendor": c.invitation.vendor.name, "overall": c.result.overall,
             "points": c.result.points, "verdict": c.verdict_label,
             "domains": {d.domain_id: d.score for d in c.result.domains},
             "findings": [{"id": r.control_id, "title": titles.get(r.control_id, ""), "priority": PRIORITY.get(r.priority, r.priority),
                           "status": STATUS_LABELS[r.status], "reason": r.reason,
                           "must_gap": r in c.result.must_gaps}
                          for r in c.result.results if r.status not in ("met", "na")]} for c in ranked]
    day = to_jst(utcnow()).date()
    return _xlsx(comparison_book.build(project.name, domains, rows), f"候補の比較_{project.name}_{day:%Y%m%d}.xlsx")
