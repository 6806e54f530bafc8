"""Recording review decisions with optimistic locking: two reviewers saving the same item at
once never overwrite each other silently; the second is told and nothing is lost."""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from assess.audit.services import Actor, record
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Invitation
from assess.reviews.models import Review
from assess.util.clock import utcnow

DECISIONS = {"accept": "承認", "query": "要確認", "reject": "不適合"}


class ReviewError(ValueError):
    pass


class ReviewConflict(ReviewError):
    """Someone saved this item since the reviewer opened it."""


def decide(session: Session, actor: Actor, invitation: Invitation, control_id: str, decision: str,
           comment: str, seen_revision: int) -> Review:
    """`seen_revision`: the revision the reviewer's page showed (0: no decision yet)."""
    asked = {i["id"] for i in questionnaires.version_for(session, invitation).content["items"]}
    if control_id not in asked:
        raise ReviewError(f"要件 {control_id[:20]} はこの質問票にありません。")
    if decision not in DECISIONS:
        raise ReviewError("判定（承認・要確認・不適合）を選んでください。")
    comment = (comment or "").strip()
    if decision in ("query", "reject") and not comment:
        raise ReviewError(f"「{DECISIONS[decision]}」にするときは、理由をコメントに入力してください。")
    if decision == "query" and invitation.state == "open":
        raise ReviewError("提出前の回答は差し戻せません。提出後に「要確認」にしてください。")
    current = session.scalar(select(Review).where(Review.invitation_id == invitation.id,
                                                  Review.control_id == control_id))
    if (current.revision if current else 0) != seen_revision:
        raise ReviewConflict(_conflict_message(current))
    before = _summary(current) if current else None
    if current is None:
        current = Review(invitation_id=invitation.id, control_id=control_id)
        session.add(current)
    current.decision, current.comment = decision, comment
    current.reviewer, current.decided_at = actor.name, utcnow()
    try:
        session.flush()
    except (IntegrityError, StaleDataError):  # the caller rolls back
        raise ReviewConflict("他の職員が同時にこの項目を保存しました。最新の内容を確認してから、もう一度保存してください。") from None
    if decision == "query":
        questionnaires.return_to_vendor(session, invitation, {control_id: comment}, actor.name)
    record(session, actor, "review.decide", "invitation", invitation.id,
           before=before, after={"control": control_id, **_summary(current)})
    return current


def _summary(r: Review) -> dict:
    return {"decision": r.decision, "comment": r.comment, "reviewer": r.reviewer}


def _conflict_message(current: Review | None) -> str:
    if current is None:
        return "この項目の判定は取り消されています。最新の内容を確認してから保存してください。"
    return (f"他の職員（{current.reviewer}）が先にこの項目を「{DECISIONS[current.decision]}」として保存しました"
            f"（コメント: {current.comment or 'なし'}）。最新の内容を確認してから、もう一度保存してください。"
            "入力した内容は下に残してあります。")
