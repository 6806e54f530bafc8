"""Staff users, their departments (課), server-side login sessions and failed-login counts."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.db import Base


class Department(Base):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))


class User(UserMixin, Base):
    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("role IN ('admin', 'staff', 'auditor')", name="role"),
                      CheckConstraint("auth_source IN ('local', 'directory')", name="auth_source"))

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None for directory users (their password is never stored) and for imported accounts that
    # have not been given one yet: neither can sign in with a local password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # "local": signs in with the password above; "directory": signs in against the city's
    # directory, which also decides the role and department at every sign-in.
    auth_source: Mapped[str] = mapped_column(String(20), default="local", server_default="local")
    directory_dn: Mapped[str | None] = mapped_column(String(500), index=True)
    role: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    department: Mapped[Department | None] = relationship()

    # Set by the session loader: Flask-Login keeps the session's token, not the user id, in the
    # cookie, so logging out (or an admin revoking) ends that session on the server.
    session_token = None  # str | None, not a column

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active


class StaffSession(Base):
    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # When the directory last confirmed the user may still sign in (directory users only).
    verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    remote_addr: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship()


class LoginThrottle(Base):
    """Failed logins counted per account ("account:<e-mail>") and per client address
    ("address:<ip>"): one row each, locked while an attempt is counted, so parallel guesses are
    counted one after another (assess/auth/attempts.py)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
