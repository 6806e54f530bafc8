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
from assess.questionnaires import services as questionnaires
from assess.reviews.models import Review
from assess.schedule.models import Contract
from assess.util.clock import to_jst, utcnow

TITLES = {"spec": "仕様書_セキュリティ要件", "report": "評価結果報告書", "report_public": "評価結果報告書_公開版",
          "terms": "個人情報取扱特記事項",
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


def _basis(session: Session, project: Project) -> dict | None:
    """The profile and tailoring last published to bidders (None before the questionnaire is out):
    after that, an edit reaches the documents only with its 変更通知, so bidders and the contract
    see the same 仕様書."""
    version = questionnaires.latest_version(session, project.id)
    return version.content.get("basis") if version else None


def published_requirements(session: Session, project: Project):
    return projects.requirements_of(session, project, _basis(session, project))


def published_profile(session: Session, project: Project):
    basis = _basis(session, project)
    return projects.profile_of(session, project, basis["profile"] if basis else None)


def parties(session: Session) -> contract_docs.Parties:
    city = projects.get_city(session)
    return contract_docs.PARTIES[city.parties if city else "itaku"]


def spec_context(session: Session, project: Project) -> dict:
    head = header(session, project)
    catalog = versions.as_catalog(project.catalog_version)
    titles = {d.id: d.title.ja for d in catalog.meta.domains}
    included = [r for r in published_requirements(session, project) if r.included]
    clauses = [contract_docs.SpecClause(r.control.domain_id, titles[r.control.domain_id], r.clause)
               for r in included if r.clause]
    records = [contract_docs.Record(name, timing, r.id, r.control.title.ja)
               for r in included for name, timing in r.records]
    start, end = project.contract_start, project.contract_end
    term = f"{head.day(start)}から{head.day(end)}までの間" if start and end else "契約書に定める履行期間中"
    return contract_docs.spec(head, parties(session), clauses, records, term,
                              "my_number" in published_profile(session, project).data)


def terms_context(session: Session, project: Project) -> dict:
    catalog = versions.as_catalog(project.catalog_version)
    profile = published_profile(session, project)
    given: dict[str, list[str]] = {}
    for r in published_requirements(session, project):
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
    included = [r for r in published_requirements(session, project) if r.included]
    asked = [r for r in included if r.asked_in("selection")]
    members: dict[str, list[str]] = {}
    for r in asked:
        if r.control.any_of:
            members.setdefault(r.control.any_of, []).append(r.id)

    def criterion(r) -> str:
        text = "記述の内容により判定" if r.control.expect.form == "review" else r.threshold
        group = catalog.meta.group(r.control.any_of) if r.control.any_of else None
        if group and len(members[group.id]) > 1:  # 「ISMS認証又はプライバシーマーク」: either suffices
            text += f"（{group.ja}: {'・'.join(members[group.id])} のいずれかを満たせば足りる）"
        return text

    items = [tender_docs.TenderItem(r.id, r.control.domain_id, titles[r.control.domain_id], r.control.title.ja,
                                    r.priority, r.control.weight, r.question("selection"), criterion(r),
                                    tuple((e.ja, e.required) for e in r.control.evidence("selection")))
             for r in asked]
    eligibility = [r.eligibility for r in included if r.eligibility]
    return tender_docs.tender(header(session, project), parties(session), eligibility, items,
                              project.points or None, _conditions(session, project))


def _conditions(session: Session, project: Project) -> list[tuple[str, str]]:
    """The facts bidders propose against, as published: the city's network model and the profile."""
    from assess.projects.profile import NETWORK_MODELS, describe

    basis = _basis(session, project)
    city = projects.get_city(session)
    model = NETWORK_MODELS.get(city.network_model, "未設定") if city else "未設定"
    return [("市のネットワーク分離モデル（三層の対策）", model),
            *describe(basis["profile"] if basis else project.profile)]


# --- 契約候補者の選定理由 -------------------------------------------------------------------
def award_of(session: Session, project: Project) -> dict | None:
    """{vendor, reason, approver} when the contract records why its vendor was chosen (required when
    it was not the clear first: lower-ranked, 失格 or 判定保留); None otherwise."""
    contract = session.scalar(select(Contract).where(Contract.project_id == project.id))
    if contract is None or not contract.award_reason:
        return None
    reason = build.clean(contract.award_reason)
    return {"vendor": build.clean(contract.vendor.name), "reason": reason,
            "reason_lines": [line for line in reason.splitlines() if line.strip()],  # one paragraph each
            "approver": build.clean(contract.approver)}


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
    from assess.documents import report_sources  # it builds on this module

    return render_kind("report", report_sources.report_context(session, project, reviewer_names))


def reviewers_of(session: Session, project: Project) -> list[str]:
    """Names of the staff who recorded review decisions on the project's candidates."""
    ids = [i.id for i in questionnaires.invitations_of(session, project.id)]
    actors = set(session.scalars(select(Review.reviewer).where(Review.invitation_id.in_(ids))))
    user_ids = [int(a.split(":", 1)[1]) for a in actors if a.startswith("user:")]
    return sorted(session.scalars(select(User.name).where(User.id.in_(user_ids))))
