"""The review page for one vendor: every requirement with its answer, evidence, site-visit
observations and the scorer's judgement side by side, and the reviewer's decision."""

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from assess.auth.access import staff
from assess.catalog.schema import PRIORITY_LABELS
from assess.core.scope import invitation_or_404, project_or_404
from assess.core.web import actor, keep_typed
from assess.extensions import db
from assess.projects import services as projects
from assess.questionnaires import notify
from assess.questionnaires import services as services_questionnaires
from assess.questionnaires.models import Invitation
from assess.reviews import comparison as compare
from assess.reviews import page, services
from assess.reviews.chart import radar_svg
from assess.scoring.model import STATUS_LABELS

bp = Blueprint("reviews", __name__, template_folder="templates")


def _project(project_id: int, edit: bool = False):
    return project_or_404(project_id, edit)


@bp.get("/projects/<int:project_id>/comparison")
@staff()
def comparison(project_id):
    project = _project(project_id)
    domains, ranked = compare.candidates(db.session, project)
    return render_template("reviews/comparison.html", project=project, domains=domains, ranked=ranked,
                           points=project.points or {}, can_edit=projects.can_edit(current_user, project))


@bp.get("/projects/<int:project_id>/comparison/chart.svg")
@staff()
def chart(project_id):
    project = _project(project_id)
    domains, ranked = compare.candidates(db.session, project)
    svg = radar_svg([(d["id"], d["title"]) for d in domains],
                [(c.invitation.vendor.name, {d.domain_id: d.score for d in c.result.domains}) for c in ranked])
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    # Our own drawing, shown as an image: its inline styles are allowed, nothing else is.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.post("/projects/<int:project_id>/points")
@staff("admin", "staff")
def points(project_id):
    project = _project(project_id, edit=True)
    domains, _ranked = compare.candidates(db.session, project)
    try:
        compare.set_points(db.session, actor(), project, domains,
                           {d["id"]: request.form.get(f"points-{d['id']}", "") for d in domains})
    except compare.PointsError as e:
        db.session.rollback()
        flash(str(e), "error")
        keep_typed("points", str(e))
        return redirect(url_for("reviews.comparison", project_id=project.id) + "#points")
    else:
        db.session.commit()
        flash("配点を保存しました。", "success")
    return redirect(url_for("reviews.comparison", project_id=project.id))


@bp.get("/invitations/<int:invitation_id>/gaps")
@staff()
def gaps(invitation_id):
    invitation = _invitation(invitation_id)
    domains, ranked = compare.candidates(db.session, invitation.project)
    mine = next((c for c in ranked if c.invitation.id == invitation.id), None)
    if mine is None:
        abort(404)  # a withdrawn link or a re-review round: not among the candidates
    titles = {i["id"]: i["title"] for i in services_questionnaires.version_for(db.session, invitation).content["items"]}
    order = {"must": 0, "important": 1, "nice": 2}
    position = {cid: n for n, cid in enumerate(titles)}  # the questionnaire's (catalog) order
    rows = sorted((r for r in mine.result.results if r.status not in ("met", "na")),
                  key=lambda r: (order.get(r.priority, 3), position.get(r.control_id, 0)))
    return render_template("reviews/gaps.html", invitation=invitation, project=invitation.project,
                           candidate=mine, rows=rows, titles=titles, status_labels=STATUS_LABELS,
                           priorities=PRIORITY_LABELS)

FILTERS = {"": "すべて", "unreviewed": "未レビュー", "must": "必須のみ", "gaps": "不適合・要対応",
           "returned": "差戻し中"}


def _invitation(invitation_id: int, edit: bool = False) -> Invitation:
    return invitation_or_404(invitation_id, edit)


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
        comment = request.form.get("comment", "")  # kept whole at the item; the notice shows its start
        flash(f"{control_id}: {e} あなたの入力: 「{services.DECISIONS.get(request.form.get('decision', ''), '未選択')}」"
              f" {comment[:200]}{'…' if len(comment) > 200 else ''}", "error")
        keep_typed(f"decision-{control_id}", str(e))
        return redirect(back)
    except services.ReviewError as e:
        db.session.rollback()
        flash(f"{control_id}: {e}", "error")
        keep_typed(f"decision-{control_id}", str(e))  # shown at the item, with what was typed
        return redirect(back)
    db.session.commit()
    if request.form.get("decision") == "query":
        told = notify.return_mail(invitation, {control_id: request.form.get("comment", "").strip()})
        flash(f"{control_id}: 要確認として事業者に差し戻し、" + ("メールで通知しました。" if told else
              "通知メールは送れませんでした（別の方法で知らせてください）。"), "success" if told else "warning")
        return redirect(back)
    flash(f"{control_id}: 判定を保存しました。", "success")
    return redirect(back)


from assess.reviews import evaluation_views  # noqa: E402,F401  (the committee's page joins this blueprint)
