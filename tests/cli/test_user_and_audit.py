"""`assess user create` and `assess audit verify`, including tampering with raw SQL."""

from sqlalchemy import select, text

from assess.audit.models import AuditEvent
from assess.auth.models import User
from assess.extensions import db
from tests.helpers import PASSWORD


def test_user_create_reads_the_password_from_stdin(app, runner, make_user):
    make_user("staff", department="shiminzei")  # makes the department
    result = runner.invoke(["user", "create", "--email", "Tanaka@City.Test.Example.JP",
                            "--role", "staff", "--department", "shiminzei", "--password-stdin"],
                           input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "tanaka@city.test.example.jp"))
        assert user.role == "staff" and user.department.code == "shiminzei"


def test_user_create_refuses_bad_input_in_japanese(runner, make_user):
    make_user("staff", department="shiminzei", email="dup@city.test.example.jp")
    cases = [
        (["--email", "x@city.jp", "--role", "staff", "--department", "nowhere"], PASSWORD,
         "所属課が見つかりません: nowhere"),
        (["--email", "x@city.jp", "--role", "staff"], PASSWORD, "所属課が必要です"),
        (["--email", "x@city.jp", "--role", "admin"], "short", "12文字以上"),
        (["--email", "dup@city.test.example.jp", "--role", "admin"], PASSWORD, "既に登録されています"),
        (["--email", "not-an-email", "--role", "admin"], PASSWORD, "形式が正しくありません"),
    ]
    for args, password, message in cases:
        result = runner.invoke(["user", "create", *args, "--password-stdin"], input=password + "\n")
        assert result.exit_code == 1, args
        assert message in result.output, result.output


def test_audit_verify_passes_untouched_and_names_the_edited_row(app, runner, make_user):
    for _ in range(3):
        make_user("staff")
    result = runner.invoke(["audit", "verify"])
    assert result.exit_code == 0 and "改ざんされていません" in result.output
    with app.app_context():
        target_id = db.session.scalars(select(AuditEvent.id).order_by(AuditEvent.seq)).all()[1]
        db.session.execute(text("UPDATE audit_event SET actor = 'user:999' WHERE id = :id"),
                           {"id": target_id})
        db.session.commit()
    result = runner.invoke(["audit", "verify"])
    assert result.exit_code == 1
    assert f"記録ID {target_id}（連番 2）" in result.output


def test_audit_verify_finds_a_deleted_row(app, runner, make_user):
    for _ in range(3):
        make_user("staff")
    with app.app_context():
        db.session.execute(text("DELETE FROM audit_event WHERE seq = 2"))
        db.session.commit()
    result = runner.invoke(["audit", "verify"])
    assert result.exit_code == 1 and "連番 3" in result.output and "削除" in result.output
