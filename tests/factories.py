"""Builders for test data, going through the same services the app uses."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from assess.audit.services import Actor
from assess.auth.models import Department
from assess.auth.services import ensure_department
from assess.catalog import loader, versions
from assess.extensions import db
from assess.projects import services as projects
from assess.questionnaires import services as questionnaires
from assess.vendors.corporate_number import check_digit
from assess.vendors.services import create_vendor

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "catalog"
ACTOR = Actor.cli("test")
PERSONAL = {"data": ["personal"], "zone": "lgwan", "location": ["vendor_site"], "cloud": False,
            "cloud_services": "", "subcontract": False, "residents_contact": False, "records": 100,
            "work_type": "data_entry", "sector": [], "standard_systems": False}


def catalog_version(folder: Path = FIXTURE):
    version, _ = versions.store(db.session, loader.load(folder), ACTOR)
    return version


def project(name="テスト業務委託", department="shiminzei", deadline=date(2027, 1, 29),
            contract_end=date(2030, 3, 31), profile=None, folder: Path = FIXTURE):
    catalog_version(folder)
    dept = db.session.scalar(select(Department).where(Department.code == department)) \
        or ensure_department(db.session, department, department)
    return projects.create_project(db.session, ACTOR, projects.ProjectData(
        name=name, department=dept, description="", contract_start=date(2027, 4, 1),
        contract_end=contract_end, deadline=deadline, profile=profile or dict(PERSONAL)))


_counter = iter(range(100, 100_000))


def vendor(name=None):
    base = f"{next(_counter):012d}"
    n = f"{check_digit(base)}{base}"
    return create_vendor(db.session, ACTOR, name or f"テスト事業者{base[-3:]}", n, "担当 太郎",
                         f"v{base[-4:]}@vendor.example.jp")


@dataclass
class Invited:
    invitation_id: int
    token: str
    project_id: int


def invite(proj, vend=None) -> Invited:
    issued = questionnaires.invite(db.session, ACTOR, proj, vend or vendor())
    return Invited(issued.invitation.id, issued.token, proj.id)


def finish_start_round(contract, root: Path, answers: dict[str, str] | None = None) -> None:
    """The 契約開始時の確認 (round 1) answered, submitted and completed through the services, so a
    test can go on to the cycle rounds. Answers default to the fixture catalog's good ones."""
    from datetime import timedelta

    from assess.evidence import services as evidence
    from assess.questionnaires.answers import Entry
    from assess.schedule import contracts
    from tests import samples

    first = min(contract.rounds, key=lambda r: r.number)
    issued = contracts.start(db.session, ACTOR, contract, first, contract.start_on + timedelta(days=14))
    version = questionnaires.version_for(db.session, issued.invitation)
    sent = {"GOV-01": "400", "GOV-03": "yes", "NET-01": "lgwan", **(answers or {})}
    asked = {i["id"]: i for i in version.content["items"]}
    questionnaires.save(db.session, issued.invitation, version.content,
                        {cid: Entry(value) for cid, value in sent.items() if cid in asked}, None)
    for item in asked.values():
        for e in item["evidence"]:
            if e["required"]:
                evidence.upload(db.session, root, ACTOR, evidence.Upload(f"{e['ja']}.pdf", samples.pdf(), e["kind"]),
                                project_id=contract.project_id, control_id=item["id"],
                                invitation_id=issued.invitation.id, max_bytes=10**7)
    assert questionnaires.submit(db.session, issued.invitation, version, None) == []
    contracts.complete(db.session, ACTOR, contract, first)
