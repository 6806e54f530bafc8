"""Gathering what each document needs from the database, as the context builders' plain data."""

import re
from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.auth.models import User
from assess.catalog import versions
from assess.catalog.applicability import reasons
from assess.documents import context as build
from assess.documents import contract as contract_docs
from assess.documents import tender as tender_docs
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
          "tender": "公募要領別紙_参加資格及び評価項目",
          "checklist": "定例レビュー会議チェックリスト", "minutes": "議事録"}


def header(session: Session, project: Project, issued: date | None = None) -> build.Header:
    city = projects.get_city(session)
    return build.Header(city.name if city else "", project.name, project.department.name,
                        issued or to_jst(utcnow()).date(), city.date_style if city else "wareki")


def clauses(session: Session, project: Project) -> list[build.Clause]:
    """The operations checklist lines of the included requirements (review meetings)."""
    catalog = versions.as_catalog(project.catalog_version)
    titles = {d.id: d.title.ja for d in catalog.meta.domains}
    return [build.Clause(r.id, r.control.domain_id, titles[r.control.domain_id], r.control.title.ja, r.priority,
                         r.clause, r.checklist, tuple((e.ja, e.required) for e in r.control.evidence("operations")),
                         r.frequency)
            for r in projects.requirements_of(session, project) if r.included and r.checklist]


def parties(session: Session) -> contract_docs.Parties:
    city = projects.get_city(session)
    return contract_docs.PARTIES[city.parties if city else "itaku"]


def spec_context(session: Session, project: Project) -> dict:
    head = header(session, project)
    catalog = versions.as_catalog(project.catalog_version)
    titles = {d.id: d.title.ja for d in catalog.meta.domains}
    included = [r for r in projects.requirements_of(session, project) if r.included]
    clauses = [contract_docs.SpecClause(r.control.domain_id, titles[r.control.domain_id], r.clause)
               for r in included if r.clause]
    records = [contract_docs.Record(name, timing, r.id, r.control.title.ja)
               for r in included for name, timing in r.records]
    start, end = project.contract_start, project.contract_end
    term = f"{head.day(start)}から{head.day(end)}までの間" if start and end else "契約書に定める履行期間中"
    return contract_docs.spec(head, parties(session), clauses, records, term,
                              "my_number" in projects.profile_of(session, project).data)


def terms_context(session: Session, project: Project) -> dict:
    catalog = versions.as_catalog(project.catalog_version)
    profile = projects.profile_of(session, project)
    given: dict[str, list[str]] = {}
    for r in projects.requirements_of(session, project):
        if r.included and r.terms:
            given.setdefault(r.terms[0], []).append(r.terms[1])
    articles = [contract_docs.TermsArticle(a.heading, contract_docs.article_paragraphs(a.text, a.otherwise,
                                                                                        given.get(a.id, [])))
                for a in catalog.meta.articles
                if a.applies_if is None or reasons(a.applies_if, profile) is not None]
    return contract_docs.terms(header(session, project), parties(session), articles)


def tender_context(session: Session, project: Project) -> dict:
    catalog = versions.as_catalog(project.catalog_version)
    titles = {d.id: d.title.ja for d in catalog.meta.domains}
    included = [r for r in projects.requirements_of(session, project) if r.included]
    items = [tender_docs.TenderItem(r.id, r.control.domain_id, titles[r.control.domain_id], r.control.title.ja,
                                    r.priority, r.control.weight, r.question("selection"),
                                    "記述の内容により判定" if r.control.expect.form == "review" else r.threshold,
                                    tuple((e.ja, e.required) for e in r.control.evidence("selection")))
             for r in included if r.asked_in("selection")]
    eligibility = [r.eligibility for r in included if r.eligibility]
    return tender_docs.tender(header(session, project), parties(session), eligibility, items,
                              project.points or None)


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
    if kind == "tender":
        return render_kind("tender", tender_context(session, project))
    context, chart = report_context(session, project, reviewer_names)
    return render_kind("report", {**context, "chart": ""} if chart is None else context,
                       {"chart": chart} if chart else None)


def reviewers_of(session: Session, project: Project) -> list[str]:
    """Names of the staff who recorded review decisions on the project's candidates."""
    ids = [i.id for i in questionnaires.invitations_of(session, project.id)]
    actors = set(session.scalars(select(Review.reviewer).where(Review.invitation_id.in_(ids))))
    user_ids = [int(a.split(":", 1)[1]) for a in actors if a.startswith("user:")]
    return sorted(session.scalars(select(User.name).where(User.id.in_(user_ids))))
