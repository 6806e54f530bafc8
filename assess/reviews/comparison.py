"""The candidates of a project side by side: scores per domain, points, must gaps, ranking."""

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.projects.models import Project
from assess.questionnaires import services as questionnaires
from assess.questionnaires.models import Invitation
from assess.questionnaires.page import state_label
from assess.reviews.facts import score_inputs
from assess.scoring.engine import Ranked, compare
from assess.scoring.model import VERDICT_LABELS, rank_label
from assess.util.clock import to_jst, utcnow

MAX_POINTS = 1000


class PointsError(ValueError):
    pass


VERDICT_MARKS = {"pass": "✓", "fail": "✗", "pending": "△"}  # beside the words, never instead


@dataclass(frozen=True)
class Candidate:
    """One candidate as every consumer shows it: the comparison and gap pages, `assess score`,
    comparison.xlsx and the 評価結果報告書 print `rank_label` and `verdict_label` as they are."""

    invitation: Invitation
    ranked: Ranked
    state: str

    @property
    def result(self):
        return self.ranked.result

    @property
    def rank(self) -> int | None:
        return self.ranked.rank

    @property
    def rank_label(self) -> str:
        """「1位」 or 「順位なし（未提出）」."""
        return rank_label(self.ranked.rank, self.ranked.unranked)

    @property
    def verdict(self) -> str:
        return self.result.verdict

    @property
    def verdict_label(self) -> str:
        """「通過」「失格（必須要件の不適合）」「判定保留（必須項目の審査待ち）」."""
        return VERDICT_LABELS[self.result.verdict]

    @property
    def verdict_mark(self) -> str:
        return VERDICT_MARKS[self.result.verdict]

    @property
    def verdict_detail(self) -> str:
        """How many 必須 items decide it: 「必須 2件」 (failed or awaiting staff); "" when passed."""
        found = {"fail": self.result.must_gaps, "pending": self.result.must_pending}.get(self.result.verdict, ())
        return f"必須 {len(found)}件" if found else ""

    def domain(self, domain_id: str):
        return next((d for d in self.result.domains if d.domain_id == domain_id), None)


def candidates(session: Session, project: Project) -> tuple[list[dict], list[Candidate]]:
    """(domains of the question set, candidates in rank order); empty before any invitation."""
    version = questionnaires.latest_version(session, project.id)
    if version is None:
        return [], []
    invitations = [i for i in questionnaires.invitations_of(session, project.id)
                   if i.revoked_at is None and i.round_id is None]  # rounds are scored on their own page
    facts = score_inputs(session, invitations, version, to_jst(utcnow()).date())
    by_key = {str(i.id): i for i in invitations}
    ranked = compare({str(k): v for k, v in facts.items()}, project.points or None,
                     {key: i.state for key, i in by_key.items()})
    return version.content["domains"], [Candidate(by_key[r.vendor_key], r, state_label(by_key[r.vendor_key]))
                                        for r in ranked]


def set_points(session: Session, actor: Actor, project: Project, domains: list[dict],
               raw: dict[str, str]) -> None:
    """配点 per domain; all blank clears them. One bad figure changes nothing."""
    values, problems = {}, []
    for d in domains:
        text = (raw.get(d["id"]) or "").strip()
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            problems.append(f"{d['title']}の配点は数値で入力してください（入力: {text}）。")
            continue
        if not 0 <= value <= MAX_POINTS:
            problems.append(f"{d['title']}の配点は0以上{MAX_POINTS}以下で入力してください（入力: {text}）。")
            continue
        values[d["id"]] = int(value) if value.is_integer() else value
    if problems:
        raise PointsError(" ".join(problems))
    before = project.points
    project.points = values or None
    session.flush()
    record(session, actor, "project.points", "project", project.id, before=before, after=project.points)
