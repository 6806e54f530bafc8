"""The review page for one vendor: every requirement with its answer, evidence, site-visit
observations and the scorer's judgement side by side, and the reviewer's decision."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from assess.auth.access import staff
from assess.core.web import actor
from assess.extensions import db
from assess.projects import services as projects
from assess.questionnaires.models import Invitation
from assess.reviews import page, services

bp = Blueprint("reviews", __name__, template_folder="templates")

FILTERS = {"": "すべて", "unreviewed": "未レビュー", "must": "必須のみ", "gaps": "不適合・要対応",
           "returned": "差戻し中"}


def _invitation(invitation_id: int, edit: bool = False) -> Invitation:
    found = db.session.get(Invitation, invitation_id)
    if found is None:
        abort(404)
    try:
        project = projects.project_for(db.session, current_user, found.project_id)
    except projects.NotVisible:
        abort(404)
    if edit and not projects.can_edit(current_user, project):
        abort(403)
    return found


@bp.get("/invitations/<int:invitation_id>/review")
@staff()
def review(invitation_id):
    invitation = _invitation(invitation_id)
    chosen = request.args.get("filter", "")
    if chosen not in FILTERS:
        abort(404)
    context = page.review_context(db.session, invitation, chosen)
    return render_template("reviews/review.html", filters=FILTERS, chosen=chosen,
                           can_edit=projects.can_edit(current_user, invitation.project), **context)


@bp.post("/invitations/<int:invitation_id>/review/<control_id>")
@staff("admin", "staff")
def decide(invitation_id, control_id):
    invitation = _invitation(invitation_id, edit=True)
    back = url_for("reviews.review", invitation_id=invitation.id,
                   filter=request.form.get("filter") or None) + f"#item-{control_id}"
    try:
        services.decide(db.session, actor(), invitation, control_id, request.form.get("decision", ""),
                        request.form.get("comment", ""), request.form.get("revision", type=int) or 0)
    except services.ReviewConflict as e:
        db.session.rollback()
        flash(f"{control_id}: {e} あなたの入力: 「{services.DECISIONS.get(request.form.get('decision', ''), '未選択')}」"
              f" {request.form.get('comment', '')}", "error")
        return redirect(back)
    except services.ReviewError as e:
        db.session.rollback()
        flash(f"{control_id}: {e}", "error")
        return redirect(back)
    db.session.commit()
    flash(f"{control_id}: 判定を保存しました。", "success")
    return redirect(back)
