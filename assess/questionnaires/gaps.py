"""Required evidence still missing: the items the scorer judges 証跡不足 for want of a file as things
stand (an answer that fails is 不適合 whatever is attached, so it is not one of them), and which
evidence each lacks. Asked at submit, so the vendor is told first, and when a 補正 window opens."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.evidence.models import Evidence
from assess.questionnaires import answers as rules
from assess.questionnaires.models import Invitation, QuestionnaireVersion
from assess.reviews.facts import score_inputs
from assess.scoring.engine import score
from assess.util.clock import to_jst, utcnow

Gaps = list[tuple[dict, list[dict]]]  # (item, required evidence not attached)


def present_kinds(session: Session, invitation_ids: list[int]) -> dict[int, dict[str, set[str]]]:
    """{invitation: {control: evidence kinds attached}} in one query."""
    out: dict[int, dict[str, set[str]]] = {i: {} for i in invitation_ids}
    rows = session.execute(select(Evidence.invitation_id, Evidence.control_id, Evidence.kind)
                           .where(Evidence.invitation_id.in_(invitation_ids), Evidence.removed_at.is_(None)))
    for invitation_id, control_id, kind in rows:
        out[invitation_id].setdefault(control_id, set()).add(kind)
    return out


def _judged(result) -> set[str]:
    """証跡不足 now, or sent back to the vendor (要確認) while the automatic judgement says so."""
    return {r.control_id for r in result.results if r.status == "evidence_missing"
            or (r.status == "query" and r.automatic_status == "evidence_missing")}


def of_invitations(session: Session, invitations: list[Invitation], version: QuestionnaireVersion,
                   only: set[str] | None = None) -> dict[int, Gaps]:
    """{invitation: gaps}, with one scoring pass for all of them; `only` limits the items."""
    if not invitations:
        return {}
    inputs = score_inputs(session, invitations, version, today=to_jst(utcnow()).date())
    present = present_kinds(session, [i.id for i in invitations])
    out = {}
    for inv in invitations:
        judged = _judged(score(inputs[inv.id]))
        out[inv.id] = rules.missing_evidence(version.content["items"], present[inv.id],
                                             judged if only is None else judged & only)
    return out
