"""A real OpenLDAP server for the directory sign-in tests: Debian's slapd (installed by
tools/ensure-test-tools), started with its own slapd.conf in a temporary folder on a free loopback
port, loaded with a small city tree, and stopped when the test session ends. The daemon the
Debian package may have configured for itself is never used.

The tree: two departments (市民税課, 子育て支援課) of staff, an auditor group, an admin group, a user
disabled the way Active Directory does it (userAccountControl bit 2, with the same matching rule
AD uses, so the filter in the README is the one tested) and a read-only service account.
"""

import base64
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE = "dc=city,dc=example"
PEOPLE = f"ou=people,{BASE}"
GROUPS = f"ou=groups,{BASE}"
ROOT_DN = f"cn=admin,{BASE}"
ROOT_PASSWORD = "root-secret-for-tests"  # noqa: S105 (a throwaway test server)
SERVICE_DN = f"cn=assess-reader,ou=service,{BASE}"
SERVICE_PASSWORD = "reader-secret-for-tests"  # noqa: S105
USER_PASSWORD = "directory-pass-2026"  # noqa: S105

# uid → (display name, groups by cn, userAccountControl: 512 normal, 514 disabled)
USERS = {
    "tanaka": ("田中 一郎", ("assess-staff", "shiminzei"), 512),
    "suzuki": ("鈴木 花子", ("assess-staff", "kosodate"), 512),
    "sato": ("佐藤 監査", ("assess-auditors",), 512),
    "kato": ("加藤 管理", ("assess-admins",), 512),
    "yamada": ("山田 停止", ("assess-staff", "shiminzei"), 514),
    "ito": ("伊藤 異動", ("assess-staff", "kosodate"), 512),
    "nogroup": ("無所属 太郎", (), 512),
    "nodept": ("課なし 次郎", ("assess-staff",), 512),
}
GROUP_NAMES = ("assess-staff", "assess-auditors", "assess-admins", "shiminzei", "kosodate")

# AD's own filter for "not disabled", served here by OpenLDAP's integerBitAndMatch.
USER_FILTER = ("(&(objectClass=inetOrgPerson)(uid={username})"
               "(!(userAccountControl:1.2.840.113556.1.4.803:=2)))")

_SCHEMA = """
attributetype ( 1.3.6.1.4.1.4203.666.11.99.1 NAME 'userAccountControl'
    EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.4203.666.11.99.2 NAME 'testAccount' AUXILIARY
    MAY userAccountControl )
"""


def user_dn(uid: str) -> str:
    return f"uid={uid},{PEOPLE}"


def group_dn(cn: str) -> str:
    return f"cn={cn},{GROUPS}"


def _value(name: str, value: str) -> str:
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode()).decode()}"


def _ldif() -> str:
    entries = [
        [f"dn: {BASE}", "objectClass: dcObject", "objectClass: organization", "dc: city",
         _value("o", "みどり市")],
        [f"dn: {PEOPLE}", "objectClass: organizationalUnit", "ou: people"],
        [f"dn: {GROUPS}", "objectClass: organizationalUnit", "ou: groups"],
        [f"dn: ou=service,{BASE}", "objectClass: organizationalUnit", "ou: service"],
        [f"dn: {SERVICE_DN}", "objectClass: person", "cn: assess-reader", "sn: reader",
         f"userPassword: {SERVICE_PASSWORD}"],
    ]
    for uid, (name, _groups, control) in USERS.items():
        family = name.split()[0]
        entries.append([f"dn: {user_dn(uid)}", "objectClass: inetOrgPerson",
                        "objectClass: testAccount", f"uid: {uid}", _value("cn", name),
                        _value("sn", family), _value("displayName", name),
                        f"mail: {uid}@city.example.jp", f"userPassword: {USER_PASSWORD}",
                        f"userAccountControl: {control}"])
    for cn in GROUP_NAMES:
        members = [user_dn(uid) for uid, (_n, groups, _c) in USERS.items() if cn in groups]
        entries.append([f"dn: {group_dn(cn)}", "objectClass: groupOfNames", f"cn: {cn}",
                        *(f"member: {m}" for m in members or [ROOT_DN])])
    return "\n\n".join("\n".join(e) for e in entries) + "\n"


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _certificates(folder: Path) -> None:
    """A test CA, a server certificate it signs for 127.0.0.1 (not for "localhost", so a name
    check can be seen failing), and a second CA that signed nothing."""
    if not shutil.which("openssl"):
        pytest.fail("openssl is missing: run tools/ensure-test-tools")
    curve = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")
    for ca in ("ca", "other-ca"):
        _openssl("req", "-x509", *curve, "-keyout", f"{ca}.key", "-out", f"{ca}.crt", "-days", "2",
                 "-subj", f"/CN=assess test {ca}", "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)
    _openssl("req", *curve, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1",
             cwd=folder)
    (folder / "server.ext").write_text("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    _openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext",
             cwd=folder)


def _config(folder: Path) -> str:
    return f"""
TLSCACertificateFile {folder / "ca.crt"}
TLSCertificateFile {folder / "server.crt"}
TLSCertificateKeyFile {folder / "server.key"}
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
{_SCHEMA}
pidfile {folder / "slapd.pid"}
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{BASE}"
rootdn "{ROOT_DN}"
rootpw {ROOT_PASSWORD}
directory {folder / "db"}
access to attrs=userPassword by anonymous auth by self read by * none
access to * by * read
"""


def _sbin(name: str) -> str:
    found = shutil.which(name) or f"/usr/sbin/{name}"
    if not Path(found).exists():
        pytest.fail(f"{name} is missing: run tools/ensure-test-tools (installs Debian's slapd)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Directory:
    url: str  # ldap:// (plain, or StartTLS)
    ldaps_url: str  # ldaps:// (TLS from the first byte)
    ca_file: str  # the test CA that signed the server's certificate (for 127.0.0.1 only)
    other_ca_file: str  # a CA that did not
    process: subprocess.Popen

    def settings(self, **overrides) -> dict:
        """The app settings a city would put in instance/config.py for this tree."""
        return {
            "AUTH_LDAP_SERVER_URI": self.url,
            "AUTH_LDAP_BIND_DN": SERVICE_DN,
            "AUTH_LDAP_BIND_PASSWORD": SERVICE_PASSWORD,
            "AUTH_LDAP_USER_SEARCH_BASE": PEOPLE,
            "AUTH_LDAP_USER_FILTER": USER_FILTER,
            "AUTH_LDAP_GROUP_SEARCH_BASE": GROUPS,
            "AUTH_LDAP_GROUP_FILTER": "(&(objectClass=groupOfNames)(member={user_dn}))",
            "AUTH_LDAP_ROLE_GROUPS": {
                "admin": [group_dn("assess-admins")],
                "staff": [group_dn("assess-staff")],
                "auditor": [group_dn("assess-auditors")],
            },
            "AUTH_LDAP_DEPARTMENT_GROUPS": {
                group_dn("shiminzei"): ("shiminzei", "市民税課"),
                group_dn("kosodate"): ("kosodate", "子育て支援課"),
            },
            **overrides,
        }

    def _modify(self, dn: str, changes: dict) -> None:
        """What the city's directory administrator does (as the directory's own root)."""
        from ldap3 import Connection, Server

        conn = Connection(Server(self.url), ROOT_DN, ROOT_PASSWORD, auto_bind=True)
        try:  # not `with`: ldap3 leaves a connection bound before `with` open after it
            conn.modify(dn, changes)
            assert conn.result["result"] == 0, conn.result
        finally:
            conn.unbind()

    def modify_membership(self, uid: str, group: str, add: bool) -> None:
        from ldap3 import MODIFY_ADD, MODIFY_DELETE

        self._modify(group_dn(group),
                     {"member": [(MODIFY_ADD if add else MODIFY_DELETE, [user_dn(uid)])]})

    def set_disabled(self, uid: str, disabled: bool) -> None:
        from ldap3 import MODIFY_REPLACE

        self._modify(user_dn(uid), {"userAccountControl": [(MODIFY_REPLACE, [514 if disabled else 512])]})


def start(folder: Path) -> Directory:
    (folder / "db").mkdir(parents=True)
    _certificates(folder)
    conf = folder / "slapd.conf"
    conf.write_text(_config(folder))
    ldif = folder / "tree.ldif"
    ldif.write_text(_ldif(), encoding="utf-8")
    subprocess.run([_sbin("slapadd"), "-f", str(conf), "-l", str(ldif)], check=True,
                   capture_output=True)
    port, tls_port = free_port(), free_port()
    url, ldaps_url = f"ldap://127.0.0.1:{port}", f"ldaps://127.0.0.1:{tls_port}"
    # -d 0: stay in the foreground (no daemon to hunt down later) with no debug output.
    process = subprocess.Popen([_sbin("slapd"), "-f", str(conf), "-h", f"{url}/ {ldaps_url}/",
                                "-d", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"slapd stopped: {process.stderr.read().decode(errors='replace')}")
        try:
            for p in (port, tls_port):
                socket.create_connection(("127.0.0.1", p), timeout=0.2).close()
            return Directory(url, ldaps_url, str(folder / "ca.crt"), str(folder / "other-ca.crt"),
                             process)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("slapd did not start listening within 15 s")


def stop(directory: Directory) -> None:
    directory.process.terminate()
    try:
        directory.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        directory.process.kill()
        directory.process.wait()
    if directory.process.stderr:
        directory.process.stderr.close()


@pytest.fixture(scope="session")
def slapd():
    folder = Path(tempfile.mkdtemp(prefix="assess-slapd-"))
    directory = start(folder)
    try:
        yield directory
    finally:
        stop(directory)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def make_directory_app(app, slapd):
    """make_directory_app(**settings): an app on the test database that signs staff in against the test
    directory (plain LDAP is allowed: the server is on loopback)."""
    from assess import create_app
    from assess.extensions import db

    made = []

    def make(**overrides):
        base = {k: app.config[k] for k in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY",
                                           "CATALOG_DIR")}
        new = create_app({**base, **slapd.settings(**{"AUTH_LDAP_ALLOW_PLAIN": True, **overrides})})
        made.append(new)
        return new

    yield make
    for each in made:
        with each.app_context():
            db.session.remove()
            db.engine.dispose()
