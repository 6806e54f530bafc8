"""hardening: login back-off counted per account and address (login_throttle replaces
login_failure), refused-form state kept on the server (form_state), and the audit chain keyed
with an HMAC whose key lives outside the database

The audit chain is re-keyed here rather than marked per row: a per-row "unkeyed" marker would let
anyone with database access rewrite rows and mark them unkeyed. The old chain is verified first
(plain SHA-256, as written before); a broken one stops the upgrade instead of being re-keyed
into a chain that verifies. The key is the app's (instance/audit_key, made at start).

Revision ID: 0014
Revises: 0013
"""
import hashlib
import hmac
import json

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade():
    rekey = _rehash(current_app.config["AUDIT_KEY"], keyed=True)  # checked before any change
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=300), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_login_throttle'))
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_last_failure_at'), ['last_failure_at'], unique=False)
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failure_at'))
        batch_op.drop_index(batch_op.f('ix_login_failure_email'))
        batch_op.drop_index(batch_op.f('ix_login_failure_remote_addr'))
    op.drop_table('login_failure')
    op.create_table('form_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('form_key', sa.String(length=200), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_state')),
    sa.UniqueConstraint('token', name=op.f('uq_form_state_token'))
    )
    with op.batch_alter_table('form_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_state_created_at'), ['created_at'], unique=False)
    rekey()


def downgrade():
    _rehash(current_app.config["AUDIT_KEY"], keyed=False)()
    with op.batch_alter_table('form_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_state_created_at'))
    op.drop_table('form_state')
    op.create_table('login_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failure'))
    )
    with op.batch_alter_table('login_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failure_remote_addr'), ['remote_addr'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failure_at'), ['at'], unique=False)
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_last_failure_at'))
    op.drop_table('login_throttle')


# --- the audit chain, frozen here as it was hashed before (plain) and after (keyed) ----------

def _body(row, prev_hash: str) -> bytes:
    body = [row.seq, prev_hash, row.at.isoformat(timespec="microseconds"), row.actor, row.action,
            row.object_type, row.object_id, row.data, row.remote_addr]
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def _plain(row, prev_hash: str) -> str:
    return hashlib.sha256(_body(row, prev_hash)).hexdigest()


def _keyed(key: bytes, row, prev_hash: str) -> str:
    return hmac.new(key, _body(row, prev_hash), hashlib.sha256).hexdigest()


def _rehash(key: bytes, keyed: bool):
    """Checks the chain as it is hashed now (raising when it is broken) and returns the function
    that hashes it the other way, row by row."""
    conn = op.get_bind()
    event = sa.table('audit_event', sa.column('id', sa.Integer()), sa.column('seq', sa.Integer()),
                     sa.column('at', sa.DateTime()), sa.column('actor', sa.String()), sa.column('action', sa.String()),
                     sa.column('object_type', sa.String()), sa.column('object_id', sa.String()),
                     sa.column('data', sa.Text()), sa.column('remote_addr', sa.String()),
                     sa.column('prev_hash', sa.String()), sa.column('hash', sa.String()))
    head = sa.table('audit_head', sa.column('id', sa.Integer()), sa.column('seq', sa.Integer()),
                    sa.column('hash', sa.String()))
    old = (lambda row, prev: _plain(row, prev)) if keyed else (lambda row, prev: _keyed(key, row, prev))
    new = (lambda row, prev: _keyed(key, row, prev)) if keyed else (lambda row, prev: _plain(row, prev))
    rows = conn.execute(sa.select(event).order_by(event.c.seq)).all()
    prev_old = prev_new = GENESIS
    changes = []
    for expected, row in enumerate(rows, start=1):
        if row.seq != expected or row.prev_hash != prev_old or old(row, prev_old) != row.hash:
            raise RuntimeError(
                f"監査ログの連鎖が連番 {row.seq} で壊れているため、鍵付きの連鎖に移行できません（何も変更していません）。"
                "assess audit verify で確認し、バックアップからの復元を検討してください。")
        digest = new(row, prev_new)
        changes.append((row.id, prev_new, digest))
        prev_old, prev_new = row.hash, digest
    stored = conn.execute(sa.select(head.c.seq, head.c.hash).where(head.c.id == 1)).first()
    if rows and (stored is None or (stored.seq, stored.hash) != (rows[-1].seq, prev_old)):
        raise RuntimeError("監査ログの末尾が先頭情報と一致しないため、鍵付きの連鎖に移行できません（何も変更していません）。")

    def apply() -> None:
        # prev_hash is unique: clear the old values first so no new value meets an old one.
        for row_id, _prev, _digest in changes:
            conn.execute(event.update().where(event.c.id == row_id).values(prev_hash=f"rehash-{row_id}"))
        for row_id, prev, digest in changes:
            conn.execute(event.update().where(event.c.id == row_id).values(prev_hash=prev, hash=digest))
        if rows:
            conn.execute(head.update().where(head.c.id == 1).values(hash=prev_new))

    return apply
