"""What the review page shows for each requirement, precomputed (the template only lays out)."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assess.catalog.schema import PRIORITY_LABELS
from assess.evidence import services as evidence
from assess.evidence import sitevisits
from assess.evidence.views import staff_urls
from assess.questionnaires import services as questionnaires
from assess.questionnaires.answers import Entry
from assess.questionnaires.models import Invitation
from assess.questionnaires.page import evidence_view, shown_value
from assess.reviews.facts import current_decisions, reviews_of, score_inputs
from assess.reviews.services import DECISIONS
from assess.scoring.engine import score
from assess.scoring.model import STATUS_LABELS, VERDICT_LABELS
from assess.util.clock import to_jst, utcnow
from assess.util.wareki import format_date


@dataclass(frozen=True)
class Row:
    item: dict
    shown: str
    comment: str
    nondisclosure: str
    evidence: tuple
    observations: tuple[str, ...]
    photos: tuple
    status: str
    status_label: str
    reason: str
    decision: str
    decision_label: str
    decision_comment: str
    reviewer: str
    revision: int
    returned: str
    outdated: str = ""  # a decision made before the vendor changed the answer: 「承認」
    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS[self.item["priority"]]


def _keep(row: Row, chosen: str) -> bool:
    if chosen == "unreviewed":
        return not row.decision
    if chosen == "must":
        return row.item["priority"] == "must"
    if chosen == "gaps":
        return row.status not in ("met", "na")
    if chosen == "returned":
        return bool(row.returned)
    return True


def review_context(session: Session, invitation: Invitation, chosen: str) -> dict:
    version = questionnaires.version_for(session, invitation)
    today = to_jst(utcnow()).date()
    facts = score_inputs(session, [invitation], version, today)
    result = score(facts[invitation.id])
    judged = {r.control_id: r for r in result.results}
    all_decisions = reviews_of(session, [invitation.id])[invitation.id]
    decisions = current_decisions(all_decisions, invitation)
    answers = questionnaires.entries_of(invitation)
    files = evidence.by_control(evidence.of_invitation(session, invitation.id))
    visits = sitevisits.of_invitation(session, invitation.id)
    photos = evidence.by_control(evidence.of_site_visits(session, [v.id for v in visits]))
    returns = questionnaires.open_returns(invitation)
    rows = []
    for item in version.content["items"]:
        cid, entry = item["id"], answers.get(item["id"], Entry())
        decided, judgement = decisions.get(cid), judged[cid]
        seen = tuple(f"{format_date(v.visited_on)} {sitevisits.RESULTS[o.result]}" + (f"：{o.note}" if o.note else "")
                     for v in visits for o in v.observations if o.control_id == cid)
        rows.append(Row(item, shown_value(item, entry), entry.comment,
                        entry.nondisclosure_reason if entry.nondisclosure else "",
                        tuple(evidence_view(e, *staff_urls(e)) for e in files.get(cid, ())), seen,
                        tuple(evidence_view(e, *staff_urls(e)) for e in photos.get(cid, ())),
                        judgement.status, STATUS_LABELS[judgement.status], judgement.reason,
                        decided.decision if decided else "", DECISIONS.get(decided.decision, "") if decided else "",
                        decided.comment if decided else "", decided.reviewer if decided else "",
                        all_decisions[cid].revision if cid in all_decisions else 0,
                        returns[cid].comment if cid in returns else "",
                        DECISIONS[all_decisions[cid].decision] if cid in all_decisions and not decided else ""))
    return {"invitation": invitation, "project": invitation.project, "result": result,
            "verdict_label": "" if result.verdict == "pass" else VERDICT_LABELS[result.verdict],
            "rows": [r for r in rows if _keep(r, chosen)], "total": len(rows),
            "left": sum(1 for r in rows if not r.decision), "decisions": DECISIONS}
