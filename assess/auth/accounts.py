"""Managing staff accounts after they exist: deactivate and reactivate, reset a local password,
move to another 課, end every session. Used by `assess user …` and the admins' staff page.
Services flush; the caller commits. Each change is one audit event."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import generate_password_hash

from assess.audit.services import Actor, record
from assess.auth import passwords
from assess.auth.models import Department, StaffSession, User
from assess.auth.services import AccountError, normalise_email
from assess.util.clock import utcnow


def by_email(session: Session, email: str) -> User:
    found = session.scalar(select(User).where(User.email == normalise_email(email)))
    if found is None:
        raise AccountError(f"職員アカウントが見つかりません: {email.strip()[:254]}")
    return found


@dataclass(frozen=True)
class Row:
    user: User
    sessions: int  # live sessions now
    last_login: datetime | None


def listing(session: Session) -> list[Row]:
    """Every account with its live sessions and last sign-in: three queries, whatever the count."""
    users = list(session.scalars(select(User).options(selectinload(User.department))
                                 .order_by(User.active.desc(), User.email)))
    live = dict(session.execute(select(StaffSession.user_id, func.count()).where(StaffSession.revoked_at.is_(None))
                                .group_by(StaffSession.user_id)).all())
    last = dict(session.execute(select(StaffSession.user_id, func.max(StaffSession.created_at))
                                .group_by(StaffSession.user_id)).all())
    return [Row(u, live.get(u.id, 0), last.get(u.id)) for u in users]


def revoke_sessions(session: Session, actor: Actor, user: User, reason: str = "revoke") -> int:
    """Ends every session of the user at once (the next request of each goes to the login page)."""
    ended = session.execute(update(StaffSession).where(StaffSession.user_id == user.id,
                                                       StaffSession.revoked_at.is_(None))
                            .values(revoked_at=utcnow())).rowcount
    session.flush()
    record(session, actor, "user.sessions_revoked", "staff_user", user.id, after={"sessions": ended, "reason": reason})
    return ended


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(select(func.count()).select_from(User)
                          .where(User.role == "admin", User.active.is_(True), User.id != user.id)) or 0


def deactivate(session: Session, actor: Actor, user: User) -> int:
    """利用停止: sign-in refused and every session ended; the account and its history stay."""
    if not user.active:
        raise AccountError(f"{user.email} は既に利用停止になっています。")
    if user.role == "admin" and not _other_active_admins(session, user):
        raise AccountError("最後の管理者は利用停止にできません。先に別の管理者を作成してください。")
    user.active = False
    session.flush()
    record(session, actor, "user.deactivate", "staff_user", user.id, before={"active": True}, after={"active": False})
    return revoke_sessions(session, actor, user, "deactivate")


def reactivate(session: Session, actor: Actor, user: User) -> None:
    if user.active:
        raise AccountError(f"{user.email} は利用中です。")
    user.active = True
    session.flush()
    record(session, actor, "user.reactivate", "staff_user", user.id, before={"active": False}, after={"active": True})


def reset_password(session: Session, actor: Actor, user: User) -> str:
    """A new random password for a local account, returned to be handed over once; the old one
    and every session stop working. Directory accounts keep their password in the directory."""
    if user.auth_source != "local":
        raise AccountError(f"{user.email} はディレクトリのアカウントです。パスワードはディレクトリで管理します。")
    new = passwords.generate()
    user.password_hash = generate_password_hash(new)
    session.flush()
    record(session, actor, "user.password_reset", "staff_user", user.id)
    revoke_sessions(session, actor, user, "password_reset")
    return new


def set_department(session: Session, actor: Actor, user: User, department: Department | None) -> None:
    """Moves a local account to another 課 (a directory account's 課 comes from its groups)."""
    if user.auth_source != "local":
        raise AccountError(f"{user.email} はディレクトリのアカウントです。所属課はディレクトリのグループで決まります。")
    if user.role == "staff" and department is None:
        raise AccountError("役割が職員のアカウントには所属課が必要です。")
    before = user.department.code if user.department else None
    after = department.code if department else None
    if before == after:
        raise AccountError(f"{user.email} の所属課は既に {department.name if department else 'なし'} です。")
    user.department = department
    session.flush()
    record(session, actor, "user.update", "staff_user", user.id, before={"department": before},
           after={"department": after})
