"""Staff accounts and login sessions. Services flush; the request or CLI command commits."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from assess.audit.services import Actor, record
from assess.auth.access import ROLES
from assess.auth.models import Department, LoginFailure, StaffSession, User
from assess.auth.throttle import ThrottlePolicy, is_throttled
from assess.util.clock import utcnow

MIN_PASSWORD_LENGTH = 12


class AccountError(ValueError):
    """A business rule refused the change; the message is shown to the user as it is."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"パスワードは{MIN_PASSWORD_LENGTH}文字以上にしてください。")
    if password.strip() != password:
        raise AccountError("パスワードの先頭と末尾に空白は使えません。")


def ensure_department(session: Session, code: str, name: str | None = None) -> Department:
    dept = session.scalar(select(Department).where(Department.code == code))
    if dept is None:
        dept = Department(code=code, name=name or code)
        session.add(dept)
        session.flush()
    return dept


def find_department(session: Session, code_or_name: str) -> Department | None:
    return session.scalar(
        select(Department).where(
            (Department.code == code_or_name) | (Department.name == code_or_name)
        )
    )


def create_user(session: Session, *, email: str, name: str, role: str, password: str,
                department: Department | None, actor: Actor) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"メールアドレスの形式が正しくありません: {email}")
    if len(name) > 200:
        raise AccountError("氏名は200文字以内で入力してください。")
    if role not in ROLES:
        raise AccountError(f"役割は {', '.join(ROLES)} のいずれかです（指定: {role}）。")
    if role == "staff" and department is None:
        raise AccountError("役割 staff の職員には所属課が必要です。")
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"このメールアドレスは既に登録されています: {email}")
    check_password_strength(password)
    user = User(email=email, name=name, role=role, department=department,
                password_hash=generate_password_hash(password), created_at=utcnow())
    session.add(user)
    session.flush()
    record(session, actor, "user.create", "staff_user", user.id,
           after={"email": email, "name": name, "role": role,
                  "department": department.code if department else None})
    return user


def _recent_failures(session: Session, policy: ThrottlePolicy, email: str,
                     remote_addr: str | None) -> tuple[int, int]:
    since = utcnow() - timedelta(minutes=policy.window_minutes)
    recent = select(func.count()).select_from(LoginFailure).where(LoginFailure.at >= since)
    by_account = session.scalar(recent.where(LoginFailure.email == email)) or 0
    by_address = session.scalar(recent.where(LoginFailure.remote_addr == remote_addr)) or 0
    return by_account, by_address


class LoginThrottled(Exception):
    pass


def authenticate(session: Session, policy: ThrottlePolicy, email: str, password: str,
                 remote_addr: str | None) -> User | None:
    """The user when the password is right; None otherwise (the failure is recorded).

    Raises LoginThrottled, before checking the password, when too many recent attempts failed.
    """
    email = normalise_email(email)
    if is_throttled(policy, *_recent_failures(session, policy, email, remote_addr)):
        raise LoginThrottled
    user = session.scalar(select(User).where(User.email == email))
    # Check a hash even for unknown e-mails so the answer takes the same time either way.
    stored = user.password_hash if user else _DUMMY_HASH
    if check_password_hash(stored, password) and user is not None and user.active:
        return user
    session.add(LoginFailure(email=email, remote_addr=remote_addr, at=utcnow()))
    session.flush()
    return None


_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def start_session(session: Session, user: User, remote_addr: str | None) -> str:
    """A new server-side session with a fresh token: logging in never reuses an old session id."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(StaffSession(token_hash=_token_hash(token), user=user, created_at=now,
                             last_seen_at=now, remote_addr=remote_addr))
    session.flush()
    user.session_token = token
    record(session, Actor.user(user, remote_addr), "auth.login", "staff_user", user.id)
    return token


def load_session_user(session: Session, token: str, idle_minutes: int) -> User | None:
    found = session.scalar(select(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
    now = utcnow()
    if found is None or found.revoked_at is not None or not found.user.active:
        return None
    if now - found.last_seen_at > timedelta(minutes=idle_minutes):
        return None
    # Touch at most once a minute: a page view should not write on every request.
    if now - found.last_seen_at > timedelta(minutes=1):
        found.last_seen_at = now
    found.user.session_token = token
    return found.user


def end_session(session: Session, user: User, remote_addr: str | None) -> None:
    if not user.session_token:
        return
    found = session.scalar(
        select(StaffSession).where(StaffSession.token_hash == _token_hash(user.session_token))
    )
    if found is not None and found.revoked_at is None:
        found.revoked_at = utcnow()
        record(session, Actor.user(user, remote_addr), "auth.logout", "staff_user", user.id)
