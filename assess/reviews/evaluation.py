"""The selection committee's record of a project (審査委員, their comments, the conclusion), kept
for the 評価結果報告書. One bad field refuses the whole save and says which; two staff saving at
once are told, never overwritten silently."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from assess.audit.services import Actor, record
from assess.documents.report import conclusion_sentence
from assess.projects.models import Project
from assess.reviews.models import CandidateComment, CommitteeMember, Evaluation
from assess.util.clock import utcnow
from assess.util.dates import range_problem

MAX_MEMBERS = 15
MAX_NAME = 100
MAX_TEXT = 4000
_MEMBER_FIELD = re.compile(r"^member-(name|role)-(\d{1,3})$")


class EvaluationError(ValueError):
    pass


class EvaluationConflict(EvaluationError):
    """Someone saved the record since this page was opened."""


@dataclass(frozen=True)
class CommitteeInput:
    period_from: date | None = None
    period_to: date | None = None
    evaluated_on: date | None = None
    members: tuple[tuple[str, str], ...] = ()  # (name, role) in order
    comments: dict[int, str] = field(default_factory=dict)  # invitation id → the committee's comment
    chosen: int | None = None  # invitation id of the 契約候補者
    conclusion: str = ""
    overall: str = ""
    revision: int = 0  # the revision the page showed (0: nothing saved yet)


def eligible(candidate) -> bool:
    """May be chosen: submitted, and passed (not 失格, nor 判定保留 with a 必須 item still
    awaiting staff) — a comparison Candidate."""
    verdict = getattr(candidate.result, "verdict", None)
    passed = verdict == "pass" if verdict is not None else not candidate.result.disqualified
    return candidate.invitation.state == "submitted" and passed


def rank_label(candidate) -> str:
    """「1位」; 「—（未提出）」 for a candidate that has not submitted (the scorer's own label when it has one)."""
    label = getattr(candidate, "rank_label", None)
    if label:
        return label
    return f"{candidate.ranked.rank}位" if candidate.invitation.state == "submitted" else "—（未提出）"


def verdict_label(candidate) -> str:
    label = getattr(candidate, "verdict_label", None)
    if label:
        return label
    return "失格（必須要件の不適合）" if candidate.result.disqualified else "通過"


def _date(raw: str, label: str, problems: list[str]) -> date | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        problems.append(f"{label}は日付で入力してください（例: 2027-02-15、入力: {text[:20]}）。")
        return None
    problem = range_problem(day, label)
    if problem:
        problems.append(problem)
        return None
    return day


def _text(raw: str, label: str, limit: int, problems: list[str]) -> str:
    text = (raw or "").strip()
    if len(text) > limit:
        problems.append(f"{label}は{limit}文字以内で入力してください（現在 {len(text)}文字）。")
    return text


def parse(form: Mapping[str, str], invitation_ids: list[int]) -> CommitteeInput:
    """The committee form as plain data; every problem at once, in Japanese."""
    problems: list[str] = []
    start = _date(form.get("period_from", ""), "評価期間の開始日", problems)
    end = _date(form.get("period_to", ""), "評価期間の終了日", problems)
    if start and end and end < start:
        problems.append("評価期間の終了日は開始日以降の日付にしてください。")
    evaluated_on = _date(form.get("evaluated_on", ""), "評価日", problems)
    rows: dict[int, dict[str, str]] = {}
    for key in form:
        if m := _MEMBER_FIELD.match(key):
            rows.setdefault(int(m.group(2)), {})[m.group(1)] = form.get(key, "")
    members = []
    for n, row in enumerate((rows[k] for k in sorted(rows)), start=1):
        name = _text(row.get("name", ""), f"{n}人目の委員の氏名", MAX_NAME, problems)
        role = _text(row.get("role", ""), f"{n}人目の委員の役職", MAX_NAME, problems)
        if role and not name:
            problems.append(f"{n}人目の委員の氏名を入力してください（役職: {role[:20]}）。")
        elif name:
            members.append((name, role))
    if len(members) > MAX_MEMBERS:
        problems.append(f"審査委員は{MAX_MEMBERS}人までです（入力: {len(members)}人）。")
    comments = {i: _text(form.get(f"comment-{i}", ""), "事業者への意見", MAX_TEXT, problems) for i in invitation_ids}
    raw_chosen = (form.get("chosen") or "").strip()
    chosen = int(raw_chosen) if raw_chosen.isdigit() else None
    if raw_chosen and chosen not in invitation_ids:
        problems.append("契約候補者は一覧の事業者から選んでください。")
    conclusion = _text(form.get("conclusion", ""), "結論", MAX_TEXT, problems)
    overall = _text(form.get("overall", ""), "総評", MAX_TEXT, problems)
    revision = (form.get("revision") or "0").strip()
    if problems:
        raise EvaluationError(" ".join(problems))
    return CommitteeInput(start, end, evaluated_on, tuple(members), {i: t for i, t in comments.items() if t},
                          chosen, conclusion, overall, int(revision) if revision.isdigit() else 0)


def of_project(session: Session, project_id: int) -> Evaluation | None:
    return session.scalar(select(Evaluation).where(Evaluation.project_id == project_id)
                          .options(selectinload(Evaluation.members), selectinload(Evaluation.comments)))


def _summary(e: Evaluation | None) -> dict | None:
    if e is None:
        return None
    return {"period": [e.period_from, e.period_to], "evaluated_on": e.evaluated_on,
            "members": [[m.name, m.role] for m in e.members],
            "comments": {str(c.invitation_id): c.text for c in e.comments},
            "chosen": e.chosen_invitation_id, "conclusion": e.conclusion, "overall": e.overall_comment}


def _conclusion(data: CommitteeInput, previous: Evaluation | None, names: dict[int, str]) -> str:
    """Staff's sentence as typed; generated when left blank, and again when the choice changed and
    the sentence was still the one generated for the previous choice."""
    typed = data.conclusion.strip()
    before = previous.chosen_invitation_id if previous else None
    was_generated = before in names and typed == conclusion_sentence(names[before])
    if data.chosen is None:
        return "" if was_generated else typed
    if not typed or (was_generated and data.chosen != before):
        return conclusion_sentence(names[data.chosen])
    return typed


def save(session: Session, actor: Actor, project: Project, data: CommitteeInput, ranked: list) -> Evaluation:
    """`ranked`: the comparison's candidates (to check the choice and name it)."""
    names = {c.invitation.id: c.invitation.vendor.name for c in ranked}
    if data.chosen is not None:
        chosen = next((c for c in ranked if c.invitation.id == data.chosen), None)
        if chosen is None:
            raise EvaluationError("契約候補者は一覧の事業者から選んでください。")
        if chosen.invitation.state != "submitted":
            raise EvaluationError(f"{names[data.chosen]}は回答が提出済みでない（回答中又は差戻し中の）ため、"
                                  "契約候補者に選べません。")
        if not eligible(chosen):
            raise EvaluationError(f"{names[data.chosen]}は「{verdict_label(chosen)}」のため、契約候補者に選べません。")
    unknown = set(data.comments) - set(names)
    if unknown:
        raise EvaluationError("意見を書いた事業者が候補の一覧にありません。ページを開き直してください。")
    current = of_project(session, project.id)
    if (current.revision if current else 0) != data.revision:
        raise EvaluationConflict("他の職員が先にこの記録を保存しました。最新の内容を確認してから、もう一度保存してください。"
                                 "入力した内容は下に残してあります。")
    before = _summary(current)
    if current is None:
        current = Evaluation(project_id=project.id)
        session.add(current)
    current.period_from, current.period_to, current.evaluated_on = data.period_from, data.period_to, data.evaluated_on
    current.conclusion = _conclusion(data, current if before else None, names)
    current.chosen_invitation_id = data.chosen
    current.overall_comment = data.overall
    current.updated_by, current.updated_at = actor.name, utcnow()  # also bumps the revision
    for n, (name, role) in enumerate(data.members, start=1):
        if n <= len(current.members):
            member = current.members[n - 1]
            member.name, member.role, member.position = name, role, n
        else:
            current.members.append(CommitteeMember(position=n, name=name, role=role))
    del current.members[len(data.members):]
    existing = {c.invitation_id: c for c in current.comments}
    for invitation_id, comment in existing.items():
        if invitation_id not in data.comments:
            current.comments.remove(comment)
    for invitation_id, text in data.comments.items():
        if invitation_id in existing:
            existing[invitation_id].text = text
        else:
            current.comments.append(CandidateComment(invitation_id=invitation_id, text=text))
    try:
        session.flush()
    except (IntegrityError, StaleDataError):  # the caller rolls back
        raise EvaluationConflict("他の職員が同時にこの記録を保存しました。最新の内容を確認してから、もう一度保存してください。") from None
    record(session, actor, "evaluation.save", "project", project.id, before=before, after=_summary(current))
    return current
