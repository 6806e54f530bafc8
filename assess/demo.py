"""Demo data for a fictional city, みどり市. Idempotent: what exists already is left as it is."""

from datetime import date

from sqlalchemy import select

from assess import demo_contract, demo_vendors
from assess.audit.services import Actor
from assess.auth import services as accounts
from assess.auth.models import User
from assess.catalog import versions
from assess.extensions import db
from assess.projects import services as projects
from assess.projects.models import Project

DEMO_PASSWORD = "midori-demo-2026"  # noqa: S105 - demo only, printed by `assess demo`

DEPARTMENTS = (
    ("johoseisaku", "情報政策課"),
    ("shiminzei", "市民税課"),
    ("kouhou", "広報広聴課"),
)

USERS = (
    ("admin@city.midori.example.jp", "情報 太郎", "admin", "johoseisaku"),
    ("zeimu@city.midori.example.jp", "税務 花子", "staff", "shiminzei"),
    ("kouhou@city.midori.example.jp", "広報 次郎", "staff", "kouhou"),
    ("kansa@city.midori.example.jp", "監査 三郎", "auditor", "johoseisaku"),
)


MY_NUMBER_PROJECT = "住民税課税資料のデータ入力業務委託"
CALL_CENTER_PROJECT = "コールセンター運営業務委託"


def load() -> list[str]:
    actor = Actor("system:demo")
    departments = {code: accounts.ensure_department(db.session, code, name)
                   for code, name in DEPARTMENTS}
    for email, name, role, dept in USERS:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            accounts.create_user(db.session, email=email, name=name, role=role,
                                 password=DEMO_PASSWORD, department=departments[dept], actor=actor)
    if projects.get_city(db.session) is None:
        projects.save_city(db.session, actor, "みどり市", "alpha", "wareki")
    _projects(actor, departments)
    links = demo_vendors.load(MY_NUMBER_PROJECT) + demo_contract.load(CALL_CENTER_PROJECT)
    db.session.commit()
    lines = ["デモデータ（みどり市）を用意しました。ログイン（デモ用）:"]
    lines += [f"  {role:8} {email}  パスワード {DEMO_PASSWORD}" for email, _n, role, _d in USERS]
    return lines + links


def _project(actor: Actor, data: projects.ProjectData) -> Project | None:
    """The demo project of that name, created when missing (None if it existed already)."""
    if db.session.scalar(select(Project.id).where(Project.name == data.name)) is not None:
        return None
    return projects.create_project(db.session, actor, data)


def _controls_with(project: Project, predicate) -> list[str]:
    catalog = versions.as_catalog(project.catalog_version)
    return [c.id for c in catalog.controls if predicate(c)]


def _projects(actor: Actor, departments: dict) -> None:
    tax = _project(actor, projects.ProjectData(
        name=MY_NUMBER_PROJECT, department=departments["shiminzei"],
        description="住民税の課税資料（給与支払報告書等）を委託先施設でパンチ入力し、データで納品する業務。",
        contract_start=date(2027, 4, 1), contract_end=date(2030, 3, 31), deadline=date(2027, 1, 29),
        profile={"data": ["my_number", "personal"], "zone": "offline", "location": ["vendor_site"],
                 "cloud": False, "cloud_services": "", "subcontract": False,
                 "residents_contact": False, "records": 120_000, "work_type": "data_entry", "sector": ["tax"],
                 "standard_systems": False}))
    if tax is not None:
        for cid in _controls_with(tax, lambda c: "log_retention_years" in c.parameters)[:1]:
            projects.set_priority_and_params(db.session, actor, tax, cid, "must",
                                             {"log_retention_years": "2"})
        for cid in _controls_with(tax, lambda c: c.priority == "nice" and c.applies_if is None)[:1]:
            projects.exclude_control(db.session, actor, tax, cid,
                                     "紙媒体のみの業務で、本件では該当する運用がないため。")
    calls = _project(actor, projects.ProjectData(
        name=CALL_CENTER_PROJECT, department=departments["kouhou"],
        description="市の代表電話・問い合わせ窓口のコールセンター運営。FAQの整備と月次報告を含む。",
        contract_start=date(2025, 12, 1), contract_end=date(2028, 11, 30), deadline=date(2025, 10, 31),
        profile={"data": ["personal"], "zone": "internet", "location": ["vendor_site", "cloud"],
                 "cloud": True, "cloud_services": "CRM（SaaS）", "subcontract": True,
                 "residents_contact": True, "records": 30_000, "work_type": "call_center", "sector": [],
                 "standard_systems": False}))
    if calls is not None:
        for cid in _controls_with(calls, lambda c: c.operations is not None and c.operations.kpi is not None)[:1]:
            projects.set_priority_and_params(db.session, actor, calls, cid, "must", {})
