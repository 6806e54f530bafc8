"""Contract pages: the contract and its re-review rounds, meetings with minutes, action items and
KPI, calendars."""

from datetime import date

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

from assess.auth.access import public, staff
from assess.core import ratelimit
from assess.core.paths import safe_path
from assess.core.scope import owned_or_404, project_or_404
from assess.core.templating import date_style
from assess.core.web import actor, keep_typed
from assess.documents import sources
from assess.documents.render import DocumentError
from assess.documents.views import send_docx
from assess.extensions import db
from assess.projects import services as projects
from assess.questionnaires import notify
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Invitation
from assess.reviews.chart import trend_svg
from assess.schedule import contracts, feeds, meetings, page
from assess.schedule.models import ActionItem, Contract, Meeting, ReviewRound
from assess.util import dates
from assess.util.wareki import format_date

bp = Blueprint("schedule", __name__, template_folder="templates")


_DATE_LABELS = {"start_on": "契約開始日", "end_on": "契約終了日", "first_review_on": "最初の再レビュー日",
                "due_on": "期限", "deadline": "回答期限", "held_on": "開催日", "action_due": "対応期限"}


def _date(name: str) -> date | None:
    """None when left blank (the service says it is needed); DateProblem, shown like the service's
    own refusals, when it is not a date or not in 2000–2099 (a year 9999 overflowed later)."""
    return dates.parse(request.form.get(name, ""), _DATE_LABELS.get(name, "日付"))


def _project(project_id: int, edit: bool = False):
    return project_or_404(project_id, edit)


def _contract(contract_id: int, edit: bool = False) -> Contract:
    return owned_or_404(Contract, contract_id, lambda c: c.project_id, edit)


def _fail(error: Exception, target: str, form_key: str | None = None):
    db.session.rollback()
    flash(str(error), "error")
    if form_key:
        keep_typed(form_key, str(error))
    return redirect(target)


@bp.get("/projects/<int:project_id>/contract")
@staff()
def contract_page(project_id):
    project = _project(project_id)
    contract = contracts.contract_of(db.session, project.id)
    if contract is None:
        submitted = [i for i in questionnaires.invitations_of(db.session, project.id)
                     if i.state == "submitted" and i.round_id is None and i.revoked_at is None]
        standings = contracts.standings(db.session, project) if submitted else {}
        return render_template("schedule/new_contract.html", project=project,
                               candidates=[_candidate(i, standings.get(i.id, contracts.standing(None)))
                                           for i in submitted],
                               cycles=contracts.CYCLES, can_edit=projects.can_edit(current_user, project))
    return render_template("schedule/contract.html", **page.contract_context(db.session, contract),
                           can_edit=projects.can_edit(current_user, project))


def _candidate(invitation: Invitation, why: str) -> dict:
    """A choice on the contract form, saying when choosing it needs a reason and an approver."""
    label = f"{invitation.vendor.name}（{why}・選定理由と承認者が必要）" if why else f"{invitation.vendor.name}（第1位）"
    return {"id": invitation.id, "label": label}


@bp.post("/projects/<int:project_id>/contract")
@staff("admin", "staff")
def create_contract(project_id):
    project = _project(project_id, edit=True)
    invitation = db.session.get(Invitation, request.form.get("invitation_id", type=int) or 0)
    back = url_for("schedule.contract_page", project_id=project.id)
    if invitation is None:
        return _fail(contracts.ContractError("契約先の事業者を選んでください。"), back, "contract")
    try:
        contracts.create(db.session, actor(), project, invitation, _date("start_on"), _date("end_on"),
                         request.form.get("cycle_months", type=int), _date("first_review_on"),
                         request.form.get("award_reason", ""), request.form.get("approver", ""))
    except (contracts.ContractError, dates.DateProblem) as e:
        return _fail(e, back, "contract")
    db.session.commit()
    flash("契約を登録しました。再レビューの予定を作成しました。", "success")
    return redirect(back)


@bp.post("/contracts/<int:contract_id>/rounds")
@staff("admin", "staff")
def trigger_round(contract_id):
    contract = _contract(contract_id, edit=True)
    back = url_for("schedule.contract_page", project_id=contract.project_id)
    try:
        contracts.trigger(db.session, actor(), contract, request.form.get("trigger", ""),
                          request.form.get("note", ""), _date("due_on"))
    except (contracts.ContractError, dates.DateProblem) as e:
        return _fail(e, back, "trigger")
    db.session.commit()
    flash("臨時の再レビューを予定に加えました。", "success")
    return redirect(back)


def _round(round_id: int, edit: bool = False) -> ReviewRound:
    return owned_or_404(ReviewRound, round_id, lambda r: r.contract.project_id, edit)


@bp.post("/rounds/<int:round_id>/start")
@staff("admin", "staff")
def start_round(round_id):
    found = _round(round_id, edit=True)
    try:
        issued = contracts.start(db.session, actor(), found.contract, found, _date("deadline"))
    except (contracts.ContractError, dates.DateProblem) as e:
        return _fail(e, url_for("schedule.contract_page", project_id=found.contract.project_id))
    db.session.commit()
    if issued.invitation.deadline > found.due_on:
        flash(f"事業者の回答期限が、この再レビューの期限（{format_date(found.due_on, date_style())}）より後になっています。", "warning")
    sent = notify.invitation_mail(issued.invitation, issued.token) if request.form.get("send") else None
    return render_template("questionnaires/issued.html", invitation=issued.invitation,
                           link=notify.link(issued.token), sent_to=sent, mail_requested=bool(request.form.get("send")))


@bp.get("/rounds/<int:round_id>")
@staff()
def round_page(round_id):
    found = _round(round_id)
    return render_template("schedule/round.html", **page.round_context(db.session, found),
                           can_edit=projects.can_edit(current_user, found.contract.project))


@bp.post("/rounds/<int:round_id>/complete")
@staff("admin", "staff")
def complete_round(round_id):
    found = _round(round_id, edit=True)
    if not request.form.get("confirm"):
        flash("完了にする前に、レビューと変更の確認を終えたことをチェックしてください。", "error")
        return redirect(url_for("schedule.round_page", round_id=found.id))
    try:
        following = contracts.complete(db.session, actor(), found.contract, found)
    except (contracts.ContractError, dates.DateProblem) as e:
        return _fail(e, url_for("schedule.round_page", round_id=found.id))
    db.session.commit()
    flash("再レビューを完了にしました。" + (f"次回の予定: {format_date(following.due_on, date_style())}" if following else ""),
          "success")
    return redirect(url_for("schedule.contract_page", project_id=found.contract.project_id))


@bp.post("/contracts/<int:contract_id>/meetings")
@staff("admin", "staff")
def create_meeting(contract_id):
    contract = _contract(contract_id, edit=True)
    try:
        meeting = meetings.create(db.session, actor(), contract, request.form.get("title", ""), _date("held_on"),
                                  request.form.get("starts_at", "10:00"), request.form.get("place", ""),
                                  request.form.get("attendees", ""), request.form.get("agenda", ""),
                                  request.form.get("kind", "routine"),
                                  request.form.get("author", "").strip() or current_user.name,
                                  request.form.get("next_meeting", ""), request.form.get("distribution", ""))
    except (meetings.MeetingError, dates.DateProblem) as e:
        return _fail(e, url_for("schedule.contract_page", project_id=contract.project_id) + "#new-meeting", "meeting")
    db.session.commit()
    return redirect(url_for("schedule.meeting_page", meeting_id=meeting.id))


def _meeting(meeting_id: int, edit: bool = False) -> Meeting:
    return owned_or_404(Meeting, meeting_id, lambda m: m.contract.project_id, edit)


@bp.get("/meetings/<int:meeting_id>")
@staff()
def meeting_page(meeting_id):
    found = _meeting(meeting_id)
    return render_template("schedule/meeting.html", **page.meeting_context(db.session, found),
                           can_edit=projects.can_edit(current_user, found.contract.project))


@bp.post("/meetings/<int:meeting_id>")
@staff("admin", "staff")
def save_meeting(meeting_id):
    found = _meeting(meeting_id, edit=True)
    targets = meetings.kpi_targets(db.session, found.contract)
    try:
        meetings.save_minutes(db.session, actor(), found, request.form.get("attendees", ""),
                              request.form.get("decisions", ""), request.form.get("notes", ""),
                              {t.control_id: request.form.get(f"kpi-{t.control_id}", "") for t in targets}, targets,
                              request.form.get("author"), request.form.get("next_meeting"),
                              request.form.get("distribution"))
        if request.form.get("action_description", "").strip():
            meetings.add_action(db.session, actor(), found.contract, found, request.form.get("action_description", ""),
                                request.form.get("action_owner", ""), request.form.get("action_email", ""),
                                _date("action_due"))
    except (meetings.MeetingError, dates.DateProblem) as e:
        return _fail(e, url_for("schedule.meeting_page", meeting_id=found.id) + "#minutes", "minutes")
    db.session.commit()
    flash("議事録を保存しました。", "success")
    return redirect(url_for("schedule.meeting_page", meeting_id=found.id))


@bp.post("/actions/<int:action_id>")
@staff("admin", "staff")
def action_status(action_id):
    item = db.session.get(ActionItem, action_id)
    if item is None:
        abort(404)
    contract = _contract(item.contract_id, edit=True)
    try:
        meetings.set_action_status(db.session, actor(), item, request.form.get("status", ""))
    except (meetings.MeetingError, dates.DateProblem) as e:
        return _fail(e, url_for("schedule.contract_page", project_id=contract.project_id))
    db.session.commit()
    flash("アクションアイテムの状況を更新しました。", "success")
    return redirect(safe_path(request.form.get("back"), url_for("schedule.contract_page", project_id=contract.project_id)))


@bp.get("/meetings/<int:meeting_id>/kpi/<control_id>.svg")
@staff()
def kpi_chart(meeting_id, control_id):
    found = _meeting(meeting_id)
    target = next((t for t in meetings.kpi_targets(db.session, found.contract) if t.control_id == control_id), None)
    points = meetings.kpi_history(db.session, found.contract).get(control_id)
    if target is None or not points:
        abort(404)
    svg = trend_svg([(d.strftime("%m/%d"), v) for d, v in points], target.target, target.unit)
    response = make_response(svg)
    response.mimetype = "image/svg+xml"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/meetings/<int:meeting_id>/documents/<kind>")
@staff()
def meeting_document(meeting_id, kind):
    found = _meeting(meeting_id)
    if kind not in ("minutes", "checklist"):
        abort(404)
    context = page.minutes_context(db.session, found) if kind == "minutes" else \
        page.checklist_context(db.session, found.contract, found, _checklist_kind(found.kind))
    return _document(kind, context, found.contract, found.held_on)


def _checklist_kind(default: str) -> str:
    """?meeting_kind= chooses which lines the checklist has (年次, 実地検査, … on demand)."""
    chosen = request.args.get("meeting_kind") or default
    if chosen not in meetings.KINDS:
        abort(404)
    return chosen


@bp.get("/contracts/<int:contract_id>/checklist")
@staff()
def contract_checklist(contract_id):
    contract = _contract(contract_id)
    return _document("checklist", page.checklist_context(db.session, contract, None, _checklist_kind("routine")),
                     contract, page.today())


def _document(kind: str, context: dict, contract: Contract, day: date):
    try:
        data = sources.render_kind(kind, context)
    except DocumentError as e:
        return _fail(e, url_for("schedule.contract_page", project_id=contract.project_id))
    return send_docx(data, sources.file_name(kind, f"{contract.project.name}_{contract.vendor.name}", day))


@bp.get("/meetings/<int:meeting_id>/meeting.ics")
@staff()
def meeting_ics(meeting_id):
    found = _meeting(meeting_id)
    response = make_response(feeds.meeting_ics(found))
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = "attachment; filename=meeting.ics"
    return response


@bp.route("/calendar", methods=["GET", "POST"])
@staff()
def calendar_settings():
    url = None
    if request.method == "POST":
        token = feeds.issue(db.session, actor(), current_user)
        db.session.commit()
        url = url_for("schedule.calendar_feed", token=token, _external=True)
    return render_template("schedule/calendar.html", url=url,
                           has_feed=feeds.has_feed(db.session, current_user))


@bp.get("/calendar/<token>.ics")
@public
def calendar_feed(token):
    user = feeds.user_for(db.session, token)
    if user is None:  # only guesses are slowed down: a valid feed always answers
        if ratelimit.exceeded(db.session, ratelimit.BAD_LINKS, request.remote_addr):
            abort(429)
        ratelimit.note(db.session, ratelimit.BAD_LINKS, request.remote_addr)
        abort(404)
    response = make_response(feeds.user_feed(db.session, user))
    response.mimetype = "text/calendar"
    response.headers["Cache-Control"] = "no-store"
    return response

