"""Who may sign in how (pure rules, no directory and no database).

- Which local (password) accounts are allowed: the setting AUTH_LOCAL_ACCOUNTS.
- What a directory user may do: the role and 担当課 follow from the groups the directory says
  they belong to, through the mapping the city writes in instance/config.py.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ROLE_ORDER = ("admin", "staff", "auditor")  # a member of several role groups gets the first
LOCAL_CHOICES = ("all", "admin", "none")


class PolicyError(ValueError):
    """The settings themselves are wrong (found when the app starts)."""


class Refused(Exception):
    """The directory accepted the password, but this app has no place for the account.
    The message is for the person who proved it is theirs, so it may say what is missing."""


@dataclass(frozen=True)
class Grant:
    role: str
    department: tuple[str, str] | None  # (code, name)


@dataclass(frozen=True)
class GroupMapping:
    roles: Mapping[str, frozenset[str]]  # role → normalised group DNs
    departments: tuple[tuple[str, str, str], ...]  # (normalised group DN, code, name), in order


def local_accounts(setting: str | None, directory_enabled: bool) -> str:
    if setting is None:
        return "admin" if directory_enabled else "all"
    value = setting.strip().lower()
    if value not in LOCAL_CHOICES:
        raise PolicyError(f"AUTH_LOCAL_ACCOUNTS は {' / '.join(LOCAL_CHOICES)} のいずれかです"
                          f"（設定値: {setting!r}）。")
    return value


def local_allowed(policy: str, role: str) -> bool:
    return policy == "all" or (policy == "admin" and role == "admin")


def mapping_from(role_groups: Mapping, department_groups: Mapping, normalise) -> GroupMapping:
    """The mapping from instance/config.py, checked; `normalise` spells a DN one way."""
    unknown = set(role_groups) - set(ROLE_ORDER)
    if unknown:
        raise PolicyError(f"AUTH_LDAP_ROLE_GROUPS の役割は {', '.join(ROLE_ORDER)} のいずれかです"
                          f"（不明: {', '.join(sorted(unknown))}）。")
    roles = {}
    for role, dns in role_groups.items():
        if isinstance(dns, str):
            dns = [dns]
        roles[role] = frozenset(normalise(dn) for dn in dns)
    departments = []
    for dn, value in department_groups.items():
        code, name = (value, value) if isinstance(value, str) else tuple(value)
        if not code or len(code) > 40:
            raise PolicyError(f"AUTH_LDAP_DEPARTMENT_GROUPS の課コードは1〜40文字です（{dn}）。")
        departments.append((normalise(dn), code, name))
    return GroupMapping(roles, tuple(departments))


def decide(groups: Iterable[str], mapping: GroupMapping) -> Grant:
    """The role and department for a member of `groups` (normalised DNs), or Refused."""
    member_of = frozenset(groups)
    role = next((r for r in ROLE_ORDER if member_of & mapping.roles.get(r, frozenset())), None)
    if role is None:
        raise Refused("このシステムを利用する権限（ディレクトリのグループ）が割り当てられていません。"
                      "利用が必要な場合は、所属課を通じて情報政策担当に申請してください。")
    department = next(((code, name) for dn, code, name in mapping.departments if dn in member_of),
                      None)
    if role == "staff" and department is None:
        raise Refused("所属課（担当課）のグループが割り当てられていないため、ログインできません。"
                      "情報政策担当に所属課のグループへの登録を依頼してください。")
    return Grant(role, department)
