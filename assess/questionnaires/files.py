"""Evidence on the vendor page: files sent with the answer form, removals, and serving a
vendor's own files back (never anyone else's)."""

from datetime import date

from flask import abort, current_app, request

from assess.audit.services import Actor
from assess.evidence import services as evidence
from assess.evidence.models import Evidence
from assess.evidence.serve import root
from assess.extensions import db
from assess.questionnaires.corrections import upload_refusal
from assess.questionnaires.models import CorrectionWindow, Invitation
from assess.util import dates


def _date(raw: str | None) -> date | None:
    """None when blank, not a date or outside 2000–2099; the caller says which."""
    return dates.parse_or_none(raw)


def receive(invitation: Invitation, editable: set[str], actor: Actor) -> list[str]:
    """Stores the files sent for editable items and takes out the ticked ones; returns the
    refusal messages (each names the file)."""
    refused = []
    for e in evidence.of_invitation(db.session, invitation.id):
        if request.form.get(f"rm-{e.id}") and e.control_id in editable:
            evidence.remove(db.session, actor, e)
    for cid in sorted(editable):
        for sent in request.files.getlist(f"f-{cid}"):
            if not sent or not sent.filename:
                continue
            raw_date = request.form.get(f"fv-{cid}") or None
            upload = evidence.Upload(
                filename=sent.filename, data=sent.read(), kind=request.form.get(f"fk-{cid}", ""),
                valid_until=_date(raw_date), registration_number=request.form.get(f"fr-{cid}", ""))
            if raw_date and upload.valid_until is None:
                refused.append(f"{evidence.display_name(sent.filename)}: 有効期限の日付が正しくありません（{raw_date}）。")
                continue
            try:
                evidence.upload(db.session, root(), actor, upload, project_id=invitation.project_id,
                                control_id=cid, invitation_id=invitation.id,
                                max_bytes=current_app.config["EVIDENCE_MAX_BYTES"])
            except evidence.UploadRefused as e:
                refused.append(str(e))
    return refused


def receive_correction(invitation: Invitation, window: CorrectionWindow,
                       actor: Actor) -> tuple[list[Evidence], list[str]]:
    """補正: stores each file sent for an item and kind the window allows; refuses every other file
    (whatever field it came in), naming it. Returns (stored, refusal messages)."""
    stored, refused = [], []
    for field in sorted(request.files):
        if not field.startswith("f-"):
            continue
        cid = field[2:][:20]
        for sent in request.files.getlist(field):
            if not sent or not sent.filename:
                continue
            name, kind = evidence.display_name(sent.filename), request.form.get(f"fk-{cid}", "")
            problem = upload_refusal(window, invitation, cid, kind, name)
            raw_date = request.form.get(f"fv-{cid}") or None
            upload = evidence.Upload(filename=sent.filename, data=b"" if problem else sent.read(), kind=kind,
                                     valid_until=_date(raw_date), registration_number=request.form.get(f"fr-{cid}", ""))
            if not problem and raw_date and upload.valid_until is None:
                problem = f"{name}: 有効期限の日付が正しくありません（{raw_date}）。"
            if problem:
                refused.append(problem)
                continue
            try:
                stored.append(evidence.upload(db.session, root(), actor, upload, project_id=invitation.project_id,
                                              control_id=cid, invitation_id=invitation.id,
                                              max_bytes=current_app.config["EVIDENCE_MAX_BYTES"]))
            except evidence.UploadRefused as e:
                refused.append(str(e))
    return stored, refused


def own_evidence(invitation: Invitation, evidence_id: int) -> Evidence:
    found = db.session.get(Evidence, evidence_id)
    if found is None or found.invitation_id != invitation.id or found.removed_at is not None:
        abort(404)
    return found


def audit_download(found: Evidence, actor: Actor) -> None:
    evidence.record_download(db.session, actor, found)
    db.session.commit()
