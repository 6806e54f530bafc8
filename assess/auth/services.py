"""Staff accounts and login sessions. Services flush; the request or CLI command commits."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from assess.audit.services import Actor, record
from assess.auth import attempts, directory, directory_users, passwords
from assess.auth.access import ROLES
from assess.auth.directory_users import LOCAL_ONLY, SignIn
from assess.auth.models import Department, StaffSession, User
from assess.auth.policy import Refused, local_allowed
from assess.auth.throttle import ThrottlePolicy
from assess.util.clock import utcnow


class AccountError(ValueError):
    """A business rule refused the change; the message is shown to the user as it is."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_password_strength(password: str, known: list[str] = ()) -> None:
    """Local accounts only (directory accounts keep no password here): assess/auth/passwords.py."""
    found = passwords.problem(password, known)
    if found:
        raise AccountError(found)


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
    check_password_strength(password, [email, name])
    user = User(email=email, name=name, role=role, department=department,
                password_hash=generate_password_hash(password), created_at=utcnow())
    session.add(user)
    session.flush()
    record(session, actor, "user.create", "staff_user", user.id,
           after={"email": email, "name": name, "role": role,
                  "department": department.code if department else None})
    return user


def set_password(session: Session, user: User, password: str, actor: Actor) -> None:
    """A local account's password (imported accounts have none until this is done)."""
    if user.auth_source != "local":
        raise AccountError(f"{user.email} はディレクトリのアカウントです。パスワードはディレクトリで管理します。")
    check_password_strength(password, [user.email, user.name])
    user.password_hash = generate_password_hash(password)
    session.flush()
    record(session, actor, "user.password", "staff_user", user.id)


class LoginThrottled(Exception):
    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds


def authenticate(session: Session, policy: ThrottlePolicy, email: str, password: str,
                 remote_addr: str | None, signin: SignIn = LOCAL_ONLY) -> User | None:
    """The user when the password is right; None otherwise (the failure is counted).

    `email` is what was typed: a local account's e-mail, or a directory account name (or
    whatever AUTH_LDAP_USER_FILTER matches). A local account signs in with its stored password
    when the local-account policy allows it; anything else goes to the directory, if there is
    one. Raises LoginThrottled, before checking anything, while the account or the address is
    in its back-off (assess/auth/throttle.py); lets directory.DirectoryUnavailable and
    policy.Refused through to the caller.
    """
    typed = email.strip()
    email = normalise_email(email)
    keys = attempts.Keys.of(email, remote_addr)
    wait = attempts.take(session, policy, keys)
    if wait:
        raise LoginThrottled(wait)
    user = session.scalar(select(User).where(User.email == email))
    if signin.directory is not None and (user is None or user.auth_source == "directory"):
        try:
            found = directory_users.sign_in(session, signin, typed, password, remote_addr)
        except directory.InvalidCredentials:
            return None
        except Refused:  # the password was right; the app has no place for the account
            attempts.give_back(session, keys)
            raise
        attempts.give_back(session, keys)
        return found
    # Check a hash even for unknown e-mails so the answer takes the same time either way.
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    if (check_password_hash(stored, password) and user is not None and user.active
            and user.password_hash and user.auth_source == "local"
            and local_allowed(signin.local_accounts, user.role)):
        attempts.give_back(session, keys)
        return user
    return None


_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def start_session(session: Session, user: User, remote_addr: str | None) -> str:
    """A new server-side session with a fresh token: logging in never reuses an old session id."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    verified = now if user.auth_source == "directory" else None
    session.add(StaffSession(token_hash=_token_hash(token), user=user, created_at=now,
                             last_seen_at=now, verified_at=verified, remote_addr=remote_addr))
    session.flush()
    user.session_token = token
    record(session, Actor.user(user, remote_addr), "auth.login", "staff_user", user.id,
           after={"source": user.auth_source})
    return token


def _in_own_transaction(session: Session, work):
    """Run `work(own_session)` in a short transaction of its own, committed at once.

    The session loader runs on every request, GETs included; writing through the request's
    session there would hold SQLite's write lock (and PostgreSQL row locks) until the request
    ends. The loader runs first in every request (auth.views loads the user before any view),
    so the request holds no lock of its own yet.
    """
    with Session(session.get_bind()) as own, own.begin():
        return work(own)


def load_session_user(session: Session, token: str, idle_minutes: int,
                      signin: SignIn = LOCAL_ONLY, max_hours: int | None = None) -> User | None:
    """The signed-in user, or None (no such session, ended, idle too long, older than max_hours
    however busy, or the directory no longer vouches for them). Raises
    directory.DirectoryUnavailable when a re-check is due and the directory cannot answer."""
    found = session.scalar(select(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
    now = utcnow()
    if found is None or found.revoked_at is not None or not found.user.active:
        return None
    if now - found.last_seen_at > timedelta(minutes=idle_minutes):
        return None
    if max_hours is not None and now - found.created_at > timedelta(hours=max_hours):
        return None  # an absolute lifetime: a stolen cookie kept busy still dies
    user = found.user
    from_directory = user.auth_source == "directory"
    if from_directory and signin.directory is None:
        return None  # the directory was switched off: it can no longer vouch for anyone
    if not from_directory and not local_allowed(signin.local_accounts, user.role):
        return None  # the local-account policy changed since this session began
    verify = from_directory and (found.verified_at is None
                                 or now - found.verified_at > timedelta(minutes=signin.recheck_minutes))
    # Touch at most once a minute: a page view should not write on every request.
    if verify or now - found.last_seen_at > timedelta(minutes=1):
        def refresh(own: Session) -> bool:
            row = own.get(StaffSession, found.id)
            row.last_seen_at = now
            if not verify:
                return True
            allowed = directory_users.recheck(own, signin, row.user)
            if allowed:
                row.verified_at = now
            return allowed

        allowed = _in_own_transaction(session, refresh)
        session.expire(found)
        session.expire(user)
        if not allowed:
            return None
    user.session_token = token
    return user


def end_session(session: Session, user: User, remote_addr: str | None) -> None:
    if not user.session_token:
        return
    found = session.scalar(
        select(StaffSession).where(StaffSession.token_hash == _token_hash(user.session_token))
    )
    if found is not None and found.revoked_at is None:
        found.revoked_at = utcnow()
        record(session, Actor.user(user, remote_addr), "auth.logout", "staff_user", user.id)
