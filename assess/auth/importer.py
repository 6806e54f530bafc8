"""Importing a checked staff list: new local accounts (without a password until one is set with
`assess user password`), changed names, roles and departments, an audit event for each; rows
that match what is stored, and directory accounts (the directory decides those), change nothing.
Services flush; the caller commits."""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.auth.import_rows import StaffRow
from assess.auth.models import Department, User
from assess.util.clock import utcnow


@dataclass
class Outcome:
    created: list[StaffRow] = field(default_factory=list)
    changed: list[tuple[StaffRow, dict, dict]] = field(default_factory=list)  # row, before, after
    unchanged: int = 0
    directory: list[StaffRow] = field(default_factory=list)


def _department(session: Session, actor: Actor, row: StaffRow, known: dict) -> Department | None:
    if not (row.department_code or row.department_name):
        return None
    key = row.department_code or row.department_name
    if key in known:
        return known[key]
    if row.department_code:
        dept = session.scalar(select(Department).where(Department.code == row.department_code))
    else:
        dept = session.scalar(select(Department).where(Department.name == row.department_name))
    if dept is None:
        dept = Department(code=(row.department_code or row.department_name)[:40],
                          name=row.department_name or row.department_code)
        session.add(dept)
        session.flush()
        record(session, actor, "department.create", "department", dept.id,
               after={"code": dept.code, "name": dept.name})
    known[key] = dept
    return dept


def apply(session: Session, actor: Actor, rows: list[StaffRow], source: str) -> Outcome:
    """Store the rows (or, on a session that is rolled back after, show what would happen)."""
    stored = {u.email: u for u in session.scalars(select(User).where(User.email.in_([r.email for r in rows])))}
    known: dict = {}
    done = Outcome()
    for row in rows:
        dept = _department(session, actor, row, known)
        user = stored.get(row.email)
        if user is None:
            user = User(email=row.email, name=row.name, role=row.role, department=dept,
                        password_hash=None, auth_source="local", created_at=utcnow())
            session.add(user)
            session.flush()
            record(session, actor, "user.create", "staff_user", user.id,
                   after={"email": row.email, "name": row.name, "role": row.role,
                          "department": dept.code if dept else None, "source": source, "row": row.row})
            done.created.append(row)
            continue
        if user.auth_source == "directory":
            done.directory.append(row)
            continue
        before = {"name": user.name, "role": user.role, "department": user.department.code if user.department else None}
        after = {"name": row.name, "role": row.role, "department": dept.code if dept else None}
        changed = [k for k in after if after[k] != before[k]]
        if not changed:
            done.unchanged += 1
            continue
        user.name, user.role, user.department = row.name, row.role, dept
        session.flush()
        record(session, actor, "user.update", "staff_user", user.id,
               before={k: before[k] for k in changed},
               after={**{k: after[k] for k in changed}, "source": source, "row": row.row})
        done.changed.append((row, {k: before[k] for k in changed}, {k: after[k] for k in changed}))
    return done
