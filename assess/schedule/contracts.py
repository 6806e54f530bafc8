"""Contracts and re-review rounds: the chosen vendor, the cycle, rounds planned or triggered,
and starting a round as a questionnaire pre-filled with the last accepted answers."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.core.locks import lock_row
from assess.evidence.models import Evidence
from assess.projects.models import Project
from assess.questionnaires import links
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Answer, Invitation
from assess.reviews import comparison
from assess.schedule.models import Contract, ReviewRound
from assess.schedule.rules import add_months
from assess.util.clock import utcnow

TRIGGERS = {"start": "契約開始時の確認", "cycle": "定期", "incident": "インシデントの報告", "subcontract": "再委託先の変更",
            "certificate": "認証の期限切れ・更新", "other": "その他"}
CYCLES = {3: "3か月ごと", 6: "6か月ごと", 12: "12か月ごと"}
MAX_REASON = 4000


class ContractError(ValueError):
    pass


def contract_of(session: Session, project_id: int) -> Contract | None:
    return session.scalar(select(Contract).where(Contract.project_id == project_id))


def standing(candidate) -> str:
    """Why choosing this candidate needs a recorded reason, in words ("" for the clear first): it
    is not first-ranked, or is 失格 or 判定保留 in the comparison (None: not compared at all)."""
    if candidate is None:
        return "比較の対象外"
    label = getattr(candidate, "verdict_label", None) or ""  # the comparison's own verdict, when it gives one
    if candidate.result.disqualified:
        return label if "失格" in label else "失格（必須要件の不適合）"
    if "失格" in label or "保留" in label:
        return label
    rank = candidate.ranked.rank
    if rank is None:
        return getattr(candidate, "rank_label", None) or "順位なし"
    return "" if rank == 1 else f"第{rank}位"


def standings(session: Session, project: Project) -> dict[int, str]:
    """{invitation id: why a reason is needed, or ""} for every compared candidate."""
    return {c.invitation.id: standing(c) for c in comparison.candidates(session, project)[1]}


def _award(session: Session, project: Project, invitation: Invitation, reason: str,
           approver: str) -> tuple[str, str, str]:
    """(standing, reason, approver), refusing a lower-ranked, 失格 or 判定保留 choice without both."""
    reason, approver = (reason or "").strip(), (approver or "").strip()
    why = standings(session, project).get(invitation.id, standing(None))
    if why and not (reason and approver):
        missing = "と".join(w for w, v in (("選定理由", reason), ("承認者の氏名・職名", approver)) if not v)
        raise ContractError(f"{invitation.vendor.name}は評価で「{why}」です。この事業者と契約する場合は、"
                            f"{missing}を入力してください（評価結果報告書と監査ログに記録されます）。")
    if len(reason) > MAX_REASON:
        raise ContractError(f"選定理由は{MAX_REASON:,}文字以内で入力してください。")
    if len(approver) > 200:
        raise ContractError("承認者の氏名・職名は200文字以内で入力してください。")
    return why, reason, approver


def create(session: Session, actor: Actor, project: Project, invitation: Invitation, start: date | None,
           end: date | None, cycle_months: int | None, first_review_on: date | None,
           award_reason: str = "", approver: str = "") -> Contract:
    if contract_of(session, project.id) is not None:
        raise ContractError("この案件は既に契約済みです。")
    if invitation.project_id != project.id or invitation.state != "submitted":
        raise ContractError("契約先には、この案件で回答を提出した事業者を選んでください。")
    why, award_reason, approver = _award(session, project, invitation, award_reason, approver)
    if not (start and end) or end < start:
        raise ContractError("契約期間（開始日と終了日）を正しく入力してください。")
    if not cycle_months or not 1 <= cycle_months <= 36:
        raise ContractError("再レビューの周期を1〜36か月で指定してください。")
    first = first_review_on or add_months(start, cycle_months)
    if not start <= first <= end:
        raise ContractError("最初の再レビュー日は契約期間内にしてください。")
    contract = Contract(project=project, invitation_id=invitation.id, vendor_id=invitation.vendor_id,
                        start_on=start, end_on=end, cycle_months=cycle_months, first_review_on=first,
                        award_reason=award_reason, approver=approver, created_at=utcnow())
    # 契約開始時の確認 (records due before work starts), then the first cycle round
    contract.rounds.append(ReviewRound(number=1, trigger="start", due_on=start))
    contract.rounds.append(ReviewRound(number=2, trigger="cycle", due_on=first))
    session.add(contract)
    before = project.status
    project.status, project.contract_start, project.contract_end = "contracted", start, end
    session.flush()
    record(session, actor, "contract.create", "contract", contract.id, before={"project_status": before},
           after={"project": project.id, "vendor": invitation.vendor_id, "start": start, "end": end,
                  "cycle_months": cycle_months, "first_review_on": first,
                  "standing": why or "第1位", "award_reason": award_reason, "approver": approver})
    return contract


def trigger(session: Session, actor: Actor, contract: Contract, kind: str, note: str, due_on: date | None) -> ReviewRound:
    """An event (incident, 再委託 change, certificate) calls for a re-review outside the cycle."""
    if kind not in TRIGGERS or kind == "cycle":
        raise ContractError("再レビューのきっかけを選んでください。")
    if not note.strip():
        raise ContractError("きっかけとなった出来事の内容を入力してください。")
    if len(note) > 4000:
        raise ContractError("内容は4,000文字以内で入力してください。")
    if due_on is None:
        raise ContractError("再レビューの期限を入力してください。")
    number = max((r.number for r in contract.rounds), default=0) + 1
    found = ReviewRound(number=number, trigger=kind, note=note.strip(), due_on=due_on)
    contract.rounds.append(found)
    session.flush()
    record(session, actor, "round.trigger", "contract", contract.id,
           after={"round": number, "trigger": kind, "note": found.note, "due_on": due_on})
    return found


def last_round(session: Session, contract: Contract) -> Invitation | None:
    """The latest submitted round after the contract (operations answers), if any."""
    rounds = [r for r in contract.rounds if r.invitation_id]
    for r in sorted(rounds, key=lambda r: r.number, reverse=True):
        inv = session.get(Invitation, r.invitation_id)
        if inv.state == "submitted":
            return inv
    return None


def current_certificates(session: Session, contract: Contract) -> list[Evidence]:
    """Each control's certificate as last submitted: from the latest submitted round that has one,
    else from the answers the contract was awarded on."""
    rounds = sorted((r for r in contract.rounds if r.invitation_id), key=lambda r: r.number, reverse=True)
    order = [r.invitation_id for r in rounds] + [contract.invitation_id]
    submitted = set(session.scalars(select(Invitation.id).where(Invitation.id.in_(order),
                                                                Invitation.state == "submitted")))
    found = session.scalars(select(Evidence).where(Evidence.invitation_id.in_(order), Evidence.kind == "certificate",
                                                   Evidence.removed_at.is_(None), Evidence.valid_until.is_not(None)))
    latest: dict[str, Evidence] = {}
    rank = {inv: n for n, inv in enumerate(order)}
    for e in sorted(found, key=lambda e: rank[e.invitation_id]):
        if e.invitation_id in submitted or e.invitation_id == contract.invitation_id:
            latest.setdefault(e.control_id, e)
    return list(latest.values())


def start(session: Session, actor: Actor, contract: Contract, found: ReviewRound, deadline: date | None):
    """A round of the operations questionnaire for the contracted vendor; from the second round on
    pre-filled (前回回答) with the previous evidence carried over. Returns the link (shown once)."""
    lock_row(session, ReviewRound, found.id)  # two staff starting it at once: one link, not two
    if found.invitation_id is not None:
        raise ContractError("この再レビューは開始済みです。")
    if deadline is None:
        raise ContractError("事業者の回答期限を入力してください。")
    previous = last_round(session, contract)
    version = questionnaires.operations_version(session, actor, contract.project)
    token, now = links.new_token(), utcnow()
    invitation = Invitation(project_id=contract.project_id, vendor_id=contract.vendor_id,
                            token_hash=links.token_hash(token), state="open", created_at=now,
                            deadline=deadline, round_id=found.id,
                            expires_at=links.link_expiry(deadline, questionnaires.LINK_GRACE_DAYS))
    asked = {i["id"] for i in version.content["items"]}
    for a in previous.answers if previous else ():
        if a.control_id in asked:
            invitation.answers.append(Answer(control_id=a.control_id, value=a.value, na=a.na, comment=a.comment,
                                             nondisclosure=a.nondisclosure, nondisclosure_reason=a.nondisclosure_reason,
                                             updated_at=now, prefilled=True))
    session.add(invitation)
    session.flush()
    carried = previous.id if previous else -1  # the contract-start round starts empty
    for e in session.scalars(select(Evidence).where(Evidence.invitation_id == carried,
                                                    Evidence.removed_at.is_(None))):
        session.add(Evidence(project_id=e.project_id, invitation_id=invitation.id, control_id=e.control_id,
                             sha256=e.sha256, display_name=e.display_name, kind=e.kind, valid_until=e.valid_until,
                             registration_number=e.registration_number, nondisclosure=e.nondisclosure,
                             nondisclosure_reason=e.nondisclosure_reason, uploaded_by=f"carried:{e.id}",
                             uploaded_at=now))
    found.invitation_id, found.started_at = invitation.id, now
    session.flush()
    record(session, actor, "round.start", "contract", contract.id,
           after={"round": found.number, "invitation": invitation.id, "from": previous.id if previous else None,
                  "deadline": deadline})
    return questionnaires.Issued(invitation, token)


def complete(session: Session, actor: Actor, contract: Contract, found: ReviewRound) -> ReviewRound | None:
    """Closes a round once the vendor has submitted; plans the next cycle round if the contract runs."""
    invitation = session.get(Invitation, found.invitation_id) if found.invitation_id else None
    if invitation is None or invitation.state != "submitted":
        raise ContractError("事業者が回答を提出してから完了にしてください。")
    found.completed_at = utcnow()
    following = None
    if found.trigger == "cycle":
        due = add_months(found.due_on, contract.cycle_months)
        planned = [r for r in contract.rounds if r.trigger == "cycle" and r.completed_at is None and r is not found]
        if due <= contract.end_on and not planned:
            following = ReviewRound(number=max(r.number for r in contract.rounds) + 1, trigger="cycle", due_on=due)
            contract.rounds.append(following)
    session.flush()
    record(session, actor, "round.complete", "contract", contract.id,
           after={"round": found.number, "next_due": following.due_on if following else None})
    return following
