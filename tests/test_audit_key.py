"""The audit chain is an HMAC under a key kept outside the database (instance/audit_key): before,
anyone who could write to the database could change a row and recompute every plain SHA-256
after it, and `assess audit verify` said nothing. `assess backup` prints the head so a record
kept elsewhere anchors the chain even against someone holding the key. Migration 0014 re-keys
an existing chain after checking it."""

import hashlib
import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select, text

from assess.audit.chain import Link, link_hash
from assess.audit.models import AuditEvent, AuditHead
from assess.extensions import db
from tests.helpers import scratch_database


def _plain(row, prev: str) -> str:
    """How the chain was hashed before 0014 (and how anyone can hash it without the key)."""
    body = [row.seq, prev, row.at.isoformat(timespec="microseconds"), row.actor, row.action, row.object_type,
            row.object_id, row.data, row.remote_addr]
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                                     default=str).encode()).hexdigest()


def _rewrite(session, digest) -> None:
    """Changes the first event and re-chains every hash after it, as someone with database access
    would; digest(row, prev) is the hash they can compute."""
    rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    rows[0].actor = "user:999"
    for n, row in enumerate(rows):  # prev_hash is unique: free the old values first
        row.prev_hash = f"tmp-{n}"
    session.flush()
    prev = "0" * 64
    for row in rows:
        row.prev_hash, row.hash = prev, digest(row, prev)
        prev = row.hash
    session.get(AuditHead, 1).hash = prev
    session.commit()


def test_the_key_is_a_private_file_outside_the_database(app):
    path = Path(app.config["AUDIT_KEY_FILE"])
    assert path.is_file() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert bytes.fromhex(path.read_text().strip()) == app.config["AUDIT_KEY"]


def test_a_chain_rehashed_by_someone_with_database_access_does_not_verify(app, runner, make_user):
    for _ in range(3):
        make_user("staff")
    with app.app_context():
        _rewrite(db.session, _plain)
    result = runner.invoke(["audit", "verify"])
    assert result.exit_code == 1 and "連番 1" in result.output and "鍵" in result.output


def test_backup_prints_the_head_and_a_recorded_head_catches_a_rewrite_even_with_the_key(app, runner, make_user,
                                                                                      tmp_path):
    for _ in range(3):
        make_user("staff")
    result = runner.invoke(["backup", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    with app.app_context():
        head = db.session.get(AuditHead, 1)
        seq, digest = head.seq, head.hash
    assert f"監査ログの先頭: 連番 {seq} ハッシュ {digest}" in result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["audit_head"] == {"seq": seq, "hash": digest}
    assert runner.invoke(["audit", "verify", "--anchor", f"{seq}:{digest}"]).exit_code == 0

    key = app.config["AUDIT_KEY"]
    with app.app_context():  # someone with the key and the database rewrites history
        _rewrite(db.session, lambda row, prev: link_hash(Link(
            row.id, row.seq, row.at, row.actor, row.action, row.object_type, row.object_id, row.data,
            row.remote_addr, prev), key))
    assert runner.invoke(["audit", "verify"]).exit_code == 0  # consistent again, but:
    anchored = runner.invoke(["audit", "verify", "--anchor", f"{seq}:{digest}"])
    assert anchored.exit_code == 1 and "外部に記録した" in anchored.output
    assert runner.invoke(["audit", "verify", "--anchor", "x:y"]).exit_code == 2


# --- migration 0014 on a chain written before it ------------------------------------------------

@pytest.fixture
def scratch_url(tmp_path):
    yield from scratch_database(tmp_path, "rekey")


def _old_chain(session, count: int, break_at: int | None = None) -> None:
    from datetime import datetime

    prev = "0" * 64
    for seq in range(1, count + 1):
        row = AuditEvent(seq=seq, at=datetime(2026, 4, 1, 9, seq), actor="cli:old", action="project.update",
                         object_type="project", object_id="1", data=json.dumps({"after": {"n": seq}, "before": None}),
                         remote_addr=None, prev_hash=prev)
        row.hash = _plain(row, prev)
        if seq == break_at:
            row.data = '{"after":{"n":999},"before":null}'  # changed after it was written
        session.add(row)
        prev = row.hash
    session.add(AuditHead(id=1, seq=count, hash=prev))
    session.commit()


@pytest.mark.parametrize("broken", [False, True], ids=["whole chain", "tampered chain"])
def test_the_migration_rekeys_a_whole_old_chain_and_refuses_a_broken_one(app, scratch_url, broken, capfd):
    from flask_migrate import upgrade

    from assess import create_app
    from assess.audit.services import verify_chain

    old = create_app({"SQLALCHEMY_DATABASE_URI": scratch_url, "SECRET_KEY": "x", "TESTING": True})
    with old.app_context():
        upgrade(revision="0013")
        _old_chain(db.session, 5, break_at=3 if broken else None)
        if broken:
            with pytest.raises(SystemExit):  # Flask-Migrate logs the reason and exits 1
                upgrade()
            assert "連番 3 で壊れている" in capfd.readouterr().err
            db.session.rollback()
            with db.engine.connect() as conn:
                assert conn.scalar(text("SELECT version_num FROM alembic_version")) == "0013"
                assert "login_throttle" not in sa_inspect(conn).get_table_names()  # nothing changed
            first = db.session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).first()
            assert first.hash == _plain(first, "0" * 64)
        else:
            upgrade()
            assert verify_chain(db.session) is None
        db.session.remove()
        db.engine.dispose()
