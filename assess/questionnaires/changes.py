"""What the audit log keeps of an answer save (pure): per item, only the fields that changed, and
long text bounded to its opening words with its length and sha256 (enough to say what was there
and to check a copy against it). The answer rows hold the full text; the log must not copy every
draft of it (a save of long texts once added ~36 MB to the chain)."""

import hashlib

TEXT_KEPT = 100  # characters of a long text kept in the log


def bounded(value):
    if not isinstance(value, str) or len(value) <= TEXT_KEPT:
        return value
    return {"text": value[:TEXT_KEPT], "length": len(value),
            "sha256": hashlib.sha256(value.encode()).hexdigest()}


def audit_payload(changed: dict[str, tuple[dict | None, dict]]) -> dict:
    """{"before": …, "after": …} for record(): changed maps control id → (before, after) fields;
    `before` is None for an item answered for the first time (its fields are all kept, bounded)."""
    before, after = {}, {}
    for cid, (old, new) in changed.items():
        keys = [k for k in new if old is None or old.get(k) != new.get(k)]
        before[cid] = None if old is None else {k: bounded(old.get(k)) for k in keys}
        after[cid] = {k: bounded(new.get(k)) for k in keys}
    return {"before": before, "after": after}
