"""Importing staff from a 職員一覧 (CSV in CP932 or UTF-8, or Excel): checked whole, problems by
row and column, an audit event per created or changed account, the same file twice changes
nothing, and imported accounts sign in only once a password is set."""

from sqlalchemy import func, select

from assess.audit.models import AuditEvent
from assess.auth.models import User
from assess.extensions import db
from tests.helpers import PASSWORD, post

HEADER = "職員番号,氏名,所属課コード,所属課名,役割,メールアドレス"
ROWS = [
    "10001,山田 太郎,shiminzei,市民税課,職員,yamada@city.example.jp",
    "10002,佐藤 花子,kosodate,子育て支援課,staff,sato@city.example.jp",
    "10003,鈴木 監査,,,監査担当,suzuki@city.example.jp",
]


def write(tmp_path, rows, encoding="cp932"):
    path = tmp_path / "職員一覧.csv"
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding))
    return path


def events(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.action.like("user.%")))


def test_bad_rows_are_named_and_nothing_is_stored(app, runner, tmp_path):
    rows = [*ROWS, "10004,高橋,,,職員,takahashi@city.example.jp", "10005,,x,x課,係長,bad-address"]
    result = runner.invoke(["user", "import", str(write(tmp_path, rows))])
    assert result.exit_code == 1
    assert "5行目 D列（所属課名）: 役割が職員の人には所属課が必要です。" in result.output
    assert "6行目 F列（メールアドレス）: メールアドレスの形式が正しくありません" in result.output
    assert "6行目 B列（氏名）: 氏名が空です。" in result.output
    assert "6行目 E列（役割）: 役割は 管理者・職員・監査担当" in result.output
    assert "4件の誤りがあります（5、6行目）。何も保存していません。" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_import_then_again_then_a_change(app, runner, tmp_path):
    path = write(tmp_path, ROWS)
    first = runner.invoke(["user", "import", str(path)])
    assert "追加 3件、変更 0件、変更なし 0件" in first.output, first.output
    assert events(app) == 3
    with app.app_context():
        yamada = db.session.scalar(select(User).where(User.email == "yamada@city.example.jp"))
        assert (yamada.role, yamada.department.name, yamada.password_hash) == ("staff", "市民税課", None)
    assert "変更なし 3件" in runner.invoke(["user", "import", str(path)]).output
    assert events(app) == 3
    moved = [ROWS[0].replace("shiminzei,市民税課", "kosodate,子育て支援課"), *ROWS[1:]]
    result = runner.invoke(["user", "import", str(write(tmp_path, moved, "utf-8"))])
    assert "department: shiminzei → kosodate" in result.output and "変更 1件" in result.output
    assert events(app) == 4


def test_an_imported_account_signs_in_once_it_has_a_password(app, client, runner, tmp_path):
    runner.invoke(["user", "import", str(write(tmp_path, ROWS[:1]))])
    login = {"email": "yamada@city.example.jp", "password": PASSWORD}
    assert post(client, "/login", login).status_code == 401
    result = runner.invoke(["user", "password", "--email", "yamada@city.example.jp",
                            "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert post(client, "/login", login).status_code == 302


def test_dry_run_stores_nothing(app, runner, tmp_path):
    result = runner.invoke(["user", "import", str(write(tmp_path, ROWS)), "--dry-run"])
    assert "追加 3件" in result.output and "保存していません" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
