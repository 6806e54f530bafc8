"""The hash chain over audit events (pure: plain values in, hashes and findings out)."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

GENESIS = "0" * 64


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class Link:
    """The fields of one event that the hash covers."""

    id: int
    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str | None
    data: str
    remote_addr: str | None
    prev_hash: str
    hash: str = ""


def link_hash(link: Link) -> str:
    body = [link.seq, link.prev_hash, link.at.isoformat(timespec="microseconds"), link.actor,
            link.action, link.object_type, link.object_id, link.data, link.remote_addr]
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    event_id: int | None
    seq: int | None
    reason: str


def verify(links: Iterable[Link], head: tuple[int, str] | None) -> Break | None:
    """The first place the chain is broken, or None when every link and the head agree."""
    prev_hash, expected_seq = GENESIS, 1
    last_id = None
    for link in links:
        if link.seq != expected_seq:
            return Break(link.id, link.seq, f"連番が飛んでいます（期待 {expected_seq}、実際 {link.seq}）: 行の削除")
        if link.prev_hash != prev_hash:
            return Break(link.id, link.seq, "直前の記録のハッシュと一致しません: 前の行の変更または削除")
        if link_hash(link) != link.hash:
            return Break(link.id, link.seq, "記録の内容がハッシュと一致しません: この行の変更")
        prev_hash, expected_seq, last_id = link.hash, expected_seq + 1, link.id
    head_seq, head_hash = head if head else (0, GENESIS)
    if (expected_seq - 1, prev_hash) != (head_seq, head_hash):
        return Break(last_id, expected_seq - 1,
                     f"末尾が記録の先頭情報（連番 {head_seq}）と一致しません: 末尾の行の削除または追加")
    return None
