"""The frozen question set of one stage: a project's included requirements as plain data (pure).

A procurement asks the selection questions; the contract-start and re-review rounds ask the
operations questions. What a vendor is asked, how it is judged and which evidence is expected
are copied here with the project's parameter values filled in, so later edits to the catalog or
the tailoring never change a questionnaire that is already out.
"""

import hashlib

from assess.audit.chain import canonical_json
from assess.projects.requirements import Requirement

EVIDENCE_LABELS = {"certificate": "証明書", "document": "文書", "diagram": "図面", "photo": "写真",
                   "log_sample": "ログの抜粋", "record": "記録"}


def _expect_value(r: Requirement):
    operand = r.control.expect.operand
    if r.control.expect.form in ("gte", "lte", "valid_at") and isinstance(operand, str):
        return r.params.get(operand, operand)  # valid_at may name its day directly: 回答期限日
    return list(operand) if isinstance(operand, tuple) else operand


def _answer(r: Requirement) -> dict:
    a = r.control.answer
    out = {"type": a.type, "unit": a.unit or "", "allow_na": a.allow_na, "max": _percent_cap(r),
           "options": [{"value": o.value, "ja": o.ja} for o in a.options or ()]}
    if a.whole:  # only when set: question sets frozen before stay equal to a fresh one
        out["whole"] = True
    return out


def _threshold_label(r: Requirement) -> str:
    operand = r.control.expect.operand
    if isinstance(operand, str) and operand in r.control.parameters:
        return r.control.parameters[operand].title.ja
    return r.control.title.ja


def _percent_cap(r: Requirement) -> float | None:
    """100 for a rate that cannot pass 100% (受講率, 稼働率): its parameter's own range says so."""
    operand = r.control.expect.operand
    param = r.control.parameters.get(operand) if isinstance(operand, str) else None
    if r.control.answer.unit == "%" and param is not None and param.max is not None and param.max <= 100:
        return 100.0
    return None


STAGES = ("selection", "operations")  # the stages that ask questions


def item(r: Requirement, stage: str) -> dict:
    c = r.control
    out = {
        "id": c.id, "domain": c.domain_id, "title": c.title.ja, "priority": r.priority,
        "weight": c.weight, "question": r.question(stage),
        "answer": _answer(r),
        "expect": {"form": c.expect.form, "value": _expect_value(r)},
        "threshold": r.threshold, "threshold_label": _threshold_label(r),
        "evidence": [{"kind": e.kind, "label": EVIDENCE_LABELS[e.kind], "ja": e.ja,
                      "required": e.required} for e in c.evidence(stage)],
        "params": r.params,
    }
    if c.any_of:  # いずれか一方で足りる: the scorer judges the group once
        out["any_of"] = {"id": c.any_of, "label": r.any_of_label}
    return out


def build(requirements: list[Requirement], domains: list[dict], stage: str = "selection") -> dict:
    items = [item(r, stage) for r in requirements if r.included and r.asked_in(stage)]
    used = {i["domain"] for i in items}
    return {"domains": [{"id": d["id"], "title": d["title"]["ja"]}
                        for d in sorted(domains, key=lambda d: d["order"]) if d["id"] in used],
            "items": items}


def content_hash(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def changed_items(old: dict, new: dict) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, changed) item ids between two versions."""
    before = {i["id"]: i for i in old["items"]}
    after = {i["id"]: i for i in new["items"]}
    added = [i for i in after if i not in before]
    removed = [i for i in before if i not in after]
    changed = [i for i in after if i in before and after[i] != before[i]]
    return added, removed, changed
