"""Staff pages for evidence: downloads, register checks, site visits with observations and
photos."""

from datetime import date

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from assess.auth.access import staff
from assess.core.paths import safe_path
from assess.core.scope import invitation_or_404, owned_or_404, project_or_404
from assess.core.web import actor, keep_typed
from assess.evidence import serve, sitevisits
from assess.evidence import services as evidence
from assess.evidence.models import Evidence, SiteVisit
from assess.extensions import db
from assess.projects import services as projects
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Invitation
from assess.util import dates

bp = Blueprint("evidence", __name__, template_folder="templates")


def _project(project_id: int, edit: bool = False):
    return project_or_404(project_id, edit)


def _evidence(evidence_id: int, edit: bool = False) -> Evidence:
    return owned_or_404(Evidence, evidence_id, lambda e: e.project_id, edit)


def staff_urls(e: Evidence) -> tuple[str, str]:
    return (url_for("evidence.file", evidence_id=e.id), url_for("evidence.thumb", evidence_id=e.id))


@bp.get("/evidence/<int:evidence_id>/file")
@staff()
def file(evidence_id):
    found = _evidence(evidence_id)
    evidence.record_download(db.session, actor(), found)
    db.session.commit()
    return serve.send_original(found)


@bp.get("/evidence/<int:evidence_id>/thumb")
@staff()
def thumb(evidence_id):
    return serve.send_thumb(_evidence(evidence_id))


def _date(raw: str | None) -> date | None:
    """None when blank, not a date or outside 2000–2099; the caller says which."""
    return dates.parse_or_none(raw)


@bp.post("/evidence/<int:evidence_id>/register-check")
@staff("admin", "staff")
def register_check(evidence_id):
    found = _evidence(evidence_id, edit=True)
    checked_on = _date(request.form.get("checked_on"))
    try:
        if checked_on is None:
            raise evidence.UploadRefused("確認した日を入力してください。")
        evidence.add_register_check(db.session, actor(), found, request.form.get("register", ""),
                                    request.form.get("result", ""), checked_on)
    except evidence.UploadRefused as e:
        db.session.rollback()
        flash(str(e), "error")
    else:
        db.session.commit()
        flash(f"「{found.display_name}」の公開台帳での確認を記録しました。", "success")
    return redirect(safe_path(request.form.get("back"), url_for("reviews.review", invitation_id=found.invitation_id or 0)))


def _invitation(invitation_id: int, edit: bool = False) -> Invitation:
    return invitation_or_404(invitation_id, edit)


@bp.get("/invitations/<int:invitation_id>/site-visits")
@staff()
def visits(invitation_id):
    invitation = _invitation(invitation_id)
    return render_template("evidence/visits.html", invitation=invitation,
                           visits=sitevisits.of_invitation(db.session, invitation.id),
                           can_edit=projects.can_edit(current_user, invitation.project))


@bp.post("/invitations/<int:invitation_id>/site-visits")
@staff("admin", "staff")
def create_visit(invitation_id):
    invitation = _invitation(invitation_id, edit=True)
    try:
        visit = sitevisits.create(db.session, actor(), invitation, _date(request.form.get("visited_on")),
                                  request.form.get("place", ""), request.form.get("attendees", ""))
    except sitevisits.VisitError as e:
        db.session.rollback()
        flash(str(e), "error")
        keep_typed("visit", str(e))
        return redirect(url_for("evidence.visits", invitation_id=invitation.id) + "#new-visit")
    db.session.commit()
    return redirect(url_for("evidence.visit", visit_id=visit.id))


def _visit(visit_id: int, edit: bool = False) -> SiteVisit:
    return owned_or_404(SiteVisit, visit_id, lambda v: db.session.get(Invitation, v.invitation_id).project_id, edit)


@bp.get("/site-visits/<int:visit_id>")
@staff()
def visit(visit_id):
    found = _visit(visit_id)
    invitation = db.session.get(Invitation, found.invitation_id)
    version = questionnaires.version_for(db.session, invitation)
    photos = evidence.by_control([e for e in evidence.of_site_visit(db.session, found.id)])
    observed = {o.control_id: o for o in found.observations}
    return render_template("evidence/visit.html", visit=found, invitation=invitation,
                           items=version.content["items"], observed=observed, photos=photos,
                           results=sitevisits.RESULTS, urls=staff_urls,
                           can_edit=projects.can_edit(current_user, invitation.project))


@bp.post("/site-visits/<int:visit_id>")
@staff("admin", "staff")
def save_visit(visit_id):
    found = _visit(visit_id, edit=True)
    invitation = db.session.get(Invitation, found.invitation_id)
    items = questionnaires.version_for(db.session, invitation).content["items"]
    results = {i["id"]: (request.form.get(f"r-{i['id']}", ""), request.form.get(f"n-{i['id']}", ""))
               for i in items if f"r-{i['id']}" in request.form}
    refused = []
    try:
        saved = sitevisits.observe(db.session, actor(), found, results)
        for item in items:
            for sent in request.files.getlist(f"p-{item['id']}"):
                if sent and sent.filename:
                    try:
                        evidence.upload(db.session, serve.root(), actor(), evidence.Upload(
                            sent.filename, sent.read(), "photo"), project_id=invitation.project_id,
                            control_id=item["id"], site_visit_id=found.id,
                            max_bytes=current_app.config["EVIDENCE_MAX_BYTES"])
                    except evidence.UploadRefused as e:
                        refused.append(str(e))
    except sitevisits.VisitError as e:
        db.session.rollback()
        flash(str(e), "error")
        return redirect(url_for("evidence.visit", visit_id=found.id))
    db.session.commit()
    flash(f"視察の記録を保存しました（確認結果 {saved}件を更新）。", "success")
    if refused:
        flash("次の写真は受け付けられませんでした: " + " ".join(refused), "error")
    return redirect(url_for("evidence.visit", visit_id=found.id))
