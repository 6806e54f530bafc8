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
from assess.util.clock import to_jst, utcnow

MAX_POINTS = 1000


class PointsError(ValueError):
    pass


@dataclass(frozen=True)
class Candidate:
    invitation: Invitation
    ranked: Ranked
    state: str

    @property
    def result(self):
        return self.ranked.result

    def domain(self, domain_id: str):
        return next((d for d in self.result.domains if d.domain_id == domain_id), None)


def candidates(session: Session, project: Project) -> tuple[list[dict], list[Candidate]]:
    """(domains of the question set, candidates in rank order); empty before any invitation."""
    version = questionnaires.latest_version(session, project.id)
    if version is None:
        return [], []
    invitations = [i for i in questionnaires.invitations_of(session, project.id)
                   if i.revoked_at is None and i.round_id is None]  # rounds are scored on their own page
    facts = score_inputs(session, invitations, version, project.contract_end, to_jst(utcnow()).date())
    by_key = {str(i.id): i for i in invitations}
    ranked = compare({str(k): v for k, v in facts.items()}, project.points or None)
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
