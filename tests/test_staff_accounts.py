"""Staff accounts after they are made: `assess user deactivate|reactivate|reset-password|
set-department|revoke-sessions|list` and the admins' staff page (before, `assess user` could only
create); sessions with an absolute lifetime; passwords checked by zxcvbn, not by length alone;
and pages showing secrets never kept by a browser cache."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from assess.audit.models import AuditEvent
from assess.auth.models import User
from assess.extensions import db
from assess.util import clock
from tests import factories
from tests.helpers import PASSWORD, post


def signed_in(app, email, password=PASSWORD):
    client = app.test_client()
    assert post(client, "/login", {"email": email, "password": password}).status_code == 302
    return client


def still_in(client) -> bool:
    return client.get("/").status_code == 200


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


# --- passwords ---------------------------------------------------------------------------------

@pytest.mark.parametrize("weak, why", [("password1234", "よく使われるパスワード"), ("qwertyuiop12", "推測されやすい"),
                                       ("aaaaaaaaaaaaaa", "繰り返し"), ("tanaka-1234", "12文字以上")])
def test_common_and_guessable_passwords_are_refused_in_words(runner, weak, why):
    result = runner.invoke(["user", "create", "--email", "tanaka@city.test.example.jp", "--role", "admin",
                            "--password-stdin"], input=weak + "\n")
    assert result.exit_code == 1 and why in result.output, result.output


def test_the_accounts_own_e_mail_is_a_weak_password(runner, make_user):
    email = make_user("admin", department=None)
    result = runner.invoke(["user", "password", "--email", email, "--password-stdin"], input=email.upper() + "\n")
    assert result.exit_code == 1 and "推測されやすい" in result.output


# --- the commands ------------------------------------------------------------------------------

def test_deactivate_ends_every_session_and_refuses_sign_in_until_reactivated(app, runner, make_user):
    email = make_user("staff")
    browser = signed_in(app, email)
    result = runner.invoke(["user", "deactivate", "--email", email])
    assert result.exit_code == 0 and "利用停止にしました" in result.output and "1件" in result.output
    assert not still_in(browser)
    again = post(app.test_client(), "/login", {"email": email, "password": PASSWORD})
    assert again.status_code == 401
    assert runner.invoke(["user", "reactivate", "--email", email]).exit_code == 0
    assert still_in(signed_in(app, email))
    assert {"user.deactivate", "user.sessions_revoked", "user.reactivate"} <= set(actions(app))


def test_the_last_admin_cannot_be_deactivated(runner, make_user):
    admin = make_user("admin", department=None)
    result = runner.invoke(["user", "deactivate", "--email", admin])
    assert result.exit_code == 1 and "最後の管理者" in result.output
    make_user("admin", department=None)
    assert runner.invoke(["user", "deactivate", "--email", admin]).exit_code == 0


def test_reset_password_prints_a_new_one_once_and_the_old_one_stops(app, runner, make_user):
    email = make_user("staff")
    browser = signed_in(app, email)
    result = runner.invoke(["user", "reset-password", "--email", email])
    assert result.exit_code == 0, result.output
    new = result.output.splitlines()[1]
    assert len(new) >= 20 and "再表示できません" in result.output
    assert not still_in(browser)
    assert post(app.test_client(), "/login", {"email": email, "password": PASSWORD}).status_code == 401
    assert still_in(signed_in(app, email, new))
    assert new not in "".join(actions(app))  # never in the audit log


def test_set_department_moves_a_local_account(app, runner, make_user):
    email = make_user("staff", department="shiminzei")
    make_user("staff", department="kosodate")
    result = runner.invoke(["user", "set-department", "--email", email, "--department", "kosodate"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)).department.code == "kosodate"
    refused = runner.invoke(["user", "set-department", "--email", email])
    assert refused.exit_code == 1 and "所属課が必要です" in refused.output


def test_revoke_sessions_ends_them_all_and_says_how_many(app, runner, make_user):
    email = make_user("staff")
    browsers = [signed_in(app, email) for _ in range(3)]
    result = runner.invoke(["user", "revoke-sessions", "--email", email])
    assert result.exit_code == 0 and "3件" in result.output
    assert not any(still_in(b) for b in browsers)


def test_directory_accounts_keep_password_and_department_in_the_directory(app, runner, make_user):
    make_user("staff", department="shiminzei")
    with app.app_context():
        db.session.add(User(email="ldap@city.test.example.jp", name="ディレクトリ 花子", role="staff",
                            auth_source="directory", directory_dn="uid=hanako,ou=people", created_at=clock.utcnow()))
        db.session.commit()
    for args in (["reset-password"], ["set-department", "--department", "shiminzei"]):
        result = runner.invoke(["user", *args, "--email", "ldap@city.test.example.jp"])
        assert result.exit_code == 1 and "ディレクトリ" in result.output, result.output
    assert runner.invoke(["user", "revoke-sessions", "--email", "ldap@city.test.example.jp"]).exit_code == 0


def test_user_list_shows_state_and_last_sign_in(app, runner, make_user):
    email = make_user("staff")
    signed_in(app, email)
    result = runner.invoke(["user", "list"])
    line = next(row for row in result.output.splitlines() if row.startswith(email))
    assert "利用中" in line and "ローカル" in line and "セッション 1件" in line and "ログインなし" not in line


# --- the staff page ----------------------------------------------------------------------------

def test_the_staff_page_is_for_admins_only(app, make_user):
    assert signed_in(app, make_user("staff")).get("/admin/users/").status_code == 403
    assert signed_in(app, make_user("auditor", department=None)).get("/admin/users/").status_code == 403
    html = signed_in(app, make_user("admin", department=None)).get("/admin/users/").get_data(as_text=True)
    assert "職員の管理" in html and "利用中" in html


def test_an_admin_deactivates_and_resets_from_the_page(app, make_user):
    target = make_user("staff")
    admin = signed_in(app, make_user("admin", department=None))
    victim = signed_in(app, target)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == target))
    response = post(admin, f"/admin/users/{user_id}/reset-password")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    issued = html.split('id="issued-password" value="')[1].split('"')[0]
    assert not still_in(victim)
    assert still_in(signed_in(app, target, issued))
    post(admin, f"/admin/users/{user_id}/deactivate")
    page = admin.get("/admin/users/").get_data(as_text=True)
    row = page[page.index(f'id="user-{user_id}"'):]
    assert "利用停止" in row[:row.index("</tr>")]
    assert post(app.test_client(), "/login", {"email": target, "password": issued}).status_code == 401


def test_adding_staff_from_the_page_shows_a_password_once_and_keeps_a_refused_form(app, make_user):
    admin = signed_in(app, make_user("admin", department=None))
    refused = post(admin, "/admin/users/", {"email": "new@city.test.example.jp", "name": "新人 一郎", "role": "staff"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "所属課が必要です" in html
    assert 'value="new@city.test.example.jp"' in html and 'value="新人 一郎"' in html
    make_user("staff", department="shiminzei")
    made = post(admin, "/admin/users/", {"email": "new@city.test.example.jp", "name": "新人 一郎", "role": "staff",
                                         "department": "shiminzei"})
    issued = made.get_data(as_text=True).split('id="issued-password" value="')[1].split('"')[0]
    assert still_in(signed_in(app, "new@city.test.example.jp", issued))


# --- sessions ----------------------------------------------------------------------------------

def test_a_busy_session_still_ends_after_its_absolute_lifetime(app, make_user):
    email = make_user("staff")
    start = datetime(2026, 12, 7, 0, 0)
    clock.set_fixed(start)
    browser = signed_in(app, email)
    for hour in range(1, 12):  # in use every hour: never idle
        clock.set_fixed(start + timedelta(hours=hour))
        assert still_in(browser)
    clock.set_fixed(start + timedelta(hours=12, minutes=1))
    assert not still_in(browser)


# --- caches ------------------------------------------------------------------------------------

def test_pages_showing_secrets_are_never_cached(app, make_user):
    with app.app_context():
        project = factories.project()
        vendor = factories.vendor()
        invited = factories.invite(project)
        db.session.commit()
        project_id, vendor_id = project.id, vendor.id
    staff = signed_in(app, make_user("staff", department="shiminzei"))
    auditor = signed_in(app, make_user("admin", department=None))
    pages = {
        "issued link": post(staff, f"/projects/{project_id}/invitations", {"vendor_id": str(vendor_id)}),
        "answers": staff.get(f"/invitations/{invited.invitation_id}"),
        "audit log": auditor.get("/audit/"),
        "export": staff.get(f"/invitations/{invited.invitation_id}/package.xlsx"),
        "document": staff.get(f"/projects/{project_id}/documents/tender"),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert response.headers.get("Cache-Control") == "no-store", name
    static = app.test_client().get("/static/app.css")
    assert "no-store" not in (static.headers.get("Cache-Control") or "")
    static.close()
