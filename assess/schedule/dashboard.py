"""The staff home page: what is due, overdue or expiring, per department and 会計年度."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.auth.models import Department, User
from assess.projects.models import Project
from assess.schedule import rules
from assess.schedule.contracts import current_certificates
from assess.schedule.models import ActionItem, Contract


@dataclass(frozen=True)
class Entry:
    kind: str  # round | certificate | action
    label: str
    due: date
    state: str  # overdue | soon | later
    project_id: int
    detail: str = ""
    project: str = ""  # the project's name: entries of one day are read project by project


def order(entry: Entry) -> tuple:
    """Sort key: by date, then project (the home page's tables and `assess schedule due`)."""
    return entry.due, entry.project, entry.kind, entry.label


@dataclass
class DepartmentBoard:
    department: str
    entries: list[Entry] = field(default_factory=list)

    def count(self, kind: str, state: str | None = None) -> int:
        return sum(1 for e in self.entries if e.kind == kind and (state is None or e.state == state))

    def by_fiscal_year(self) -> list[tuple[str, list[Entry]]]:
        years: dict[int, list[Entry]] = {}
        for e in sorted(self.entries, key=order):
            years.setdefault(rules.fiscal_year(e.due), []).append(e)
        return [(rules.fiscal_label(y), items) for y, items in sorted(years.items())]


def visible_contracts(session: Session, user: User) -> list[Contract]:
    query = select(Contract)
    if user.role not in ("admin", "auditor"):
        query = query.join(Project, Contract.project_id == Project.id).where(Project.department_id == user.department_id)
    return list(session.scalars(query))


def board(session: Session, user: User, today: date) -> list[DepartmentBoard]:
    boards: dict[str, DepartmentBoard] = {}
    soon = today + timedelta(days=rules.SOON_DAYS)
    for contract in visible_contracts(session, user):
        project = contract.project
        dept = boards.setdefault(project.department.name, DepartmentBoard(project.department.name))
        for r in contract.rounds:
            if r.completed_at is None and r.due_on <= soon:
                dept.entries.append(Entry("round", f"{r.label}（{project.name}）", r.due_on,
                                          rules.state(r.due_on, today), project.id, contract.vendor.name, project.name))
        for e in current_certificates(session, contract):
            note = rules.certificate_due(e.valid_until, contract.end_on, today)
            if note:
                dept.entries.append(Entry("certificate", f"{e.display_name}（{project.name}）", e.valid_until,
                                          rules.state(e.valid_until, today), project.id,
                                          f"{contract.vendor.name}・{note}", project.name))
        for a in session.scalars(select(ActionItem).where(ActionItem.contract_id == contract.id,
                                                          ActionItem.status != "done", ActionItem.due_on < today)):
            dept.entries.append(Entry("action", f"{a.description}（{project.name}）", a.due_on, "overdue", project.id,
                                      f"担当: {a.owner}", project.name))
    names = {d.name for d in session.scalars(select(Department))}
    return [boards[n] for n in sorted(boards) if n in names]
