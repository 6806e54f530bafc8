"""What changed between two rounds of answers (pure): answers, evidence, certificates, gaps."""

from dataclasses import dataclass
from datetime import date

from assess.scoring.model import RequirementResult

GAP_STATUSES = ("gap", "unanswered", "evidence_missing", "evidence_expired", "partial", "query")


@dataclass(frozen=True)
class FileFact:
    control_id: str
    sha256: str
    name: str
    kind: str
    valid_until: date | None


@dataclass(frozen=True)
class RoundDiff:
    changed: tuple[tuple[str, str, str], ...]  # (control, before, after) answers in words
    added_files: tuple[FileFact, ...]
    removed_files: tuple[FileFact, ...]
    expired: tuple[FileFact, ...]  # certificates past or ending before the contract end
    new_gaps: tuple[RequirementResult, ...]
    closed_gaps: tuple[RequirementResult, ...]


def compare(before_answers: dict[str, str], after_answers: dict[str, str], before_files: list[FileFact],
            after_files: list[FileFact], before_results: list[RequirementResult],
            after_results: list[RequirementResult], today: date, contract_end: date | None) -> RoundDiff:
    changed = tuple((cid, before_answers.get(cid, "（未回答）"), after_answers.get(cid, "（未回答）"))
                    for cid in sorted(set(before_answers) | set(after_answers))
                    if before_answers.get(cid) != after_answers.get(cid))
    old = {(f.control_id, f.sha256) for f in before_files}
    new = {(f.control_id, f.sha256) for f in after_files}
    limit = max(today, contract_end) if contract_end else today
    expired = tuple(f for f in after_files if f.kind == "certificate" and f.valid_until and f.valid_until < limit)
    was = {r.control_id for r in before_results if r.status in GAP_STATUSES}
    now = {r.control_id for r in after_results if r.status in GAP_STATUSES}
    return RoundDiff(changed,
                     tuple(f for f in after_files if (f.control_id, f.sha256) not in old),
                     tuple(f for f in before_files if (f.control_id, f.sha256) not in new),
                     expired,
                     tuple(r for r in after_results if r.control_id in now - was),
                     tuple(r for r in before_results if r.control_id in was - now))
