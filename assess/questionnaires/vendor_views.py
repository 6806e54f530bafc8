"""The vendor's page behind the secret link: answer, save a draft, submit, ask a question.

No account: the token in the URL is the only key, and every query below is scoped to the one
invitation it opens, so one vendor's link can never reach another vendor's answers."""

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from assess.auth.access import vendor_link
from assess.core import ratelimit
from assess.core.errors import render_error
from assess.evidence import serve
from assess.extensions import db
from assess.questionnaires import corrections, files, qa, services
from assess.questionnaires.forms import AskForm, entries, form_class, posted_ids
from assess.questionnaires.page import vendor_page_context
from assess.questionnaires.services import vendor_actor

bp = Blueprint("vendor", __name__, url_prefix="/q", template_folder="templates")

_LINK_ERRORS = {
    "unknown": (404, "このリンクは無効です。URLを最後まで正しく開いているか確認し、分からない場合は発注者の担当者にお問い合わせください。"),
    "expired": (410, "このリンクの有効期限が切れています。回答や閲覧が必要な場合は、発注者の担当者にリンクの再発行を依頼してください。"),
    "revoked": (403, "このリンクは発注者により取り消されました。新しいリンクが届いている場合はそちらを開いてください。"),
}


@bp.before_request
def _open_invitation():
    try:
        g.invitation = services.open_link(db.session, request.view_args.get("token", ""))
    except services.LinkInvalid as e:
        # Only guesses are slowed down: a valid link always opens, whoever shares the address
        # (behind a proxy without PROXY_FIX, every vendor comes from the proxy's address).
        if e.kind == "unknown":
            if ratelimit.exceeded(db.session, ratelimit.BAD_LINKS, request.remote_addr):
                return render_error(429, "無効なリンクへのアクセスが続いたため、一時的に受け付けを止めています。"
                                         "10分ほど待ってから、届いたリンクを開き直してください。", home=False)
            ratelimit.note(db.session, ratelimit.BAD_LINKS, request.remote_addr)
        status, message = _LINK_ERRORS[e.kind]
        return render_error(status, message, home=False)
    return None


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"  # a shared terminal must not keep answers
    return response


def _urls(evidence):
    token = request.view_args["token"]
    return (url_for("vendor.evidence_file", token=token, evidence_id=evidence.id),
            url_for("vendor.evidence_thumb", token=token, evidence_id=evidence.id))


def _render(status=200, form=None, missing=None, ask_form=None, notice=None):
    invitation = g.invitation
    version = services.version_for(db.session, invitation)
    context = vendor_page_context(db.session, invitation, version, form, missing, urls=_urls, notice=notice)
    return render_template("questionnaires/vendor.html", ask_form=ask_form or AskForm(),
                           token=request.view_args["token"], **context), status


@bp.get("/<token>")
@vendor_link
def page(token):
    return _render()


@bp.post("/<token>")
@vendor_link
def save(token):
    invitation = g.invitation
    version = services.version_for(db.session, invitation)
    form = form_class(version.content_hash, version.content)()
    if not form.validate_on_submit():
        return _render(400, form)
    if not services.editable_ids(invitation, version.content):
        return render_error(410, services.closed_reason(invitation), home=False)
    sent = posted_ids(request.form.keys(), {i["id"] for i in version.content["items"]})
    try:
        result = services.save(db.session, invitation, version.content, entries(form, sent),
                               request.remote_addr)
    except services.Conflict as e:  # another window submitted first (the save waited for it)
        db.session.rollback()
        return render_error(409, str(e), home=False)
    except services.QuestionnaireError as e:
        db.session.rollback()
        flash(str(e), "error")
        return _render(400, form)
    editable = services.editable_ids(invitation, version.content)  # as of the lock the save holds
    refused = files.receive(invitation, editable, vendor_actor(invitation, request.remote_addr))
    if refused:
        db.session.commit()  # the answers and the files that passed are kept
        flash("回答は一時保存しました。ただし、次のファイルは受け付けられませんでした: " + " ".join(refused), "warning")
        return redirect(url_for("vendor.page", token=token))
    if request.form.get("action") == "submit":
        # The items this vendor was shown as lacking required evidence and chose to submit anyway;
        # asked at selection, where 証跡不足 on a 必須 item disqualifies (rounds are re-reviewed instead)
        acknowledged = {cid for cid in request.form.get("evidence_ack", "").split(",") if cid} \
            if invitation.stage == "selection" else None
        try:
            missing = services.submit(db.session, invitation, version, request.remote_addr, acknowledged)
        except services.EvidenceNotice as notice:
            db.session.commit()  # the answers and files are kept as a draft; nothing is submitted
            flash("一時保存しました。まだ提出していません。必須の証跡がない項目を確認してください。", "warning")
            return _render(200, form, notice=notice.gaps)
        db.session.commit()
        if missing:
            flash(f"一時保存しました。提出するには次の{len(missing)}件を確認してください。", "warning")
            return _render(400, form, missing)
        flash("回答を提出しました。ご協力ありがとうございました。", "success")
        return redirect(url_for("vendor.page", token=token))
    db.session.commit()
    message = "一時保存しました。"
    if result.problems:
        message += f" 提出前に直す必要がある回答が{len(result.problems)}件あります（各項目に表示）。"
    flash(message, "success")
    return redirect(url_for("vendor.page", token=token))


@bp.post("/<token>/correction")
@vendor_link
def correction(token):
    """補正: files for the items and kinds the window allows; answers are not touched here."""
    invitation = g.invitation
    window = corrections.window_for(db.session, invitation)
    closed = corrections.refusal(window)
    if closed:
        flash(closed + " ファイルは保存されていません。", "error")
        return _render(410 if window else 400)
    stored, refused = files.receive_correction(invitation, window, vendor_actor(invitation, request.remote_addr))
    corrections.record_upload(db.session, invitation, window, stored, request.remote_addr)
    db.session.commit()  # the files that passed are kept
    if refused:
        kept = f"{len(stored)}件を追加しました。ただし、" if stored else ""
        flash(f"{kept}次のファイルは受け付けられませんでした: " + " ".join(refused), "error")
    elif stored:
        flash(f"補正の証跡を{len(stored)}件追加しました。補正の期限までは、さらに追加できます。", "success")
    else:
        flash("追加するファイルを選んでください。", "error")
    return redirect(url_for("vendor.page", token=token) + "#correction")


@bp.get("/<token>/evidence/<int:evidence_id>/file")
@vendor_link
def evidence_file(token, evidence_id):
    evidence = files.own_evidence(g.invitation, evidence_id)
    files.audit_download(evidence, vendor_actor(g.invitation, request.remote_addr))
    return serve.send_original(evidence)


@bp.get("/<token>/evidence/<int:evidence_id>/thumb")
@vendor_link
def evidence_thumb(token, evidence_id):
    return serve.send_thumb(files.own_evidence(g.invitation, evidence_id))


@bp.post("/<token>/questions")
@vendor_link
def ask(token):
    form = AskForm()
    if form.validate_on_submit():
        try:
            qa.ask(db.session, g.invitation, form.body.data, request.remote_addr)
        except services.QuestionnaireError as e:
            db.session.rollback()
            flash(str(e), "error")
            return _render(400, ask_form=form)
        db.session.commit()
        flash("質問を送信しました。回答は、質問者を伏せてすべての参加事業者に公開されます。", "success")
    return redirect(url_for("vendor.page", token=token) + "#qa")
