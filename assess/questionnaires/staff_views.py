"""Staff pages for questionnaires: invitations and their status, a vendor's answers, returns
(差戻し), links (revoke, re-issue), change notices and the Q&A."""


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from assess.auth.access import staff
from assess.core.scope import invitation_or_404, project_or_404
from assess.core.web import actor, keep_typed
from assess.evidence.views import staff_urls
from assess.extensions import db
from assess.projects import services as projects
from assess.questionnaires import corrections, notify, qa, services
from assess.questionnaires.answers import progress
from assess.questionnaires.models import Invitation, VendorQuestion
from assess.questionnaires.page import state_label, vendor_page_context
from assess.util import dates
from assess.util.wareki import format_date
from assess.vendors.models import Vendor
from assess.vendors.services import all_vendors

bp = Blueprint("questionnaires", __name__, template_folder="templates")


def _project(project_id: int, edit: bool = False):
    return project_or_404(project_id, edit)


def _invitation(invitation_id: int, edit: bool = False) -> Invitation:
    return invitation_or_404(invitation_id, edit)


@bp.get("/projects/<int:project_id>/invitations")
@staff()
def index(project_id):
    project = _project(project_id)
    version = services.latest_version(db.session, project.id)
    rows = []
    for inv in services.invitations_of(db.session, project.id):
        done = progress(version.content, services.entries_of(inv))[0] if version else None
        rows.append({"inv": inv, "state": "取消済" if inv.revoked_at else state_label(inv), "progress": done})
    invited = {r["inv"].vendor_id for r in rows if r["inv"].revoked_at is None}
    return render_template(
        "questionnaires/invitations.html", project=project, rows=rows, version=version,
        vendors=[v for v in all_vendors(db.session) if v.id not in invited],
        pending=services.pending_change(db.session, project) if version else None,
        can_edit=projects.can_edit(current_user, project),
        correction=_correction(project, [r["inv"] for r in rows], version))


def _correction(project, invitations, version) -> dict:
    """The 補正 section: the latest window with each candidate's items, and whether one may open."""
    window = corrections.latest(db.session, project.id)
    items = {i["id"]: i for i in version.content["items"]} if version else {}
    return {"window": corrections.window_view(window) if window else None,
            "rows": corrections.staff_rows(db.session, window, invitations, items) if window else [],
            "can_open": (window is None or not corrections.is_open(window)) and corrections.after_deadline(project)}


def _issued(issued: services.Issued, sent_to: str | None):
    return render_template("questionnaires/issued.html", invitation=issued.invitation,
                           link=notify.link(issued.token), sent_to=sent_to,
                           mail_requested=bool(request.form.get("send")))


@bp.post("/projects/<int:project_id>/invitations")
@staff("admin", "staff")
def invite(project_id):
    project = _project(project_id, edit=True)
    vendor = db.session.get(Vendor, request.form.get("vendor_id", type=int) or 0)
    if vendor is None:
        flash("招待する事業者を選んでください。", "error")
        return redirect(url_for("questionnaires.index", project_id=project.id))
    try:
        issued = services.invite(db.session, actor(), project, vendor)
    except services.QuestionnaireError as e:
        db.session.rollback()
        flash(str(e), "error")
        return redirect(url_for("questionnaires.index", project_id=project.id))
    db.session.commit()
    sent_to = notify.invitation_mail(issued.invitation, issued.token) if request.form.get("send") else None
    return _issued(issued, sent_to)


@bp.post("/projects/<int:project_id>/corrections")
@staff("admin", "staff")
def open_correction(project_id):
    project = _project(project_id, edit=True)
    back = url_for("questionnaires.index", project_id=project.id) + "#correction"
    try:
        deadline = dates.parse(request.form.get("deadline", ""), "補正の期限")
        window = corrections.open_window(db.session, actor(), project, deadline, request.form.get("note", ""))
    except (services.QuestionnaireError, dates.DateProblem) as e:
        db.session.rollback()
        flash(str(e), "error")
        keep_typed("correction", str(e))
        return redirect(back)
    db.session.commit()
    sent = [notify.correction_mail(inv, window) for inv in corrections.candidates(db.session, project.id)
            if str(inv.id) in window.missing]
    failed = sum(1 for s in sent if s is None)
    flash(f"補正の受付を始めました（期限: {format_date(window.deadline)}）。提出済みの{len(sent)}社すべてが対象で、"
          f"{len(sent) - failed}社にメールで通知しました。"
          + (f" {failed}社には送れませんでした（別の方法で知らせてください）。" if failed else ""),
          "warning" if failed else "success")
    return redirect(back)


@bp.get("/invitations/<int:invitation_id>")
@staff()
def show(invitation_id):
    return _answers_page(_invitation(invitation_id))


def _answers_page(invitation: Invitation, typed: dict[str, str] | None = None):
    version = services.version_for(db.session, invitation)
    context = vendor_page_context(db.session, invitation, version, for_staff=True, urls=staff_urls)
    return render_template("questionnaires/answers.html", submissions=services.submissions_of(
        db.session, invitation.id), can_edit=projects.can_edit(current_user, invitation.project),
        returns=services.open_returns(invitation), typed=typed or {}, **context)


@bp.post("/invitations/<int:invitation_id>/return")
@staff("admin", "staff")
def return_items(invitation_id):
    invitation = _invitation(invitation_id, edit=True)
    chosen = request.form.getlist("item")
    comments = {cid: request.form.get(f"comment-{cid}", "") for cid in chosen}
    try:
        services.return_items(db.session, actor(), invitation, comments)
    except services.QuestionnaireError as e:
        db.session.rollback()
        flash(str(e), "error")
        return _answers_page(invitation, typed=comments), 400  # the ticks and comments stay
    db.session.commit()
    if notify.return_mail(invitation, comments):
        flash(f"{len(comments)}件を差し戻し、事業者にメールで通知しました。事業者は差し戻された項目だけを修正して再提出できます。",
              "success")
    else:
        flash(f"{len(comments)}件を差し戻しましたが、通知メールを送れませんでした。事業者に別の方法で知らせてください。",
              "warning")
    return redirect(url_for("questionnaires.show", invitation_id=invitation.id))


@bp.post("/invitations/<int:invitation_id>/revoke")
@staff("admin", "staff")
def revoke(invitation_id):
    invitation = _invitation(invitation_id, edit=True)
    if not request.form.get("confirm"):
        flash("リンクを取り消す場合は、確認のチェックを入れてから押してください。", "error")
        return redirect(url_for("questionnaires.show", invitation_id=invitation.id))
    services.revoke(db.session, actor(), invitation)
    db.session.commit()
    flash("リンクを取り消しました。このリンクではもう開けません。", "success")
    return redirect(url_for("questionnaires.show", invitation_id=invitation.id))


@bp.post("/invitations/<int:invitation_id>/reissue")
@staff("admin", "staff")
def reissue(invitation_id):
    invitation = _invitation(invitation_id, edit=True)
    try:
        issued = services.reissue(db.session, actor(), invitation)
    except services.QuestionnaireError as e:
        db.session.rollback()
        flash(str(e), "error")
        return redirect(url_for("questionnaires.show", invitation_id=invitation.id))
    db.session.commit()
    sent_to = notify.invitation_mail(issued.invitation, issued.token) if request.form.get("send") else None
    return _issued(issued, sent_to)


@bp.post("/projects/<int:project_id>/questionnaire/change")
@staff("admin", "staff")
def publish_change(project_id):
    project = _project(project_id, edit=True)
    try:
        version = services.publish_change(db.session, actor(), project, request.form.get("note", ""))
    except services.QuestionnaireError as e:
        db.session.rollback()
        flash(str(e), "error")
        return redirect(url_for("questionnaires.index", project_id=project.id))
    db.session.commit()
    sent = [notify.change_mail(inv, version) for inv in services.invitations_of(db.session, project.id)
            if inv.revoked_at is None]
    failed = sum(1 for s in sent if s is None)
    flash(f"第{version.number}版の変更通知を公開し、{len(sent) - failed}社にメールで通知しました。"
          + (f" {failed}社には送れませんでした（別の方法で知らせてください）。" if failed else ""),
          "warning" if failed else "success")
    return redirect(url_for("questionnaires.index", project_id=project.id))


@bp.get("/projects/<int:project_id>/questions")
@staff()
def questions(project_id):
    project = _project(project_id)
    vendors = {inv.id: inv.vendor.name for inv in services.invitations_of(db.session, project.id)}
    return render_template("questionnaires/questions.html", project=project, vendors=vendors,
                           questions=qa.of_project(db.session, project.id),
                           can_edit=projects.can_edit(current_user, project))


@bp.post("/questions/<int:question_id>/answer")
@staff("admin", "staff")
def answer_question(question_id):
    question = db.session.scalar(select(VendorQuestion).where(VendorQuestion.id == question_id))
    if question is None:
        abort(404)
    project = _project(question.project_id, edit=True)
    try:
        qa.answer(db.session, actor(), question, request.form.get("answer", ""),
                  publish=bool(request.form.get("publish")), published_body=request.form.get("published_body", ""))
    except services.QuestionnaireError as e:
        db.session.rollback()
        flash(str(e), "error")
    else:
        db.session.commit()
        flash("回答を保存しました。" + ("すべての参加事業者に公開しました。" if question.published_at else ""), "success")
    return redirect(url_for("questionnaires.questions", project_id=project.id) + f"#q-{question.id}")
