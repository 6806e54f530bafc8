"""Everything known about one vendor's answers, as the scorer's plain inputs: the frozen
question set, the answers, the evidence, staff decisions and site-visit observations."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.evidence.models import Evidence, Observation, SiteVisit
from assess.questionnaires.models import Invitation, QuestionnaireVersion
from assess.reviews.models import Review
from assess.scoring.model import AnswerIn, DecisionIn, EvidenceIn, ObservationIn, Req, ScoreInput


def requirement(item: dict) -> Req:
    expect, group = item["expect"], item.get("any_of") or {}
    value = tuple(expect["value"]) if isinstance(expect["value"], list) else expect["value"]
    return Req(control_id=item["id"], domain_id=item["domain"], title=item["title"],
               priority=item["priority"], weight=item["weight"], answer_type=item["answer"]["type"],
               expect_form=expect["form"], expect_value=value,
               threshold_label=item.get("threshold_label", ""), unit=item["answer"]["unit"],
               allow_na=item["answer"]["allow_na"],
               option_labels={o["value"]: o["ja"] for o in item["answer"]["options"]},
               required_evidence=tuple(e["kind"] for e in item["evidence"] if e["required"]),
               whole=bool(item["answer"].get("whole")), any_of=group.get("id", ""),
               any_of_label=group.get("label", ""))


def current_decisions(decisions: dict[str, Review], invitation: Invitation) -> dict[str, Review]:
    """Decisions made on the answer as it stands: one made before the vendor changed that answer
    no longer counts (the item needs reviewing again)."""
    changed = {a.control_id: a.updated_at for a in invitation.answers}
    return {cid: r for cid, r in decisions.items() if cid not in changed or r.decided_at >= changed[cid]}


def reviews_of(session: Session, invitation_ids: list[int]) -> dict[int, dict[str, Review]]:
    out: dict[int, dict[str, Review]] = {i: {} for i in invitation_ids}
    for r in session.scalars(select(Review).where(Review.invitation_id.in_(invitation_ids))):
        out[r.invitation_id][r.control_id] = r
    return out


def days(invitation: Invitation) -> dict[str, date | None]:
    """The days a certificate may have to be valid on (`expect: valid_at`): the answer deadline
    (a re-review round's own) and the contract start. A round after the contract judges every
    validity on its own deadline: a certificate valid when work started may have lapsed since."""
    deadline = invitation.answer_deadline
    start = invitation.project.contract_start if invitation.round_id is None else deadline
    return {"answer_deadline": deadline, "contract_start": start}


def score_inputs(session: Session, invitations: list[Invitation], version: QuestionnaireVersion,
                 today: date) -> dict[int, ScoreInput]:
    """ScoreInput per invitation, in a fixed number of queries whatever the number of vendors."""
    ids = [i.id for i in invitations]
    reqs = tuple(requirement(item) for item in version.content["items"])
    files = session.scalars(select(Evidence).where(Evidence.invitation_id.in_(ids),
                                                   Evidence.removed_at.is_(None))).all()
    seen = session.execute(select(SiteVisit.invitation_id, Observation)
                           .join(Observation, Observation.site_visit_id == SiteVisit.id)
                           .where(SiteVisit.invitation_id.in_(ids))
                           .order_by(SiteVisit.visited_on, Observation.id)).all()
    decisions = reviews_of(session, ids)
    out = {}
    for inv in invitations:
        out[inv.id] = ScoreInput(
            requirements=reqs,
            answers=tuple(AnswerIn(a.control_id, a.value, a.na, a.comment) for a in inv.answers),
            evidence=tuple(EvidenceIn(e.control_id, e.kind, e.valid_until) for e in files
                           if e.invitation_id == inv.id),
            decisions=tuple(DecisionIn(r.control_id, r.decision, r.comment)
                            for r in current_decisions(decisions[inv.id], inv).values()),
            observations=tuple(ObservationIn(o.control_id, o.result, o.note)
                               for inv_id, o in seen if inv_id == inv.id),
            today=today, **days(inv))
    return out
