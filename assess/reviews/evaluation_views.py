"""The committee's record page (審査委員, their comments, the conclusion), beside the comparison.
Its routes join the reviews blueprint."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from assess.auth.access import staff
from assess.core.scope import project_or_404
from assess.core.web import actor
from assess.documents.report import conclusion_sentence
from assess.extensions import db
from assess.projects import services as projects
from assess.reviews import comparison as compare
from assess.reviews import evaluation
from assess.reviews.views import bp

EXTRA_ROWS = 3  # empty member rows below the saved ones


def _page(project, ranked, status: int = 200):
    record = evaluation.of_project(db.session, project.id)
    members = [(m.name, m.role) for m in record.members] if record else []
    typed_rows = [int(k.rsplit("-", 1)[1]) for k in (g.get("typed") or {}).get("values", {})
                  if k.startswith("member-name-") and k.rsplit("-", 1)[1].isdigit()]
    rows = min(max(len(members) + EXTRA_ROWS, max(typed_rows, default=-1) + 1), evaluation.MAX_MEMBERS)
    candidates = [{"id": c.invitation.id, "vendor": c.invitation.vendor.name, "rank": evaluation.rank_label(c),
                   "verdict": evaluation.verdict_label(c), "eligible": evaluation.eligible(c),
                   "sentence": conclusion_sentence(c.invitation.vendor.name)} for c in ranked]
    return render_template("reviews/evaluation.html", project=project, candidates=candidates, record=record,
                           members=members, rows=rows,
                           comments={c.invitation_id: c.text for c in record.comments} if record else {},
                           can_edit=projects.can_edit(current_user, project)), status


@bp.get("/projects/<int:project_id>/evaluation")
@staff()
def evaluation_page(project_id):
    project = project_or_404(project_id)
    _domains, ranked = compare.candidates(db.session, project)
    return _page(project, ranked)


@bp.post("/projects/<int:project_id>/evaluation")
@staff("admin", "staff")
def save_evaluation(project_id):
    project = project_or_404(project_id, edit=True)
    _domains, ranked = compare.candidates(db.session, project)
    try:
        data = evaluation.parse(request.form, [c.invitation.id for c in ranked])
        evaluation.save(db.session, actor(), project, data, ranked)
    except evaluation.EvaluationError as e:
        db.session.rollback()
        # Shown again on this page with everything as typed (a long form: not kept in the cookie).
        g.typed = {"key": "evaluation", "values": {k: v for k, v in request.form.items() if k != "csrf_token"},
                   "message": str(e)}
        return _page(project, ranked, 409 if isinstance(e, evaluation.EvaluationConflict) else 400)
    db.session.commit()
    flash("審査委員会の記録を保存しました。評価結果報告書に反映されます。", "success")
    return redirect(url_for("reviews.evaluation_page", project_id=project.id))
