"""Requirements that one of a group satisfies (「ISMS又はプライバシーマークのいずれか」), settled
after each requirement is judged on its own (rule 5 in `rules.py`). Pure."""

from collections import defaultdict
from dataclasses import replace

from assess.scoring import reasons
from assess.scoring.model import Req, RequirementResult

# From the best to the worst; 該当なし last, as in a group it means "we do not hold it".
_BEST_FIRST = ("met", "partial", "pending_review", "query", "evidence_expired", "evidence_missing",
               "gap", "unanswered", "na")


def _rank(result: RequirementResult) -> tuple[int, int]:
    """A returned answer (要確認) ranks by what the rules had said of it."""
    def place(status: str) -> int:
        return _BEST_FIRST.index(status) if status in _BEST_FIRST else len(_BEST_FIRST)
    return place(result.status), place(result.automatic_status)


def settle(reqs: tuple[Req, ...], results: tuple[RequirementResult, ...]) -> tuple[RequirementResult, ...]:
    """The results with each any-of group judged once: its best member stands for it, the others
    drop out of the score and the disqualification like 該当なし, saying why."""
    members: dict[str, list[int]] = defaultdict(list)
    for n, req in enumerate(reqs):
        if req.any_of:
            members[req.any_of].append(n)
    out = list(results)
    for indices in members.values():
        best = min(indices, key=lambda n: _rank(results[n]))  # the first of equals, in catalog order
        chosen = results[best]
        if chosen.status == "na":  # every member said 該当なし: the group is not held at all
            out[best] = replace(chosen, status="gap", reason=reasons.none_held(reqs[best].any_of_label),
                                credit=0.0)
        for n in indices:
            if n == best or (results[n].status == "met" and chosen.status == "met"):
                continue  # every member met counts as itself
            own, said = results[n], results[n].status
            why = (reasons.covered_by if chosen.status == "met" else reasons.judged_by)(chosen.control_id, said)
            out[n] = replace(own, status="na", reason=why, credit=0.0)
    return tuple(out)
