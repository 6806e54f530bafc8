"""Gathering what each document needs from the database, as the context builders' plain data."""

import re
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.auth.models import User
from assess.catalog import versions
from assess.documents import context as build
from assess.documents.render import render, template_path
from assess.projects import services as projects
from assess.projects.models import Project
from assess.questionnaires import qa
from assess.questionnaires import services as questionnaires
from assess.reviews.chart import radar_png
from assess.reviews.comparison import candidates
from assess.reviews.facts import reviews_of
from assess.reviews.models import Review
from assess.reviews.services import DECISIONS
from assess.scoring.model import STATUS_LABELS
from assess.util.clock import to_jst, utcnow

TITLES = {"spec": "仕様書_セキュリティ要件", "report": "評価結果報告書", "terms": "個人情報取扱特記事項",
          "checklist": "定例レビュー会議チェックリスト", "minutes": "議事録"}


def header(session: Session, project: Project, issued: date | None = None) -> build.Header:
    city = projects.get_city(session)
    return build.Header(city.name if city else "", project.name, project.department.name,
                        issued or to_jst(utcnow()).date(), city.date_style if city else "wareki")


def clauses(session: Session, project: Project) -> list[build.Clause]:
    catalog = versions.as_catalog(project.catalog_version)
    titles = {d.id: d.title.ja for d in catalog.meta.domains}
    return [build.Clause(r.id, r.control.domain_id, titles[r.control.domain_id], r.control.title.ja, r.priority,
                         r.clause, r.checklist, tuple((e.ja, e.required) for e in r.control.evidence),
                         r.control.special_terms)
            for r in projects.requirements_of(session, project) if r.included]


def spec_context(session: Session, project: Project) -> dict:
    return build.spec(header(session, project), clauses(session, project),
                      (project.contract_start, project.contract_end))


def terms_context(session: Session, project: Project) -> dict:
    return build.terms(header(session, project), clauses(session, project))


def report_context(session: Session, project: Project, reviewer_names: list[str]) -> tuple[dict, bytes | None]:
    domains, ranked = candidates(session, project)
    titles = {d["id"]: d["title"] for d in domains}
    version = questionnaires.latest_version(session, project.id)
    items = {i["id"]: i for i in version.content["items"]} if version else {}
    decisions = reviews_of(session, [c.invitation.id for c in ranked])
    summaries = []
    for c in ranked:
        findings = tuple(build.Finding(r.control_id, items.get(r.control_id, {}).get("title", ""),
                                       STATUS_LABELS[r.status], r.reason, r.priority)
                         for r in c.result.results if r.status not in ("met", "na"))
        comments = tuple((d.control_id, items.get(d.control_id, {}).get("title", ""), DECISIONS[d.decision], d.comment)
                         for d in decisions[c.invitation.id].values() if d.comment)
        summaries.append(build.CandidateSummary(
            c.invitation.vendor.name, c.ranked.rank, c.state, c.result.overall, c.result.points,
            c.result.disqualified, tuple((titles.get(d.domain_id, d.domain_id), d.score) for d in c.result.domains),
            findings, comments))
    removed = [(r.id, r.control.title.ja, r.change.reason) for r in projects.requirements_of(session, project)
               if r.change.mode == "remove"]
    published = [(q.published_body or q.body, q.answer) for q in qa.published(session, project.id)]
    context = build.report(header(session, project), summaries, removed, published, reviewer_names,
                           bool(project.points))
    if not (domains and ranked):
        return context, None  # nothing to compare yet: the report says so without a chart
    chart = radar_png([(d["id"], d["title"]) for d in domains],
                      [(c.invitation.vendor.name, {d.domain_id: d.score for d in c.result.domains}) for c in ranked])
    return context, chart


def file_name(kind: str, subject: str, issued: date) -> str:
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", subject).strip() or "無題"
    return f"{TITLES[kind]}_{safe}_{issued:%Y%m%d}.docx"


def render_kind(kind: str, context: dict, images: dict[str, bytes] | None = None) -> bytes:
    config = current_app.config
    path = template_path(kind, Path(config["DOCX_TEMPLATE_DIR"]), Path(current_app.instance_path))
    return render(path, context, images)


def project_document(session: Session, project: Project, kind: str, reviewer_names: list[str]) -> bytes:
    if kind == "spec":
        return render_kind("spec", spec_context(session, project))
    if kind == "terms":
        return render_kind("terms", terms_context(session, project))
    context, chart = report_context(session, project, reviewer_names)
    return render_kind("report", {**context, "chart": ""} if chart is None else context,
                       {"chart": chart} if chart else None)


def reviewers_of(session: Session, project: Project) -> list[str]:
    """Names of the staff who recorded review decisions on the project's candidates."""
    ids = [i.id for i in questionnaires.invitations_of(session, project.id)]
    actors = set(session.scalars(select(Review.reviewer).where(Review.invitation_id.in_(ids))))
    user_ids = [int(a.split(":", 1)[1]) for a in actors if a.startswith("user:")]
    return sorted(session.scalars(select(User.name).where(User.id.in_(user_ids))))
