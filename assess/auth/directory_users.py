"""Directory users in our database: made or updated from what the directory says at each sign-in
and each re-check, and shut out (every session ended) when it no longer vouches for them.
Services flush; the caller commits."""

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assess.audit.services import Actor, record
from assess.auth import directory
from assess.auth.directory import DirectoryAccount, DirectorySettings
from assess.auth.models import Department, StaffSession, User
from assess.auth.policy import Grant, GroupMapping, Refused, decide
from assess.util.clock import utcnow

SYSTEM = Actor("system")


@dataclass(frozen=True)
class SignIn:
    """How staff sign in here, read once from the settings when the app starts."""

    local_accounts: str  # "all" | "admin" | "none"
    directory: DirectorySettings | None = None
    mapping: GroupMapping | None = None
    recheck_minutes: int = 15


LOCAL_ONLY = SignIn(local_accounts="all")


def _find(session: Session, account: DirectoryAccount) -> User | None:
    dn = directory.normalise_dn(account.dn)
    user = session.scalar(select(User).where(User.directory_dn == dn))
    if user is None and account.email:
        user = session.scalar(select(User).where(User.email == account.email))
    return user


def end_all_sessions(session: Session, user: User) -> int:
    result = session.execute(update(StaffSession)
                             .where(StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None))
                             .values(revoked_at=utcnow()))
    return result.rowcount or 0


def _shut_out(session: Session, user: User | None, account_dn: str, reason: str,
              actor: Actor) -> None:
    ended = end_all_sessions(session, user) if user is not None else 0
    record(session, actor, "auth.directory_refused", "staff_user", user.id if user else None,
           after={"dn": account_dn, "reason": reason, "sessions_ended": ended})


def _department(session: Session, grant: Grant) -> Department | None:
    if grant.department is None:
        return None
    from assess.auth.services import ensure_department

    code, name = grant.department
    return ensure_department(session, code, name)


def _state(user: User) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role,
            "department": user.department.code if user.department else None,
            "directory_dn": user.directory_dn}


def _apply(session: Session, user: User | None, account: DirectoryAccount, grant: Grant,
           actor: Actor) -> User:
    dept = _department(session, grant)
    name = (account.name or account.email or "")[:200]
    dn = directory.normalise_dn(account.dn)
    if user is None:
        user = User(email=account.email, name=name, role=grant.role, department=dept,
                    password_hash=None, auth_source="directory", directory_dn=dn,
                    created_at=utcnow())
        session.add(user)
        session.flush()
        record(session, actor, "user.create", "staff_user", user.id,
               after={**_state(user), "source": "directory"})
        return user
    before = _state(user)
    user.email, user.name, user.role, user.department, user.directory_dn = (
        account.email, name, grant.role, dept, dn)
    after = _state(user)
    if after != before:
        session.flush()
        changed = [k for k in after if after[k] != before[k]]
        record(session, actor, "user.update", "staff_user", user.id,
               before={k: before[k] for k in changed}, after={k: after[k] for k in changed})
    return user


def _check(session: Session, user: User | None, account: DirectoryAccount) -> None:
    """Refusals that are about this app's own records, not the directory's groups."""
    if not account.email:
        raise Refused("ディレクトリにメールアドレスが登録されていないため、ログインできません。"
                      "情報政策担当にメールアドレスの登録を依頼してください。")
    if len(account.email) > 254:  # checked in lower case: "İ" becomes two characters
        raise Refused("ディレクトリに登録されたメールアドレスが254文字を超えるため、ログインできません。"
                      "情報政策担当に確認を依頼してください。")
    if user is not None and user.auth_source != "directory":
        raise Refused("このメールアドレスは、このシステムの個別アカウントとして登録されています。"
                      "ディレクトリでのログインに切り替えるには管理者に連絡してください。")
    if user is not None and not user.active:
        raise Refused("このアカウントは、このシステムで利用停止になっています。管理者に連絡してください。")
    if user is not None and user.email != account.email:
        taken = session.scalar(select(User.id).where(User.email == account.email))
        if taken is not None:
            raise Refused("ディレクトリのメールアドレスが、このシステムの別の職員アカウントで使われています。"
                          "管理者に連絡してください。")


def sign_in(session: Session, signin: SignIn, username: str, password: str,
            remote_addr: str | None) -> User:
    """The user, made or brought up to date from the directory. Raises InvalidCredentials,
    DirectoryUnavailable, or Refused (after ending the account's sessions and recording why:
    the caller commits before showing the message)."""
    account = directory.authenticate(signin.directory, username, password)
    user = _find(session, account)
    actor = Actor(f"user:{user.id}", remote_addr) if user else Actor("system", remote_addr)
    try:
        _check(session, user, account)
        grant = decide(account.groups, signin.mapping)
    except Refused as e:
        _shut_out(session, user, account.dn, str(e), actor)
        raise
    return _apply(session, user, account, grant, actor)


def recheck(session: Session, signin: SignIn, user: User) -> bool:
    """Whether the directory still vouches for `user` (signed in earlier). Brings the role and
    department up to date; when it does not, every session of the user ends. Raises
    DirectoryUnavailable when it cannot tell."""
    account = directory.lookup(signin.directory, user.directory_dn) if user.directory_dn else None
    if account is None:
        _shut_out(session, user, user.directory_dn or "",
                  "ディレクトリでアカウントが無効・削除・移動されました。", SYSTEM)
        return False
    try:
        _check(session, user, account)
        grant = decide(account.groups, signin.mapping)
    except Refused as e:
        _shut_out(session, user, account.dn, str(e), SYSTEM)
        return False
    _apply(session, user, account, grant, SYSTEM)
    return True
