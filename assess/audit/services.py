"""Writing audit events (the one function every state change calls) and verifying the chain."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assess.audit.chain import GENESIS, Break, Link, canonical_json, link_hash, verify
from assess.audit.models import AuditEvent, AuditHead
from assess.util.clock import utcnow

_LOCK_KEY = 4_201_187  # PostgreSQL advisory lock id serialising writers of the chain


@dataclass(frozen=True)
class Actor:
    """Who acted: `user:<id>`, `vendor:<invitation id>`, `cli:<name>` or `system`."""

    name: str
    remote_addr: str | None = None

    @classmethod
    def user(cls, user, remote_addr: str | None = None) -> "Actor":
        return cls(f"user:{user.id}", remote_addr)

    @classmethod
    def cli(cls, who: str = "cli") -> "Actor":
        return cls(f"cli:{who}")


def _key() -> bytes:
    return current_app.config["AUDIT_KEY"]  # read once by create_app (assess/audit/keys.py)


def record(session: Session, actor: Actor, action: str, object_type: str, object_id,
           before=None, after=None) -> AuditEvent:
    """Append one event to the chain in the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    link = Link(id=0, seq=head.seq + 1, at=utcnow(), actor=actor.name, action=action,
                object_type=object_type, object_id=None if object_id is None else str(object_id),
                data=canonical_json({"before": before, "after": after}),
                remote_addr=actor.remote_addr, prev_hash=head.hash)
    digest = link_hash(link, _key())
    event = AuditEvent(seq=link.seq, at=link.at, actor=link.actor, action=action,
                       object_type=object_type, object_id=link.object_id, data=link.data,
                       remote_addr=link.remote_addr, prev_hash=link.prev_hash, hash=digest)
    session.add(event)
    head.seq, head.hash = link.seq, digest
    session.flush()
    return event


def _link(e: AuditEvent) -> Link:
    return Link(id=e.id, seq=e.seq, at=e.at, actor=e.actor, action=e.action,
                object_type=e.object_type, object_id=e.object_id, data=e.data,
                remote_addr=e.remote_addr, prev_hash=e.prev_hash, hash=e.hash)


def head_of(session: Session) -> tuple[int, str]:
    """(seq, hash) of the newest event: what a backup prints for an external record."""
    head = session.get(AuditHead, 1)
    return (head.seq, head.hash) if head else (0, GENESIS)


def verify_chain(session: Session, key: bytes | None = None,
                 anchors: dict[int, str] | None = None) -> Break | None:
    """Streams the log in batches (it grows without bound) and stops at the first break.
    key: the app's own unless given (a script outside the app reads instance/audit_key)."""
    head = session.get(AuditHead, 1)
    result = session.execute(select(AuditEvent).order_by(AuditEvent.seq, AuditEvent.id)
                             .execution_options(yield_per=1000))
    try:
        return verify((_link(e) for e in result.scalars()),
                      (head.seq, head.hash) if head else None, key or _key(), anchors)
    finally:
        result.close()


def events_for(session: Session, object_type: str | None = None, object_id: str | None = None,
               limit: int = 200, before_seq: int | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(limit)
    if object_type:
        query = query.where(AuditEvent.object_type == object_type)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    if before_seq:
        query = query.where(AuditEvent.seq < before_seq)
    return list(session.scalars(query))
