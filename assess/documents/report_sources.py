"""Gathering the 評価結果報告書 from the database (scores, findings, site visits with their photos,
the committee's record, the city's 決裁欄) as `report.py`'s plain data, in a fixed number of
queries whatever the number of candidates; then the chart and the Word file."""

from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.catalog.schema import PRIORITY_LABELS
from assess.documents import report as build
from assess.documents import sources
from assess.documents.context import Picture
from assess.evidence import store
from assess.evidence.models import Evidence, SiteVisit
from assess.evidence.sitevisits import RESULTS
from assess.projects import services as projects
from assess.projects.models import DEFAULT_APPROVAL_LABELS, Project, approval_boxes
from assess.questionnaires import qa
from assess.questionnaires import services as questionnaires
from assess.reviews import evaluation
from assess.reviews.chart import radar_png
from assess.reviews.comparison import candidates
from assess.reviews.facts import reviews_of
from assess.reviews.services import DECISIONS
from assess.schedule.models import Contract
from assess.scoring.model import STATUS_LABELS

CHART_WIDTH_MM = 150


def _withheld(session: Session, invitation_ids: list[int]) -> dict[int, dict[str, str]]:
    """Per invitation, the items whose answer or file the vendor asked not to disclose → its reason."""
    out: dict[int, dict[str, str]] = {i: {} for i in invitation_ids}
    for inv_id, cid, reason in session.execute(
            select(Evidence.invitation_id, Evidence.control_id, Evidence.nondisclosure_reason)
            .where(Evidence.invitation_id.in_(invitation_ids), Evidence.nondisclosure,
                   Evidence.removed_at.is_(None))):
        out[inv_id].setdefault(cid, reason)
    return out


def _visits(session: Session, invitation_ids: list[int], titles: dict[str, str],
            withheld: dict[int, dict[str, str]]) -> dict[int, tuple[build.Visit, ...]]:
    visits = session.scalars(select(SiteVisit).where(SiteVisit.invitation_id.in_(invitation_ids))
                             .options(selectinload(SiteVisit.observations))
                             .order_by(SiteVisit.visited_on, SiteVisit.id)).all()
    files = session.scalars(select(Evidence).where(Evidence.site_visit_id.in_([v.id for v in visits]),
                                                   Evidence.removed_at.is_(None)).order_by(Evidence.id)).all()
    by_visit: dict[int, list[Evidence]] = {}
    for e in files:
        by_visit.setdefault(e.site_visit_id, []).append(e)
    root = Path(current_app.config["EVIDENCE_DIR"])
    out: dict[int, list[build.Visit]] = {i: [] for i in invitation_ids}
    for v in visits:
        secret = withheld[v.invitation_id]
        observations = tuple(build.Observation(o.control_id, titles.get(o.control_id, ""), RESULTS.get(o.result, ""),
                                               o.note, secret.get(o.control_id))
                             for o in sorted(v.observations, key=lambda o: o.id))
        photos = tuple(build.Photo(e.control_id, titles.get(e.control_id, ""), e.display_name, _thumbnail(root, e),
                                   e.nondisclosure_reason if e.nondisclosure else secret.get(e.control_id))
                       for e in by_visit.get(v.id, []))
        out[v.invitation_id].append(build.Visit(v.visited_on, v.place, v.attendees, observations, photos))
    return {k: tuple(v) for k, v in out.items()}


def _thumbnail(root: Path, e: Evidence) -> bytes | None:
    if not e.file.has_thumb:
        return None
    try:
        return store.thumb_path(root, e.sha256).read_bytes()
    except OSError:  # a thumbnail lost from the store: the caption still says the photo exists
        return None


def _named_key(session: Session, project: Project, record) -> int | None:
    """Whom the 公開版 names: the contracted vendor, else the committee's choice (else the builder
    takes the first eligible candidate)."""
    contracted = session.scalar(select(Contract.invitation_id).where(Contract.project_id == project.id))
    return contracted or (record.chosen_invitation_id if record else None)


def report_context(session: Session, project: Project, reviewer_names: list[str], *, public: bool = False,
                   staff_comments: bool = False) -> dict:
    domains, ranked = candidates(session, project)
    version = questionnaires.latest_version(session, project.id)
    items = version.content["items"] if version else []
    titles = {i["id"]: i["title"] for i in items}
    ids = [c.invitation.id for c in ranked]
    decisions = reviews_of(session, ids)
    withheld = _withheld(session, ids)
    for c in ranked:  # an answer's own 非開示希望 wins over a file's
        withheld[c.invitation.id].update({a.control_id: a.nondisclosure_reason
                                          for a in c.invitation.answers if a.nondisclosure})
    visits = _visits(session, ids, titles, withheld)
    record = evaluation.of_project(session, project.id)
    said = {m.invitation_id: m.text for m in record.comments} if record else {}
    summaries = []
    for c in ranked:
        secret = withheld[c.invitation.id]
        findings = tuple(build.Finding(r.control_id, titles.get(r.control_id, ""), STATUS_LABELS[r.status], r.reason,
                                       r.priority, secret.get(r.control_id))
                         for r in c.result.results if r.status not in ("met", "na"))
        comments = tuple(build.StaffComment(d.control_id, titles.get(d.control_id, ""), DECISIONS[d.decision],
                                            d.comment, secret.get(d.control_id))
                         for d in decisions[c.invitation.id].values() if d.comment)
        summaries.append(build.Candidate(
            c.invitation.id, c.invitation.vendor.name, evaluation.rank_label(c), evaluation.verdict_label(c), c.result.overall, c.result.points,
            {d.domain_id: (d.score, d.points) for d in c.result.domains}, findings, comments,
            visits[c.invitation.id], c.invitation.vendor.contact_name, said.get(c.invitation.id, ""),
            evaluation.eligible(c)))
    catalog = project.catalog_version
    counts = {p: sum(1 for i in items if i["priority"] == p) for p in ("must", "important", "nice")}
    domain_titles = {d["id"]: d["title"] for d in domains}
    method = build.Method(
        f"{catalog.content['meta']['title']['ja']} {catalog.label}版（{catalog.content_hash[:12]}）",
        tuple((PRIORITY_LABELS[p], n) for p, n in counts.items() if n),
        tuple((domain_titles.get(d, d), p) for d, p in (project.points or {}).items()),
        tuple((r.id, r.control.title.ja, r.change.reason) for r in sources.published_requirements(session, project)
              if r.change.mode == "remove"))
    committee = build.Committee(
        record.period_from, record.period_to, record.evaluated_on,
        tuple(build.Member(m.name, m.role) for m in record.members), record.overall_comment,
        record.chosen_invitation_id, record.conclusion) if record else build.Committee()
    city = projects.get_city(session)
    published = [(q.published_body or q.body, q.answer) for q in qa.published(session, project.id)]
    context = build.report(sources.header(session, project), sources.parties(session), method,
                           [(d["id"], d["title"]) for d in domains], summaries, committee, published, reviewer_names,
                           city.approval_boxes if city else approval_boxes(DEFAULT_APPROVAL_LABELS),
                           build.Options(public, staff_comments, _named_key(session, project, record)),
                           sources.award_of(session, project))
    chart = radar_png(context["radar_domains"], context["radar_series"]) if domains and ranked else None
    context["chart"] = Picture(chart, CHART_WIDTH_MM, "分野別評価点のレーダーチャート（"
                               + "、".join(name for name, _s in context["radar_series"]) + "）") if chart else ""
    return context


def report_document(session: Session, project: Project, *, public: bool = False,
                    staff_comments: bool = False) -> bytes:
    context = report_context(session, project, sources.reviewers_of(session, project), public=public,
                             staff_comments=staff_comments)
    return sources.render_kind("report", context)
