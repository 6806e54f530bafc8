"""The hash chain over audit events (pure: plain values in, hashes and findings out).

Each link is an HMAC-SHA256 under a key kept outside the database (instance/audit_key): someone
who can write to the database can still delete or change rows, but can no longer compute the
hashes that would make the change verify. The head (the last link's hash) printed by
`assess backup` is the external record: a later chain must still contain it.
"""

import hashlib
import hmac
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


def link_hash(link: Link, key: bytes) -> str:
    body = [link.seq, link.prev_hash, link.at.isoformat(timespec="microseconds"), link.actor,
            link.action, link.object_type, link.object_id, link.data, link.remote_addr]
    return hmac.new(key, canonical_json(body).encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Break:
    event_id: int | None
    seq: int | None
    reason: str


def verify(links: Iterable[Link], head: tuple[int, str] | None, key: bytes,
           anchors: dict[int, str] | None = None) -> Break | None:
    """The first place the chain is broken, or None when every link and the head agree.
    anchors: {seq: hash} recorded outside (backup output); each must still be in the chain."""
    anchors = dict(anchors or {})
    prev_hash, expected_seq = GENESIS, 1
    last_id = None
    for link in links:
        if link.seq != expected_seq:
            return Break(link.id, link.seq, f"連番が飛んでいます（期待 {expected_seq}、実際 {link.seq}）: 行の削除")
        if link.prev_hash != prev_hash:
            return Break(link.id, link.seq, "直前の記録のハッシュと一致しません: 前の行の変更または削除")
        if not hmac.compare_digest(link_hash(link, key), link.hash):
            return Break(link.id, link.seq, "記録の内容がハッシュと一致しません: この行の変更"
                                            "（または監査ログの鍵が記録時と異なります）")
        if link.seq in anchors and anchors.pop(link.seq) != link.hash:
            return Break(link.id, link.seq, "外部に記録した先頭ハッシュと一致しません: この時点までの記録の書き換え")
        prev_hash, expected_seq, last_id = link.hash, expected_seq + 1, link.id
    if anchors:
        seq = min(anchors)
        return Break(None, seq, f"外部に記録した連番 {seq} の記録がありません: 記録の削除または書き換え")
    head_seq, head_hash = head if head else (0, GENESIS)
    if (expected_seq - 1, prev_hash) != (head_seq, head_hash):
        return Break(last_id, expected_seq - 1,
                     f"末尾が記録の先頭情報（連番 {head_seq}）と一致しません: 末尾の行の削除または追加")
    return None
