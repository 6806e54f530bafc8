"""`assess backup DIR` and `assess restore DIR`.

Backup: the database first, with the engine's own online backup (SQLite's backup API; pg_dump),
so the app keeps serving; then the evidence files (written before any row points at them, so
every file the snapshot needs is already there); then the manifest, last.
Restore: refuses a snapshot whose manifest does not match; otherwise replaces the database and
the evidence folder (the one it replaces is kept beside it, renamed)."""

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from assess.ops import manifest

SQLITE_FILE, PG_FILE, EVIDENCE = "database.sqlite3", "database.pgdump", "evidence"


class BackupError(Exception):
    pass


def _pg_url(engine: Engine) -> str:
    """The URL for pg_dump/pg_restore without the password (that goes in PGPASSWORD, not argv)."""
    return engine.url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _pg_env(engine: Engine) -> dict:
    env = dict(os.environ)
    if engine.url.password:
        env["PGPASSWORD"] = engine.url.password
    return env


def _dump_database(engine: Engine, folder: Path) -> str:
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(engine.url.database)
        target = sqlite3.connect(folder / SQLITE_FILE)
        with target:
            source.backup(target)  # a consistent copy while other connections keep writing
        target.close()
        source.close()
        return SQLITE_FILE
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump が見つかりません（PostgreSQLのクライアントを入れてください）。")
    # The arguments are our own paths and URL, never user text.
    run = subprocess.run([pg_dump, "--format=custom", "--no-owner", "--file", str(folder / PG_FILE),  # noqa: S603
                          _pg_url(engine)], capture_output=True, text=True, env=_pg_env(engine))
    if run.returncode != 0:
        raise BackupError(f"pg_dump が失敗しました: {run.stderr.strip()}")
    return PG_FILE


def backup(engine: Engine, evidence_dir: Path, folder: Path, revision: str | None,
           audit_head: tuple[int, str] | None = None) -> dict:
    """audit_head: the chain's (seq, hash), read before the dump, so the snapshot contains it."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} は空ではありません。新しいフォルダを指定してください。")
    folder.mkdir(parents=True, exist_ok=True)
    database = _dump_database(engine, folder)
    if evidence_dir.exists():
        shutil.copytree(evidence_dir, folder / EVIDENCE, ignore=shutil.ignore_patterns(".upload-*"))
    files = manifest.files_under(folder)
    content = {"format": manifest.FORMAT, "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
               "database": {"kind": engine.dialect.name, "file": database}, "revision": revision, "files": files}
    if audit_head is not None:
        content["audit_head"] = {"seq": audit_head[0], "hash": audit_head[1]}
    manifest.write(folder, content)
    return content


def _restore_sqlite(engine: Engine, snapshot: Path) -> None:
    target = Path(engine.url.database)
    engine.dispose()
    tmp = target.with_name(target.name + ".restoring")
    shutil.copyfile(snapshot, tmp)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)  # the old log must not replay onto the copy
    os.replace(tmp, target)


def _restore_postgres(engine: Engine, snapshot: Path) -> None:
    pg_restore = shutil.which("pg_restore")
    if pg_restore is None:
        raise BackupError("pg_restore が見つかりません（PostgreSQLのクライアントを入れてください）。")
    engine.dispose()
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    run = subprocess.run([pg_restore, "--no-owner", "--exit-on-error", "--dbname", _pg_url(engine),  # noqa: S603
                          str(snapshot)], capture_output=True, text=True, env=_pg_env(engine))
    if run.returncode != 0:
        raise BackupError(f"pg_restore が失敗しました: {run.stderr.strip()}")


def _replace_evidence(snapshot: Path, evidence_dir: Path) -> Path | None:
    """The snapshot's files become the evidence folder; the folder they replace is kept aside."""
    staging = evidence_dir.with_name(evidence_dir.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    if snapshot.exists():
        shutil.copytree(snapshot, staging)
    else:
        staging.mkdir(parents=True)
    kept = None
    if evidence_dir.exists():
        kept = evidence_dir.with_name(f"{evidence_dir.name}.before-restore-{datetime.now(UTC):%Y%m%d%H%M%S}")
        evidence_dir.rename(kept)
    staging.rename(evidence_dir)
    return kept


def restore(engine: Engine, evidence_dir: Path, folder: Path) -> tuple[dict, Path | None]:
    content, problems = manifest.verify(folder)
    if problems:
        raise BackupError("バックアップを復元できません（何も変更していません）:\n" + "\n".join(problems))
    kind = content["database"]["kind"]
    if kind != engine.dialect.name:
        raise BackupError(f"{kind} のバックアップは、現在のデータベース（{engine.dialect.name}）には復元できません。")
    snapshot = folder / content["database"]["file"]
    if kind == "sqlite":
        _restore_sqlite(engine, snapshot)
    else:
        _restore_postgres(engine, snapshot)
    return content, _replace_evidence(folder / EVIDENCE, evidence_dir)
