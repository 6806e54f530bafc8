"""Directory sign-in against a real OpenLDAP server (tests/ldap_server.py): staff and auditors
get their role and 担当課 from directory groups, the password is never stored, a disabled user or
one removed from the group is refused and their sessions end, a directory that cannot be reached
gives a clear page, and a setting chooses which local accounts may still sign in."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.audit.models import AuditEvent
from assess.auth.models import StaffSession, User
from assess.extensions import db
from assess.util import clock
from tests.helpers import PASSWORD, post
from tests.ldap_server import USER_PASSWORD, free_port

WRONG = "ユーザー名（メールアドレス）またはパスワードが正しくありません"


@pytest.fixture
def dapp(make_directory_app):
    return make_directory_app()


def sign_in(client, username, password=USER_PASSWORD):
    return post(client, "/login", {"email": username, "password": password})


def users(app) -> dict[str, User]:
    with app.app_context():
        found = db.session.scalars(select(User)).all()
        for u in found:
            _ = u.department
        db.session.expunge_all()
        return {u.email.split("@")[0]: u for u in found}


def actions(app) -> list[str]:
    with app.app_context():
        return db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()


def test_staff_sign_in_with_the_directory_account_and_get_their_department(dapp):
    for uid, department in (("tanaka", "市民税課"), ("suzuki", "子育て支援課")):
        client = dapp.test_client()
        response = sign_in(client, uid)
        assert response.status_code == 302 and response.headers["Location"] == "/"
        home = client.get("/").get_data(as_text=True)
        assert f"（職員・{department}）" in home
    made = users(dapp)
    assert made["tanaka"].role == "staff" and made["tanaka"].department.code == "shiminzei"
    assert made["suzuki"].department.code == "kosodate"
    assert made["tanaka"].auth_source == "directory" and made["tanaka"].password_hash is None


def test_auditor_and_admin_groups_give_those_roles(dapp):
    for uid, label in (("sato", "監査担当"), ("kato", "管理者")):
        client = dapp.test_client()
        assert sign_in(client, uid).status_code == 302
        assert f"（{label}）" in client.get("/").get_data(as_text=True)
    made = users(dapp)
    assert (made["sato"].role, made["kato"].role) == ("auditor", "admin")


def test_the_password_is_never_stored(dapp):
    sign_in(dapp.test_client(), "tanaka")
    with dapp.app_context():
        user = db.session.scalar(select(User).where(User.email == "tanaka@city.example.jp"))
        assert user.password_hash is None
        logged = " ".join(e.data or "" for e in db.session.scalars(select(AuditEvent)))
    assert USER_PASSWORD not in logged
    assert actions(dapp) == ["user.create", "auth.login"]


def test_wrong_password_unknown_and_disabled_accounts_get_the_same_answer(dapp):
    answers = []
    for uid, password in (("tanaka", "wrong-password-1"), ("nobody", USER_PASSWORD),
                          ("yamada", USER_PASSWORD), ("tanaka", "")):
        response = sign_in(dapp.test_client(), uid, password)
        answers.append(response.status_code)
        if password:
            assert WRONG in response.get_data(as_text=True)
    assert answers == [401, 401, 401, 400]
    assert "yamada" not in users(dapp)  # a disabled user never gets an account here


def test_a_filter_cannot_be_injected_through_the_user_name(dapp):
    response = sign_in(dapp.test_client(), "*)(uid=tanaka")
    assert response.status_code == 401
    response = sign_in(dapp.test_client(), "*")
    assert response.status_code == 401


def test_a_member_of_no_group_is_told_what_is_missing(dapp):
    response = sign_in(dapp.test_client(), "nogroup")
    assert response.status_code == 403
    assert "権限（ディレクトリのグループ）が割り当てられていません" in response.get_data(as_text=True)
    response = sign_in(dapp.test_client(), "nodept")
    assert response.status_code == 403
    assert "所属課（担当課）のグループが割り当てられていない" in response.get_data(as_text=True)
    assert actions(dapp) == ["auth.directory_refused", "auth.directory_refused"]


def test_a_user_removed_from_the_group_is_refused_and_their_sessions_end(dapp, slapd):
    signed_in = dapp.test_client()
    assert sign_in(signed_in, "ito").status_code == 302
    assert signed_in.get("/").status_code == 200
    slapd.modify_membership("ito", "assess-staff", add=False)
    try:
        response = sign_in(dapp.test_client(), "ito")
        assert response.status_code == 403
        assert "権限（ディレクトリのグループ）が割り当てられていません" in response.get_data(as_text=True)
        assert signed_in.get("/").status_code == 302  # the earlier session ended too
    finally:
        slapd.modify_membership("ito", "assess-staff", add=True)
    assert sign_in(dapp.test_client(), "ito").status_code == 302  # back in the group: back in


def test_a_signed_in_user_is_checked_again_and_sent_out_when_removed(dapp, slapd):
    client = dapp.test_client()
    start = clock.utcnow()
    clock.set_fixed(start)
    assert sign_in(client, "ito").status_code == 302
    slapd.modify_membership("ito", "assess-staff", add=False)
    try:
        clock.set_fixed(start + timedelta(minutes=5))
        assert client.get("/").status_code == 200  # not yet due: no directory query per page
        clock.set_fixed(start + timedelta(minutes=16))
        response = client.get("/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    finally:
        slapd.modify_membership("ito", "assess-staff", add=True)
    with dapp.app_context():
        session = db.session.scalar(select(StaffSession))
        assert session.revoked_at is not None
    assert actions(dapp)[-1] == "auth.directory_refused"


def test_a_user_disabled_in_the_directory_is_sent_out_at_the_next_check(dapp, slapd):
    client = dapp.test_client()
    start = clock.utcnow()
    clock.set_fixed(start)
    assert sign_in(client, "ito").status_code == 302
    slapd.set_disabled("ito", True)
    try:
        clock.set_fixed(start + timedelta(minutes=16))
        assert client.get("/").status_code == 302
        assert sign_in(dapp.test_client(), "ito").status_code == 401  # like a wrong password
    finally:
        slapd.set_disabled("ito", False)


def test_the_check_keeps_a_valid_session_and_follows_a_move_between_departments(dapp, slapd):
    client = dapp.test_client()
    start = clock.utcnow()
    clock.set_fixed(start)
    assert sign_in(client, "ito").status_code == 302
    assert "子育て支援課" in client.get("/").get_data(as_text=True)
    slapd.modify_membership("ito", "kosodate", add=False)
    slapd.modify_membership("ito", "shiminzei", add=True)
    try:
        clock.set_fixed(start + timedelta(minutes=16))
        page = client.get("/")
        assert page.status_code == 200 and "市民税課" in page.get_data(as_text=True)
    finally:
        slapd.modify_membership("ito", "shiminzei", add=False)
        slapd.modify_membership("ito", "kosodate", add=True)
    with dapp.app_context():
        session = db.session.scalar(select(StaffSession))
        assert session.verified_at == start + timedelta(minutes=16)  # written, and kept
    assert actions(dapp)[-1] == "user.update"


def test_directory_down_gives_a_clear_page_and_an_audit_event(make_directory_app):
    down = make_directory_app(AUTH_LDAP_SERVER_URI=f"ldap://127.0.0.1:{free_port()}", AUTH_LDAP_TIMEOUT=2)
    response = sign_in(down.test_client(), "tanaka")
    html = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "ディレクトリサーバーに接続できません" in html
    assert "パスワードが誤っているという意味ではありません" in html
    assert "Traceback" not in html and "LDAPSocketOpenError" not in html
    assert actions(down) == ["auth.directory_unavailable"]


def test_directory_down_during_a_check_gives_the_same_page(dapp, make_directory_app):
    client = dapp.test_client()
    start = clock.utcnow()
    clock.set_fixed(start)
    assert sign_in(client, "tanaka").status_code == 302
    down = make_directory_app(AUTH_LDAP_SERVER_URI=f"ldap://127.0.0.1:{free_port()}", AUTH_LDAP_TIMEOUT=2)
    other = down.test_client()
    other.set_cookie("assess_session", client.get_cookie("assess_session").value)
    clock.set_fixed(start + timedelta(minutes=16))
    response = other.get("/")
    assert response.status_code == 503
    assert "ディレクトリサーバーに接続できません" in response.get_data(as_text=True)
    assert actions(down)[-1] == "auth.directory_unavailable"
    assert client.get("/").status_code == 200  # the session itself was not ended


def test_with_a_directory_only_local_admins_sign_in_by_default(make_directory_app, make_user):
    dapp = make_directory_app()
    admin, staff = make_user("admin"), make_user("staff")
    assert sign_in(dapp.test_client(), admin, PASSWORD).status_code == 302
    response = sign_in(dapp.test_client(), staff, PASSWORD)
    assert response.status_code == 401 and WRONG in response.get_data(as_text=True)


def test_the_local_account_setting_chooses_who_may_sign_in(make_directory_app, make_user):
    admin, staff = make_user("admin"), make_user("staff")
    everyone, nobody = make_directory_app(AUTH_LOCAL_ACCOUNTS="all"), make_directory_app(AUTH_LOCAL_ACCOUNTS="none")
    assert sign_in(everyone.test_client(), staff, PASSWORD).status_code == 302
    assert sign_in(nobody.test_client(), admin, PASSWORD).status_code == 401
    assert sign_in(nobody.test_client(), "kato").status_code == 302  # the directory still works


def test_a_session_of_a_local_account_ends_when_the_setting_shuts_it_out(app, make_directory_app, make_user):
    staff = make_user("staff")
    client = app.test_client()  # no directory: every local account signs in
    assert sign_in(client, staff, PASSWORD).status_code == 302
    strict = make_directory_app(AUTH_LOCAL_ACCOUNTS="none").test_client()
    strict.set_cookie("assess_session", client.get_cookie("assess_session").value)
    assert strict.get("/").status_code == 302


def test_a_local_account_with_the_same_email_is_not_taken_over(make_directory_app, make_user):
    dapp = make_directory_app(AUTH_LOCAL_ACCOUNTS="all")
    make_user("staff", email="tanaka@city.example.jp")
    response = sign_in(dapp.test_client(), "tanaka")
    assert response.status_code == 403
    assert "個別アカウントとして登録されています" in response.get_data(as_text=True)


def test_the_login_page_asks_for_the_directory_user_name(dapp):
    html = dapp.test_client().get("/login").get_data(as_text=True)
    assert '<label for="email">ユーザー名またはメールアドレス</label>' in html
    assert 'type="text"' in html


@pytest.mark.parametrize(("overrides", "said"), [
    ({"AUTH_LDAP_ALLOW_PLAIN": False}, "AUTH_LDAP_START_TLS"),
    ({"AUTH_LOCAL_ACCOUNTS": "some"}, "AUTH_LOCAL_ACCOUNTS"),
    ({"AUTH_LDAP_USER_FILTER": "(uid=tanaka)"}, "{username}"),
    ({"AUTH_LDAP_ROLE_GROUPS": {"boss": ["cn=x"]}}, "AUTH_LDAP_ROLE_GROUPS"),
])
def test_wrong_settings_stop_the_app_at_start_with_the_reason(app, slapd, overrides, said):
    from assess import create_app

    settings = {**slapd.settings(AUTH_LDAP_ALLOW_PLAIN=True), **overrides}
    with pytest.raises(RuntimeError, match=said.replace("{", r"\{").replace("}", r"\}")):
        create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **settings})


def test_ldaps_and_starttls_check_the_certificate(make_directory_app, slapd):
    cases = [
        ({"AUTH_LDAP_SERVER_URI": slapd.ldaps_url, "AUTH_LDAP_CA_FILE": slapd.ca_file}, 302),
        ({"AUTH_LDAP_START_TLS": True, "AUTH_LDAP_CA_FILE": slapd.ca_file}, 302),
        # a certificate from a CA the city did not name, or for another host name: refused
        ({"AUTH_LDAP_SERVER_URI": slapd.ldaps_url, "AUTH_LDAP_CA_FILE": slapd.other_ca_file}, 503),
        ({"AUTH_LDAP_START_TLS": True, "AUTH_LDAP_CA_FILE": slapd.other_ca_file}, 503),
        ({"AUTH_LDAP_SERVER_URI": slapd.ldaps_url.replace("127.0.0.1", "localhost"),
          "AUTH_LDAP_CA_FILE": slapd.ca_file}, 503),
    ]
    for settings, status in cases:
        tls_app = make_directory_app(AUTH_LDAP_ALLOW_PLAIN=False, **settings)
        assert sign_in(tls_app.test_client(), "tanaka").status_code == status, settings
