"""Questionnaire operations: freeze and change the question set, invite, answer, submit,
return items. Services flush; the request or CLI command commits. Every change is audited."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from assess.audit.services import Actor, record
from assess.core.locks import lock_row
from assess.projects import services as projects
from assess.projects.models import Project
from assess.questionnaires import answers as rules
from assess.questionnaires import changes, links, snapshot
from assess.questionnaires import gaps as evidence_gaps
from assess.questionnaires.models import (
    Answer,
    Invitation,
    ItemReturn,
    QuestionnaireVersion,
    Submission,
)
from assess.util.clock import to_jst, utcnow
from assess.vendors.models import Vendor

LINK_GRACE_DAYS = 60


class QuestionnaireError(ValueError):
    """Refused by a rule; the message is shown as it is."""


class Conflict(QuestionnaireError):
    """Another request changed the invitation first (e.g. submitted it from a second window)."""


class LinkInvalid(LookupError):
    """A vendor link that does not open: kind is "unknown", "expired" or "revoked"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def vendor_actor(invitation: Invitation, remote_addr: str | None = None) -> Actor:
    return Actor(f"vendor:{invitation.id}", remote_addr)


# --- the question set ------------------------------------------------------------------------

def current_content(session: Session, project: Project, stage: str = "selection") -> dict:
    """The question set as it would be published now; the selection set also keeps the profile and
    tailoring it was made from, so documents follow what was published, not unpublished edits."""
    domains = project.catalog_version.content["meta"]["domains"]
    content = snapshot.build(projects.requirements_of(session, project), domains, stage)
    if stage == "selection":
        content["basis"] = projects.basis_of(project)
    return content


def latest_version(session: Session, project_id: int, stage: str = "selection") -> QuestionnaireVersion | None:
    return session.scalar(select(QuestionnaireVersion)
                          .where(QuestionnaireVersion.project_id == project_id, QuestionnaireVersion.stage == stage)
                          .order_by(QuestionnaireVersion.number.desc()).limit(1))


def version_for(session: Session, invitation: Invitation) -> QuestionnaireVersion | None:
    """The question set this invitation answers: its stage's latest version."""
    return latest_version(session, invitation.project_id, invitation.stage)


def all_versions(session: Session, project_id: int, stage: str = "selection") -> list[QuestionnaireVersion]:
    return list(session.scalars(select(QuestionnaireVersion)
                                .where(QuestionnaireVersion.project_id == project_id,
                                       QuestionnaireVersion.stage == stage)
                                .order_by(QuestionnaireVersion.number)))


def _new_version(session: Session, project: Project, content: dict, note: str, number: int,
                 stage: str = "selection"):
    version = QuestionnaireVersion(project_id=project.id, stage=stage, number=number, stored_content=content,
                                   content_hash=snapshot.content_hash(content), note=note,
                                   created_at=utcnow())
    session.add(version)
    session.flush()
    return version


def freeze(session: Session, actor: Actor, project: Project) -> QuestionnaireVersion:
    """The selection version vendors answer; made from the current requirements on first use."""
    version = latest_version(session, project.id)
    if version is not None:
        return version
    content = current_content(session, project)
    if not content["items"]:
        raise QuestionnaireError("対象の要件がないため、質問票を作れません。要件を確認してください。")
    version = _new_version(session, project, content, "", 1)
    record(session, actor, "questionnaire.freeze", "project", project.id,
           after={"version": 1, "hash": version.content_hash, "items": len(content["items"])})
    return version


def operations_version(session: Session, actor: Actor, project: Project) -> QuestionnaireVersion:
    """The operations question set a round after the contract answers: frozen when the first round
    starts, a new version (with a notice) when the requirements changed since the last round."""
    version = latest_version(session, project.id, "operations")
    content = current_content(session, project, "operations")
    if version is not None and version.content_hash == snapshot.content_hash(content):
        return version
    if not content["items"]:
        raise QuestionnaireError("契約後に確認する項目（履行・監督の質問）がないため、回を開始できません。")
    number = version.number + 1 if version else 1
    note = "" if version is None else "契約後の確認項目を、前回の回以降の要件の変更に合わせて更新しました。"
    new = _new_version(session, project, content, note, number, "operations")
    record(session, actor, "questionnaire.freeze", "project", project.id,
           after={"stage": "operations", "version": number, "hash": new.content_hash,
                  "items": len(content["items"])})
    return new


def pending_change(session: Session, project: Project) -> tuple[list, list, list, bool] | None:
    """(added, removed, changed questions, whether the contract documents change too) since the
    published version, or None when nothing changed."""
    version = latest_version(session, project.id)
    if version is None:
        return None
    current = current_content(session, project)
    diff = snapshot.changed_items(version.content, current)
    documents = version.content.get("basis") != current["basis"]
    return (*diff, documents) if any(diff) or documents else None


def publish_change(session: Session, actor: Actor, project: Project, note: str):
    """A new version with a 変更通知; vendors who already submitted get the affected items back."""
    note = note.strip()
    if not note:
        raise QuestionnaireError("変更通知の内容（何をなぜ変えたか）を入力してください。")
    diff = pending_change(session, project)
    if diff is None:
        raise QuestionnaireError("質問票に変更はありません。")
    old = latest_version(session, project.id)
    version = _new_version(session, project, current_content(session, project), note, old.number + 1)
    added, removed, changed, _documents = diff
    for invitation in invitations_of(session, project.id):
        if invitation.round_id is None and invitation.state in ("submitted", "returned"):
            _apply_change(session, invitation, added + changed, removed, actor.name)
    record(session, actor, "questionnaire.change", "project", project.id,
           before={"version": old.number}, after={"version": version.number, "note": note,
                                                  "added": added, "removed": removed, "changed": changed})
    return version


# --- invitations -----------------------------------------------------------------------------

def invitations_of(session: Session, project_id: int) -> list[Invitation]:
    return list(session.scalars(select(Invitation).where(Invitation.project_id == project_id)
                                .options(selectinload(Invitation.vendor), selectinload(Invitation.answers),
                                         selectinload(Invitation.returns))
                                .order_by(Invitation.id)))


@dataclass(frozen=True)
class Issued:
    invitation: Invitation
    token: str  # shown once; only its hash is kept


def invite(session: Session, actor: Actor, project: Project, vendor: Vendor) -> Issued:
    project = lock_row(session, Project, project.id)  # two staff inviting at once: one invitation
    if project.deadline is None:
        raise QuestionnaireError("回答期限が設定されていません。案件の編集で回答期限を入力してください。")
    if project.status not in ("draft", "open"):
        raise QuestionnaireError("回答受付を終えた案件には招待できません。")
    if to_jst(utcnow()).date() > project.deadline:
        raise QuestionnaireError("回答期限を過ぎています。回答期限を変更してから招待してください。")
    active = [i for i in invitations_of(session, project.id)
              if i.vendor_id == vendor.id and i.revoked_at is None]
    if active:
        raise QuestionnaireError(f"{vendor.name} は既に招待済みです。リンクを再発行する場合は招待の画面から行ってください。")
    freeze(session, actor, project)
    if project.status == "draft":
        projects.advance_status(session, actor, project, "open")
    token = links.new_token()
    now = utcnow()
    invitation = Invitation(project=project, vendor=vendor, token_hash=links.token_hash(token),
                            state="open", created_at=now,
                            expires_at=links.link_expiry(project.deadline, LINK_GRACE_DAYS))
    session.add(invitation)
    session.flush()
    record(session, actor, "invitation.create", "invitation", invitation.id,
           after={"project": project.id, "vendor": vendor.id, "expires_at": invitation.expires_at})
    return Issued(invitation, token)


def reissue(session: Session, actor: Actor, invitation: Invitation) -> Issued:
    """A new link for the same invitation (answers kept); the old link stops working."""
    if invitation.answer_deadline is None:
        raise QuestionnaireError("回答期限が設定されていません。")
    token = links.new_token()
    invitation.token_hash, invitation.revoked_at = links.token_hash(token), None
    invitation.expires_at = max(invitation.expires_at,
                                links.link_expiry(invitation.answer_deadline, LINK_GRACE_DAYS))
    session.flush()
    record(session, actor, "invitation.reissue", "invitation", invitation.id)
    return Issued(invitation, token)


def revoke(session: Session, actor: Actor, invitation: Invitation) -> None:
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        session.flush()
        record(session, actor, "invitation.revoke", "invitation", invitation.id)


def open_link(session: Session, token: str) -> Invitation:
    """The invitation behind a vendor link, or LinkInvalid."""
    if not token or len(token) > 200:
        raise LinkInvalid("unknown")
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == links.token_hash(token)))
    if invitation is None:
        raise LinkInvalid("unknown")
    if invitation.revoked_at is not None:
        raise LinkInvalid("revoked")
    if utcnow() > invitation.expires_at:
        raise LinkInvalid("expired")
    return invitation


# --- answering -------------------------------------------------------------------------------

def entries_of(invitation: Invitation) -> dict[str, rules.Entry]:
    return {a.control_id: rules.Entry(a.value, a.na, a.comment, a.nondisclosure,
                                      a.nondisclosure_reason, a.prefilled) for a in invitation.answers}


def open_returns(invitation: Invitation) -> dict[str, ItemReturn]:
    return {r.control_id: r for r in invitation.returns if r.resolved_at is None}


def deadline_passed(invitation: Invitation, now: datetime | None = None) -> bool:
    return to_jst(now or utcnow()).date() > invitation.answer_deadline


def editable_ids(invitation: Invitation, content: dict) -> set[str]:
    return rules.editable(invitation.state, deadline_passed(invitation), set(open_returns(invitation)),
                          {i["id"] for i in content["items"]})


def closed_reason(invitation: Invitation) -> str:
    """Why nothing may be changed any more, in the vendor's words."""
    if invitation.state == "submitted":
        return ("この回答は既に提出されています（同時に開いていた別の画面から提出された可能性があります）。"
                "画面を再読み込みして、提出した内容を確認してください。今回の入力内容は保存されていません。")
    return "回答期限を過ぎたか提出済みのため、回答は変更できません。入力内容は保存されていません。"


def _lock(session: Session, invitation: Invitation, content: dict) -> set[str]:
    """Locks the invitation (saves and submits of one vendor run one after another) and returns
    the items editable now, as the previous request left them; Conflict when none is."""
    lock_row(session, Invitation, invitation.id)
    allowed = editable_ids(invitation, content)
    if not allowed:
        raise Conflict(closed_reason(invitation))
    return allowed


@dataclass(frozen=True)
class SaveResult:
    saved: int
    problems: list  # (item, message) for values kept but not acceptable for a submit


def save(session: Session, invitation: Invitation, content: dict, sent: dict[str, rules.Entry],
         remote_addr: str | None) -> SaveResult:
    """Stores every editable item as typed (a draft needs no completeness); refuses the whole
    save only for items the vendor may not change."""
    allowed = _lock(session, invitation, content)
    refused = sorted(set(sent) - allowed)
    if refused:
        raise QuestionnaireError(f"変更できない項目が含まれています: {'、'.join(refused)}")
    items = {i["id"]: i for i in content["items"]}
    existing = {a.control_id: a for a in invitation.answers}
    now, changed = utcnow(), {}
    for cid, entry in sent.items():
        answer = existing.get(cid)
        before = _entry_dict(answer) if answer else None
        after = {"value": entry.value, "na": entry.na, "comment": entry.comment,
                 "nondisclosure": entry.nondisclosure, "nondisclosure_reason": entry.nondisclosure_reason}
        if before == after:
            if answer is not None and answer.prefilled and entry.confirmed:
                answer.prefilled, answer.updated_at = False, now  # 前回回答のとおり: confirmed as is
                changed[cid] = (dict(before, prefilled=True), dict(after, prefilled=False))
            continue
        if answer is None:
            answer = Answer(control_id=cid, updated_at=now)
            invitation.answers.append(answer)
        answer.value, answer.na, answer.comment = entry.value, entry.na, entry.comment
        answer.nondisclosure, answer.nondisclosure_reason = entry.nondisclosure, entry.nondisclosure_reason
        answer.updated_at, answer.prefilled = now, False  # changed by the vendor: no longer 前回回答
        changed[cid] = (before, after)
    invitation.last_activity_at = now
    session.flush()
    if changed:
        record(session, vendor_actor(invitation, remote_addr), "answer.save", "invitation", invitation.id,
               **changes.audit_payload(changed))  # what changed, long text bounded
    problems = [(items[cid], msg) for cid in sent
                if (msg := rules.value_problem(items[cid], sent[cid]))]
    return SaveResult(len(changed), problems)


def _entry_dict(a: Answer) -> dict:
    return {"value": a.value, "na": a.na, "comment": a.comment, "nondisclosure": a.nondisclosure,
            "nondisclosure_reason": a.nondisclosure_reason}


class EvidenceNotice(Exception):
    """A submit that would leave required evidence missing: the vendor is told first which items
    will be judged 証跡不足, and submits anyway only by saying so. Nothing was submitted."""

    def __init__(self, gaps: list[tuple[dict, list[dict]]]):
        super().__init__(", ".join(item["id"] for item, _kinds in gaps))
        self.gaps = gaps


def submit(session: Session, invitation: Invitation, version: QuestionnaireVersion,
           remote_addr: str | None, acknowledged: set[str] | None = None) -> list:
    """Submits when nothing is missing; otherwise returns the (item, reason) list, changing nothing.
    acknowledged: the items the vendor was shown as lacking required evidence and chose to submit
    anyway; any other such item raises EvidenceNotice. None (offline import, CLI) does not ask."""
    content = version.content
    _lock(session, invitation, content)
    only = set(open_returns(invitation)) if invitation.state == "returned" else None
    blocking = rules.missing(content["items"], entries_of(invitation), only)
    if blocking:
        return blocking
    gaps = evidence_gaps.of_invitations(session, [invitation], version, only)[invitation.id]
    if acknowledged is not None and {item["id"] for item, _kinds in gaps} - acknowledged:
        raise EvidenceNotice(gaps)
    now = utcnow()
    for r in open_returns(invitation).values():
        r.resolved_at = now
    invitation.state, invitation.submitted_at, invitation.last_activity_at = "submitted", now, now
    number = (session.scalar(select(func.max(Submission.number))
                             .where(Submission.invitation_id == invitation.id)) or 0) + 1
    session.add(Submission(invitation_id=invitation.id, number=number, version_number=version.number,
                           submitted_at=now,
                           answers={a.control_id: _entry_dict(a) for a in invitation.answers}))
    session.flush()
    after = {"submission": number, "version": version.number}
    if gaps:  # submitted knowing these will be judged 証跡不足
        after["evidence_missing"] = {item["id"]: [e["kind"] for e in kinds] for item, kinds in gaps}
    record(session, vendor_actor(invitation, remote_addr), "questionnaire.submit", "invitation",
           invitation.id, after=after)
    return []


def submissions_of(session: Session, invitation_id: int) -> list[Submission]:
    return list(session.scalars(select(Submission).where(Submission.invitation_id == invitation_id)
                                .order_by(Submission.number)))


def _apply_change(session, invitation: Invitation, reopened: list[str], removed: list[str], by: str) -> None:
    """After a change notice: new or changed items open again; returns of removed items close
    (and with none left, the answers stand as submitted)."""
    now = utcnow()
    for r in open_returns(invitation).values():
        if r.control_id in removed:
            r.resolved_at = now
    if reopened:
        return_to_vendor(session, invitation, dict.fromkeys(reopened, "質問票の変更通知により回答が必要です。"), by)
    elif invitation.state == "returned" and not open_returns(invitation):
        invitation.state = "submitted"
    session.flush()


def return_to_vendor(session, invitation, comments: dict[str, str], by: str) -> None:
    """Opens these items to the vendor again, each with its comment."""
    now, already = utcnow(), open_returns(invitation)
    for cid, comment in comments.items():
        if cid in already:
            already[cid].comment = comment
        else:
            invitation.returns.append(ItemReturn(control_id=cid, comment=comment, returned_at=now,
                                                 returned_by=by))
    invitation.state = "returned"
    session.flush()


def return_items(session: Session, actor: Actor, invitation: Invitation, comments: dict[str, str]) -> None:
    """差戻し: the vendor may then change only these items, and sees each comment."""
    if invitation.state != "submitted":
        raise QuestionnaireError("提出済みの回答だけを差し戻せます。")
    comments = {cid: c.strip() for cid, c in comments.items()}
    if not comments:
        raise QuestionnaireError("差し戻す項目を選んでください。")
    asked = {i["id"] for i in version_for(session, invitation).content["items"]}
    unknown = sorted(cid[:20] for cid in comments if cid not in asked)
    if unknown:
        raise QuestionnaireError(f"質問票にない項目は差し戻せません: {'、'.join(unknown)}")
    empty = [cid for cid, c in comments.items() if not c]
    if empty:
        raise QuestionnaireError(f"差し戻す理由（コメント）を入力してください: {'、'.join(empty)}")
    return_to_vendor(session, invitation, comments, actor.name)
    record(session, actor, "invitation.return", "invitation", invitation.id, after=comments)
