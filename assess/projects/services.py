"""Projects: create, edit the profile, tailor requirements, copy. Every change is audited.
Services flush; the request or CLI command commits."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.audit.services import Actor, record
from assess.auth.models import Department, User
from assess.catalog import params as param_rules
from assess.catalog import versions
from assess.catalog.schema import PRIORITY_LABELS
from assess.projects import profile as profiles
from assess.projects.models import DEFAULT_APPROVAL_LABELS, City, Project, Tailoring, approval_boxes
from assess.projects.requirements import Change, Requirement, build, included_ids
from assess.util.clock import utcnow


class ProjectError(ValueError):
    """A rule refused the change; the message is shown to staff as it is."""


class NotVisible(LookupError):
    """The project does not exist or the user may not see it (both answer 404)."""


# --- the city --------------------------------------------------------------------------------

def get_city(session: Session) -> City | None:
    return session.get(City, 1)


def save_city(session: Session, actor: Actor, name: str, network_model: str,
              date_style: str, parties: str | None = None, approval_labels: str | None = None) -> City:
    city = get_city(session)
    before = _city_dict(city) if city else None
    if city is None:
        city = City(id=1, name=name, network_model=network_model, date_style=date_style)
        session.add(city)
    city.name, city.network_model, city.date_style = name, network_model, date_style
    city.parties = parties or city.parties or "itaku"
    if approval_labels is not None:  # stored in one spelling: 「起案者／係長／課長」
        city.approval_labels = "／".join(approval_boxes(approval_labels)) or DEFAULT_APPROVAL_LABELS
    session.flush()
    record(session, actor, "city.update", "city", 1, before=before, after=_city_dict(city))
    return city


def _city_dict(city: City) -> dict:
    return {"name": city.name, "network_model": city.network_model, "date_style": city.date_style,
            "parties": city.parties, "approval_labels": city.approval_labels}


# --- reading ---------------------------------------------------------------------------------

def can_see_all(user: User) -> bool:
    return user.role in ("admin", "auditor")


def can_edit(user: User, project: Project) -> bool:
    return user.role == "admin" or (user.role == "staff" and user.department_id == project.department_id)


def visible_projects(session: Session, user: User) -> list[Project]:
    query = select(Project).options(selectinload(Project.department)).order_by(Project.id.desc())
    if not can_see_all(user):
        query = query.where(Project.department_id == user.department_id)
    return list(session.scalars(query))


def project_for(session: Session, user: User, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None or not (can_see_all(user) or project.department_id == user.department_id):
        raise NotVisible(project_id)
    return project


def changes_of(project: Project) -> dict[str, Change]:
    return {t.control_id: Change(t.mode, t.reason, t.priority, dict(t.params or {}))
            for t in project.tailoring}


def profile_of(session: Session, project: Project, stored: dict | None = None):
    city = get_city(session)
    return profiles.to_profile(project.profile if stored is None else stored, city.network_model if city else None)


def requirements_of(session: Session, project: Project, basis: dict | None = None) -> list[Requirement]:
    """The project's requirements now, or as of a published `basis` (see `basis_of`)."""
    catalog = versions.as_catalog(project.catalog_version)
    if basis is None:
        return build(catalog, profile_of(session, project), changes_of(project))
    changes = {cid: Change(c["mode"], c["reason"], c["priority"], c["params"]) for cid, c in basis["changes"].items()}
    return build(catalog, profile_of(session, project, basis["profile"]), changes)


def basis_of(project: Project) -> dict:
    """What the requirements are made from (profile and tailoring), as plain JSON data."""
    return {"profile": project.profile,
            "changes": {t.control_id: {"mode": t.mode, "reason": t.reason, "priority": t.priority,
                                       "params": dict(t.params or {})} for t in project.tailoring}}


# --- writing ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProjectData:
    """What the project form carries, already shape-checked."""

    name: str
    department: Department
    description: str
    contract_start: date | None
    contract_end: date | None
    deadline: date | None
    profile: dict


def _check_dates(data: ProjectData) -> None:
    if data.contract_start and data.contract_end and data.contract_end < data.contract_start:
        raise ProjectError("契約終了日が契約開始日より前になっています。")
    if data.deadline and data.contract_start and data.deadline > data.contract_start:
        raise ProjectError("回答期限が契約開始日より後になっています。")


def _summary(project: Project) -> dict:
    return {"name": project.name, "department": project.department.code,
            "description": project.description,
            "contract_start": project.contract_start, "contract_end": project.contract_end,
            "deadline": project.deadline, "status": project.status, "profile": project.profile}


def create_project(session: Session, actor: Actor, data: ProjectData) -> Project:
    _check_dates(data)
    version = versions.latest(session)
    if version is None:
        raise ProjectError("要件カタログが読み込まれていません。管理者が assess init を実行してください。")
    now = utcnow()
    project = Project(name=data.name, department=data.department, description=data.description,
                      contract_start=data.contract_start, contract_end=data.contract_end,
                      deadline=data.deadline, status="draft", catalog_version=version,
                      profile=data.profile, created_at=now, updated_at=now)
    session.add(project)
    session.flush()
    record(session, actor, "project.create", "project", project.id, after=_summary(project))
    return project


def update_project(session: Session, actor: Actor, project: Project,
                   data: ProjectData) -> tuple[list[str], list[str]]:
    """Saves the form; returns the control ids that came in and went out by the rules."""
    _check_dates(data)
    before_ids = included_ids(requirements_of(session, project))
    before = _summary(project)
    project.name, project.department, project.description = data.name, data.department, data.description
    project.contract_start, project.contract_end = data.contract_start, data.contract_end
    extend = data.deadline and (project.deadline is None or data.deadline > project.deadline)
    project.deadline, project.profile, project.updated_at = data.deadline, data.profile, utcnow()
    session.flush()
    if extend:
        _extend_links(session, actor, project)
    after_ids = included_ids(requirements_of(session, project))
    added, removed = sorted(after_ids - before_ids), sorted(before_ids - after_ids)
    record(session, actor, "project.update", "project", project.id, before=before,
           after={**_summary(project), "requirements_added": added, "requirements_removed": removed})
    return added, removed


def _extend_links(session: Session, actor: Actor, project: Project) -> None:
    """Vendor links stay readable for a while after the deadline; a later deadline moves that on."""
    # Imported here: questionnaires build on projects, not the other way round.
    from assess.questionnaires.links import link_expiry
    from assess.questionnaires.models import Invitation
    from assess.questionnaires.services import LINK_GRACE_DAYS

    until = link_expiry(project.deadline, LINK_GRACE_DAYS)
    for inv in session.scalars(select(Invitation).where(Invitation.project_id == project.id,
                                                        Invitation.revoked_at.is_(None),
                                                        Invitation.deadline.is_(None))):
        if inv.expires_at < until:
            record(session, actor, "invitation.extend", "invitation", inv.id,
                   before={"expires_at": inv.expires_at}, after={"expires_at": until})
            inv.expires_at = until
    session.flush()


def _tailoring(session: Session, project: Project, control_id: str) -> Tailoring:
    row = next((t for t in project.tailoring if t.control_id == control_id), None)
    if row is None:
        row = Tailoring(control_id=control_id, params={}, reason="", updated_at=utcnow())
        project.tailoring.append(row)
    return row


def _requirement(session: Session, project: Project, control_id: str) -> Requirement:
    found = next((r for r in requirements_of(session, project) if r.id == control_id), None)
    if found is None:
        raise ProjectError(f"統制 {control_id} はこの案件のカタログ（版 {project.catalog_version.label}）にありません。")
    return found


def _audit_tailoring(session, actor, project, control_id, action, before: Requirement):
    after = _requirement(session, project, control_id)
    record(session, actor, action, "project", project.id,
           before=_req_summary(before), after=_req_summary(after))


def _req_summary(r: Requirement) -> dict:
    return {"control": r.id, "included": r.included, "mode": r.change.mode,
            "reason": r.change.reason, "priority": r.priority, "params": r.params}


def include_control(session: Session, actor: Actor, project: Project, control_id: str) -> None:
    """Staff add a control the rules left out, or take back their own removal."""
    before = _requirement(session, project, control_id)
    row = _tailoring(session, project, control_id)
    row.mode = None if before.by_rule else "add"
    row.reason, row.updated_at = "", utcnow()
    session.flush()
    _audit_tailoring(session, actor, project, control_id, "requirement.include", before)


def exclude_control(session: Session, actor: Actor, project: Project, control_id: str,
                    reason: str) -> None:
    reason = reason.strip()
    if not reason:
        raise ProjectError("要件を除外する理由を入力してください（評価結果報告書に記載されます）。")
    before = _requirement(session, project, control_id)
    row = _tailoring(session, project, control_id)
    row.mode = "remove" if before.by_rule else None
    row.reason, row.updated_at = (reason if before.by_rule else ""), utcnow()
    session.flush()
    _audit_tailoring(session, actor, project, control_id, "requirement.exclude", before)


def set_priority_and_params(session: Session, actor: Actor, project: Project, control_id: str,
                            priority: str, raw_params: dict[str, str]) -> None:
    """All values are checked first; one bad value changes nothing."""
    before = _requirement(session, project, control_id)
    if priority not in PRIORITY_LABELS:
        raise ProjectError(f"優先度は {'・'.join(PRIORITY_LABELS.values())} から選んでください。")
    values, problems = {}, []
    for name, param in before.control.parameters.items():
        if name not in raw_params:
            continue
        try:
            values[name] = param_rules.parse(param, raw_params[name])
        except param_rules.ParamError as e:
            problems.append(str(e))
    if problems:
        raise ProjectError(" ".join(problems))
    row = _tailoring(session, project, control_id)
    defaults = before.control.defaults()
    row.priority = None if priority == before.control.priority else priority
    row.params = {k: v for k, v in values.items() if v != defaults[k]}
    row.updated_at = utcnow()
    session.flush()
    _audit_tailoring(session, actor, project, control_id, "requirement.tailor", before)


def copy_project(session: Session, actor: Actor, source: Project, name: str) -> tuple[Project, list[str]]:
    """A new draft with the same profile and tailoring, on the newest catalog version; returns
    the ids of tailored controls that the newest catalog no longer has (left out)."""
    version = versions.latest(session, source.catalog_version.catalog_key)
    catalog = versions.as_catalog(version)
    now = utcnow()
    copy = Project(name=name, department=source.department, description=source.description,
                   contract_start=None, contract_end=None, deadline=None, status="draft",
                   catalog_version=version, profile=dict(source.profile),
                   copied_from_id=source.id, created_at=now, updated_at=now)
    dropped = []
    for t in source.tailoring:
        if catalog.control(t.control_id) is None:
            dropped.append(t.control_id)
            continue
        copy.tailoring.append(Tailoring(control_id=t.control_id, mode=t.mode, reason=t.reason,
                                        priority=t.priority, params=dict(t.params or {}),
                                        updated_at=now))
    session.add(copy)
    session.flush()
    record(session, actor, "project.copy", "project", copy.id,
           after={"from": source.id, **_summary(copy), "dropped": dropped})
    return copy, dropped


_NEXT_STATUS = {"draft": "open", "open": "evaluating", "evaluating": "contracted",
                "contracted": "closed"}


def advance_status(session: Session, actor: Actor, project: Project, to: str) -> None:
    if _NEXT_STATUS.get(project.status) != to:
        raise ProjectError(f"状態を「{profiles.STATUS_LABELS[project.status]}」から"
                           f"「{profiles.STATUS_LABELS.get(to, to)}」には変更できません。")
    before = project.status
    project.status, project.updated_at = to, utcnow()
    session.flush()
    record(session, actor, "project.status", "project", project.id,
           before={"status": before}, after={"status": to})
