"""Configuration in layers: code defaults → instance/config.py → environment → test overrides.

Paths default to places relative to the project root so a fresh clone works as it is; every one
can be moved by the environment (e.g. EVIDENCE_DIR on a separate volume).
"""

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Environment variables read as they are (strings) and those read as integers / booleans.
_ENV_STR = ("SECRET_KEY", "AUDIT_KEY_FILE", "EVIDENCE_DIR", "OUTBOX_DIR", "CATALOG_DIR", "DOCX_TEMPLATE_DIR",
            "MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_FROM", "MAIL_CONTACT", "BASE_URL",
            "AUTH_LDAP_SERVER_URI", "AUTH_LDAP_CA_FILE", "AUTH_LDAP_BIND_DN",
            "AUTH_LDAP_BIND_PASSWORD", "AUTH_LDAP_USER_SEARCH_BASE", "AUTH_LDAP_USER_FILTER",
            "AUTH_LDAP_GROUP_SEARCH_BASE", "AUTH_LDAP_GROUP_FILTER", "AUTH_LOCAL_ACCOUNTS")
_ENV_INT = ("PORT", "MAIL_PORT", "EVIDENCE_MAX_BYTES", "PROXY_FIX", "AUTH_LDAP_TIMEOUT",
            "AUTH_LDAP_RECHECK_MINUTES", "STAFF_SESSION_MAX_HOURS", "LOGIN_BACKOFF_MAX_SECONDS")
_ENV_BOOL = ("MAIL_USE_TLS", "MAIL_USE_SSL", "SESSION_COOKIE_SECURE", "AUTH_LDAP_START_TLS",
             "AUTH_LDAP_ALLOW_PLAIN")


def instance_path() -> Path:
    return Path(os.environ.get("ASSESS_INSTANCE", PROJECT_ROOT / "instance")).resolve()


def defaults(instance: Path) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'assess.db'}",
        # The audit chain's HMAC key: outside the database, made once (assess/audit/keys.py).
        "AUDIT_KEY_FILE": str(instance / "audit_key"),
        "CATALOG_DIR": str(PROJECT_ROOT / "controls"),
        "DOCX_TEMPLATE_DIR": str(PROJECT_ROOT / "templates"),
        "EVIDENCE_DIR": str(instance / "evidence"),
        "OUTBOX_DIR": str(instance / "outbox"),
        "MAIL_SERVER": None,  # None: mail is written to OUTBOX_DIR as .eml files
        "MAIL_PORT": 25,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_USERNAME": None,
        "MAIL_PASSWORD": None,
        "MAIL_FROM": "assess@localhost",
        # The last line of every mail's signature (telephone, 内線, address); None: a line saying
        # the mail comes from this app, under the sending 課's name.
        "MAIL_CONTACT": None,
        "BASE_URL": None,  # how vendors reach the app; None: the address of the current request
        # The port `make run` serves on: links made by a command (no request) when BASE_URL is unset.
        "PORT": 5000,
        "PROXY_FIX": 0,  # how many reverse proxies to trust for X-Forwarded-For/-Proto
        "BABEL_DEFAULT_LOCALE": "ja",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Tokyo",
        "LANGUAGES": ("ja", "en"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_NAME": "assess_session",
        "STAFF_SESSION_IDLE_MINUTES": 480,
        "STAFF_SESSION_MAX_HOURS": 12,  # from sign-in, however busy: then sign in again
        "LOGIN_FAILURE_WINDOW_MINUTES": 15,
        "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,
        "LOGIN_MAX_FAILURES_PER_ADDRESS": 30,
        # Past those free failures each attempt waits 1, 2, 4 … seconds, at most this long
        # (a back-off, not a lock: nobody can shut an account out by guessing at it).
        "LOGIN_BACKOFF_MAX_SECONDS": 60,
        # Directory sign-in (README "Directory sign-in"); off while AUTH_LDAP_SERVER_URI is None.
        # The group mappings (AUTH_LDAP_ROLE_GROUPS, AUTH_LDAP_DEPARTMENT_GROUPS) are set in
        # instance/config.py only: they are dictionaries, not environment strings.
        "AUTH_LDAP_SERVER_URI": None,  # ldaps://dc.city.local or ldap://… with START_TLS
        "AUTH_LDAP_START_TLS": False,
        "AUTH_LDAP_ALLOW_PLAIN": False,  # ldap:// without StartTLS: only for a test server
        "AUTH_LDAP_CA_FILE": None,  # the CA that signed the directory's certificate
        "AUTH_LDAP_BIND_DN": None,  # None: anonymous search
        "AUTH_LDAP_BIND_PASSWORD": None,
        "AUTH_LDAP_USER_SEARCH_BASE": None,
        "AUTH_LDAP_USER_FILTER": "(&(objectClass=person)(uid={username}))",
        "AUTH_LDAP_GROUP_SEARCH_BASE": None,  # None: the user search base
        "AUTH_LDAP_GROUP_FILTER": "(member={user_dn})",
        "AUTH_LDAP_ATTR_EMAIL": "mail",
        "AUTH_LDAP_ATTR_NAME": "displayName",
        "AUTH_LDAP_ROLE_GROUPS": {},  # {"admin": [group DN, …], "staff": […], "auditor": […]}
        "AUTH_LDAP_DEPARTMENT_GROUPS": {},  # {group DN: ("code", "課の名称"), …}
        "AUTH_LDAP_TIMEOUT": 5,  # seconds, to connect and for each answer
        "AUTH_LDAP_RECHECK_MINUTES": 15,  # a signed-in directory user is checked again after this
        # Which local (password) accounts may sign in: "all", "admin" or "none".
        # None: "all" without a directory, "admin" (the first admin's way in) with one.
        "AUTH_LOCAL_ACCOUNTS": None,
        "WTF_CSRF_TIME_LIMIT": None,  # tied to the session instead: long forms must not expire
        "EVIDENCE_MAX_BYTES": 20 * 1024 * 1024,  # one file
        # One request (several files and the answers): beyond it the whole request is refused
        # with a 413 page; a single file over EVIDENCE_MAX_BYTES is refused on its own while
        # the answers sent with it are saved. None: five files' worth plus the form.
        "MAX_CONTENT_LENGTH": None,
    }


def from_environment(environ=os.environ) -> dict:
    found: dict = {}
    if environ.get("DATABASE_URL"):
        found["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    for key in _ENV_STR:
        if environ.get(key):
            found[key] = environ[key]
    for key in _ENV_INT:
        if environ.get(key):
            found[key] = int(environ[key])
    for key in _ENV_BOOL:
        if key in environ:
            found[key] = environ[key].strip().lower() in ("1", "true", "yes", "on")
    return found


def development_secret(instance: Path) -> str:
    """A random key made once per instance folder, so sessions survive restarts; never committed."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_hex(32))
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text().strip()
