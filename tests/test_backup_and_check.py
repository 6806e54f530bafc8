"""Backup and restore round trip (every row and file identical), refusal of a tampered snapshot,
a restore over a stale instance folder, and `assess check` finding what is wrong."""

import io
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from assess import MIGRATIONS_DIR
from assess.extensions import db
from assess.models import StoredFile
from tests import factories, samples
from tests.helpers import csrf_token

SKIP = ("alembic_version",)


def snapshot(app) -> dict:
    """Every row of every table, and every evidence file, as comparable data."""
    with app.app_context():
        rows = {}
        for table in inspect(db.engine).get_table_names():
            if table in SKIP:
                continue
            with db.engine.connect() as conn:
                rows[table] = sorted(map(repr, conn.execute(text(f"SELECT * FROM {table}")).all()))
        root = Path(app.config["EVIDENCE_DIR"])
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()} \
            if root.exists() else {}
        db.session.remove()
    return {"rows": rows, "files": files}


@pytest.fixture
def filled(app):
    with app.app_context():
        invited = factories.invite(factories.project())
        db.session.commit()
    client = app.test_client()
    client.post(f"/q/{invited.token}", data={"a-GOV-01": "400", "action": "save", "fk-GOV-01": "document",
                                             "f-GOV-01": (io.BytesIO(samples.pdf()), "規程.pdf"),
                                             "csrf_token": csrf_token(client)}, content_type="multipart/form-data")
    return invited


def test_backup_and_restore_round_trip(app, runner, filled, tmp_path):
    before = snapshot(app)
    assert runner.invoke(["backup", str(tmp_path / "bk")]).exit_code == 0
    # Life goes on after the backup: a new project, a new file, a deleted one.
    with app.app_context():
        factories.project(name="バックアップ後の案件")
        db.session.commit()
    root = Path(app.config["EVIDENCE_DIR"])
    (root / "stray.txt").write_text("after the backup")
    next(p for p in root.rglob("*") if p.is_file() and "thumbs" not in p.parts).unlink()
    result = runner.invoke(["restore", str(tmp_path / "bk")])
    assert result.exit_code == 0, result.output
    assert "復元前の証跡フォルダは" in result.output
    assert snapshot(app) == before
    assert runner.invoke(["check"]).exit_code == 0


def test_a_snapshot_that_does_not_match_its_manifest_is_refused(app, runner, filled, tmp_path):
    runner.invoke(["backup", str(tmp_path / "bk")])
    evidence = next(p for p in (tmp_path / "bk" / "evidence").rglob("*") if p.is_file())
    evidence.write_bytes(b"changed")
    before = snapshot(app)
    result = runner.invoke(["restore", str(tmp_path / "bk")])
    assert result.exit_code == 1 and "の内容がバックアップ時と一致しません" in result.output
    assert "何も変更していません" in result.output and snapshot(app) == before
    (tmp_path / "bk" / "manifest.json").unlink()
    assert "がありません（バックアップが途中で終わったか" in runner.invoke(["restore", str(tmp_path / "bk")]).output


def test_backup_refuses_a_folder_that_is_not_empty(runner, filled, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "old.txt").write_text("x")
    result = runner.invoke(["backup", str(tmp_path / "bk")])
    assert result.exit_code == 1 and "空ではありません" in result.output


def test_check_reports_missing_and_changed_files_orphans_and_audit(app, runner, filled):
    assert runner.invoke(["check"]).exit_code == 0
    root = Path(app.config["EVIDENCE_DIR"])
    (root / "ab").mkdir(exist_ok=True)
    (root / "ab" / ("ab" * 32)).write_bytes(b"nobody points at me")
    result = runner.invoke(["check"])
    assert result.exit_code == 0 and "参照されていないファイルが 1件" in result.output
    with app.app_context():
        sha = db.session.scalar(select(StoredFile.sha256))
    original = root / sha[:2] / sha
    original.write_bytes(b"tampered")
    assert runner.invoke(["check"]).exit_code == 4
    original.unlink()
    result = runner.invoke(["check"])
    assert result.exit_code == 4 and f"証跡ファイルがありません: {sha}" in result.output
    with app.app_context():
        db.session.execute(text("UPDATE audit_event SET actor = 'user:0' WHERE seq = 1"))
        db.session.commit()
    assert runner.invoke(["check"]).exit_code == 4 + 8


def test_check_finds_a_database_that_is_not_migrated(app, runner):
    head = ScriptDirectory(MIGRATIONS_DIR).get_current_head()
    with app.app_context(), db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    try:
        result = runner.invoke(["check"])
        assert result.exit_code == 2 and "最新ではありません（現在 0001" in result.output
    finally:
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
