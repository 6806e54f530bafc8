"""Talking to the city's directory (Active Directory or OpenLDAP) through ldap3.

No Flask and no database here: settings in, a DirectoryAccount (or an exception) out.
ldap3 is imported inside the functions that use it, so a city without a directory never loads it.

Sign-in is "search, then bind": a search (as the service account, or anonymously) finds exactly
one entry with AUTH_LDAP_USER_FILTER, then a bind as that entry checks the password. The
password goes nowhere else and is never stored.
"""

import contextlib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from assess.auth.policy import PolicyError


class DirectoryUnavailable(Exception):
    """The directory could not answer (down, unreachable, TLS refused, service account refused).
    The message is for the log and the audit event; users see a fixed page."""


class InvalidCredentials(Exception):
    """No such (enabled) account, more than one, or the wrong password: deliberately one case."""


@dataclass(frozen=True)
class DirectoryAccount:
    dn: str
    email: str | None
    name: str | None
    groups: frozenset[str]  # normalised DNs


@dataclass(frozen=True)
class DirectorySettings:
    url: str
    start_tls: bool
    ca_file: str | None
    bind_dn: str | None
    bind_password: str | None
    user_base: str
    user_filter: str
    group_base: str
    group_filter: str
    attr_email: str
    attr_name: str
    timeout: int  # seconds (ldap3 sets whole seconds on the socket)

    @classmethod
    def from_config(cls, c: Mapping) -> "DirectorySettings | None":
        """None when no directory is configured; PolicyError naming what is wrong otherwise."""
        url = (c.get("AUTH_LDAP_SERVER_URI") or "").strip()
        if not url:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("ldap", "ldaps") or not parts.hostname:
            raise PolicyError(f"AUTH_LDAP_SERVER_URI は ldaps://… か ldap://… です（設定値: {url}）。")
        start_tls = bool(c.get("AUTH_LDAP_START_TLS"))
        if parts.scheme == "ldap" and not start_tls and not c.get("AUTH_LDAP_ALLOW_PLAIN"):
            raise PolicyError("ldap:// ではパスワードが暗号化されずに流れます。ldaps:// を使うか "
                              "AUTH_LDAP_START_TLS = True にしてください。")
        if not c.get("AUTH_LDAP_USER_SEARCH_BASE"):
            raise PolicyError("AUTH_LDAP_USER_SEARCH_BASE（利用者を探す場所）を設定してください。")
        user_filter = c.get("AUTH_LDAP_USER_FILTER") or ""
        if "{username}" not in user_filter:
            raise PolicyError("AUTH_LDAP_USER_FILTER には {username} を含めてください。")
        if "{user_dn}" not in (c.get("AUTH_LDAP_GROUP_FILTER") or ""):
            raise PolicyError("AUTH_LDAP_GROUP_FILTER には {user_dn} を含めてください。")
        if bool(c.get("AUTH_LDAP_BIND_DN")) != bool(c.get("AUTH_LDAP_BIND_PASSWORD")):
            raise PolicyError("AUTH_LDAP_BIND_DN と AUTH_LDAP_BIND_PASSWORD は両方設定するか、"
                              "匿名検索なら両方とも空にしてください。")
        return cls(url=url, start_tls=start_tls, ca_file=c.get("AUTH_LDAP_CA_FILE"),
                   bind_dn=c.get("AUTH_LDAP_BIND_DN"), bind_password=c.get("AUTH_LDAP_BIND_PASSWORD"),
                   user_base=c["AUTH_LDAP_USER_SEARCH_BASE"], user_filter=user_filter,
                   group_base=c.get("AUTH_LDAP_GROUP_SEARCH_BASE") or c["AUTH_LDAP_USER_SEARCH_BASE"],
                   group_filter=c["AUTH_LDAP_GROUP_FILTER"],
                   attr_email=c.get("AUTH_LDAP_ATTR_EMAIL") or "mail",
                   attr_name=c.get("AUTH_LDAP_ATTR_NAME") or "displayName",
                   timeout=max(1, int(c.get("AUTH_LDAP_TIMEOUT") or 5)))


def normalise_dn(dn: str) -> str:
    """One spelling of a DN (attribute names and values compared without case, no spaces around
    separators), so a group written in config.py matches the one the directory returns."""
    from ldap3.utils.dn import safe_dn

    try:
        return safe_dn(dn.strip()).lower()
    except Exception:  # not a DN ldap3 can parse: compare it as written
        return dn.strip().lower()


def _tls(ca_file: str | None):
    """ldap3's TLS settings, with the certificate and the host name checked by Python's own
    default context during the handshake (ldap3 would check the name afterwards, with a
    function Python has deprecated, and leave the socket open when the name is wrong)."""
    from ldap3 import Tls

    class VerifiedTls(Tls):
        def wrap_socket(self, connection, do_handshake=False):
            context = ssl.create_default_context(cafile=ca_file)  # CERT_REQUIRED, names checked
            connection.socket = context.wrap_socket(connection.socket,
                                                    server_hostname=connection.server.host,
                                                    do_handshake_on_connect=do_handshake)

    return VerifiedTls(validate=ssl.CERT_REQUIRED, ca_certs_file=ca_file)


def _server(s: DirectorySettings):
    from ldap3 import NONE, Server

    return Server(s.url, tls=_tls(s.ca_file), get_info=NONE, connect_timeout=s.timeout)


def _connect(s: DirectorySettings, user: str | None, password: str | None):
    """An open (and, with StartTLS, encrypted) connection, bound as `user` when given.
    Returns (connection, bound?)."""
    from ldap3 import Connection
    from ldap3.core.exceptions import LDAPException

    conn = Connection(_server(s), user=user, password=password, read_only=True,
                      receive_timeout=s.timeout, raise_exceptions=False)
    try:
        conn.open()
        if s.start_tls and not conn.start_tls():
            raise DirectoryUnavailable(f"StartTLS に失敗しました: {conn.result}")
        bound = conn.bind() if user else True
    except (LDAPException, OSError) as e:
        _close(conn)
        raise DirectoryUnavailable(f"{type(e).__name__}: {e}") from e
    return conn, bound


def _close(conn) -> None:
    """Unbind, and close the socket ldap3 leaves open when connecting failed half-way."""
    from ldap3.core.exceptions import LDAPException

    with contextlib.suppress(LDAPException, OSError):
        conn.unbind()
    sock = getattr(conn, "socket", None)
    if sock is not None:
        sock.close()


def _service_connection(s: DirectorySettings):
    conn, bound = _connect(s, s.bind_dn, s.bind_password)
    if not bound:
        description = conn.result.get("description")
        _close(conn)
        raise DirectoryUnavailable(f"検索用アカウント（AUTH_LDAP_BIND_DN）で接続できません: {description}")
    return conn


def _search(conn, s: DirectorySettings, base: str, query: str, attributes,
            *, scope=None, missing_ok=False) -> list:
    """Entries found; a base that does not exist is an empty answer only where `missing_ok`
    (a user's own DN on a re-check), a configuration fault elsewhere."""
    from ldap3 import SUBTREE
    from ldap3.core.exceptions import LDAPException

    try:
        conn.search(base, query, search_scope=scope or SUBTREE, attributes=attributes,
                    size_limit=100, time_limit=s.timeout)
    except (LDAPException, OSError) as e:
        raise DirectoryUnavailable(f"{type(e).__name__}: {e}") from e
    code = conn.result.get("result")
    if code == 32 and missing_ok:  # noSuchObject
        return []
    if code not in (0, 4):  # 4: sizeLimitExceeded still returns what it found
        raise DirectoryUnavailable(f"検索に失敗しました（{base}）: {conn.result.get('description')}")
    return [e for e in conn.response or () if e.get("type") == "searchResEntry"]


def _first(attributes: dict, name: str) -> str | None:
    value = attributes.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return str(value).strip() if value not in (None, "") else None


def _groups(conn, s: DirectorySettings, dn: str) -> frozenset[str]:
    from ldap3.utils.conv import escape_filter_chars

    query = s.group_filter.replace("{user_dn}", escape_filter_chars(dn))
    return frozenset(normalise_dn(e["dn"]) for e in _search(conn, s, s.group_base, query, []))


def _account(conn, s: DirectorySettings, entry: dict) -> DirectoryAccount:
    attrs = entry.get("attributes") or {}
    email = _first(attrs, s.attr_email)
    return DirectoryAccount(dn=entry["dn"], email=email.lower() if email else None,
                            name=_first(attrs, s.attr_name) or _first(attrs, "cn"),
                            groups=_groups(conn, s, entry["dn"]))


def authenticate(s: DirectorySettings, username: str, password: str) -> DirectoryAccount:
    """The account when `password` is theirs; InvalidCredentials or DirectoryUnavailable."""
    from ldap3.utils.conv import escape_filter_chars

    username = username.strip()
    # An empty password is an "unauthenticated bind", which directories answer with success.
    if not username or not password:
        raise InvalidCredentials
    search = _service_connection(s)
    try:
        query = s.user_filter.replace("{username}", escape_filter_chars(username))
        found = _search(search, s, s.user_base, query, [s.attr_email, s.attr_name, "cn"])
        if len(found) != 1:
            raise InvalidCredentials
        user_conn, bound = _connect(s, found[0]["dn"], password)
        try:
            if not bound:
                if user_conn.result.get("result") == 49:  # invalidCredentials
                    raise InvalidCredentials
                raise DirectoryUnavailable(f"認証に失敗しました: {user_conn.result.get('description')}")
            # Anonymous search may see the user but not the groups: read them as the user then.
            return _account(search if s.bind_dn else user_conn, s, found[0])
        finally:
            _close(user_conn)
    finally:
        _close(search)


def lookup(s: DirectorySettings, dn: str) -> DirectoryAccount | None:
    """The account at `dn` if the user filter still matches it (not disabled, not moved or
    deleted); None otherwise. Used to re-check a signed-in user without their password."""
    from ldap3 import BASE

    conn = _service_connection(s)
    try:
        query = s.user_filter.replace("{username}", "*")
        found = _search(conn, s, dn, query, [s.attr_email, s.attr_name, "cn"], scope=BASE,
                        missing_ok=True)
        return _account(conn, s, found[0]) if len(found) == 1 else None
    finally:
        _close(conn)

