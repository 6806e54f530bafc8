"""The catalog as an OSCAL 1.1 catalog (JSON-ready dict): groups per domain, controls with
their parameters and one part per stage text: statement (the 仕様書 clause or 特記事項 paragraph),
assessment objective (the checklist line), guidance (the vendor questions, 参加資格, records);
each part says its stage in a prop. Sources as back-matter resources."""

import re
import uuid
from datetime import UTC, datetime

from assess.catalog.schema import PRIORITY_LABELS, Catalog, Control
from assess.catalog.versions import content_hash

OSCAL_VERSION = "1.1.2"
NS = "https://assess.local/ns/oscal"  # our namespace for props OSCAL does not define
_VAR = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "assess:" + ":".join(parts)))


def _param_id(control: Control, name: str) -> str:
    return f"{control.id.lower()}_prm_{name}"


def _prose(control: Control, text: str) -> str:
    return _VAR.sub(lambda m: "{{ insert: param, " + _param_id(control, m.group(1)) + " }}", text)


def _params(control: Control) -> list[dict]:
    out = []
    for name, p in control.parameters.items():
        param = {"id": _param_id(control, name), "label": p.title.ja, "values": [str(p.default)]}
        props = [{"name": "unit", "ns": NS, "value": p.unit}] if p.unit else []
        if props:
            param["props"] = props
        if p.min is not None or p.max is not None:
            low = "" if p.min is None else str(p.min)
            high = "" if p.max is None else str(p.max)
            param["constraints"] = [{"description": f"{low}〜{high}"}]
        if p.options:
            param["select"] = {"choice": list(p.options)}
            del param["values"]
        out.append(param)
    return out


def _control(control: Control, source_uuids: dict[str, str]) -> dict:
    cid = control.id.lower()
    out = {
        "id": cid,
        "class": "requirement",
        "title": control.title.ja,
        "props": [
            {"name": "label", "value": control.id},
            {"name": "priority", "ns": NS, "value": control.priority,
             "remarks": PRIORITY_LABELS[control.priority]},
            {"name": "weight", "ns": NS, "value": str(control.weight)},
        ],
        "links": [{"href": f"#{source_uuids[r.source]}", "rel": "reference", "text": r.section}
                  for r in control.references],
        "parts": _parts(control),
    }
    params = _params(control)
    if params:
        out["params"] = params
    return out


def _parts(control: Control) -> list[dict]:
    cid = control.id.lower()
    s, c, o = control.selection, control.contract, control.operations
    found = [
        ("statement", "contract", "clause", c and c.clause and c.clause.ja),
        ("statement", "contract", "terms", c and c.terms and c.terms.ja),
        ("guidance", "selection", "eligibility", s and s.eligibility and s.eligibility.ja),
        ("guidance", "selection", "question", s and s.question and s.question.ja),
        ("guidance", "operations", "question", o and o.question and o.question.ja),
        ("assessment-objective", "operations", "checklist", o and o.checklist and o.checklist.ja),
    ] + [("guidance", "operations", f"record{i}", r.ja) for i, r in enumerate(o.records if o else ())]
    return [{"id": f"{cid}_{stage[:3]}_{kind}", "name": name, "prose": _prose(control, text),
             "props": [{"name": "stage", "ns": NS, "value": stage}]}
            for name, stage, kind, text in found if text]


def export(catalog: Catalog, now: datetime | None = None) -> dict:
    digest = content_hash(catalog)
    source_uuids = {s.id: _uuid(catalog.meta.id, "source", s.id) for s in catalog.meta.sources}
    groups = []
    for domain in sorted(catalog.meta.domains, key=lambda d: d.order):
        controls = [_control(c, source_uuids) for c in catalog.controls if c.domain_id == domain.id]
        groups.append({"id": domain.id.lower(), "class": "domain", "title": domain.title.ja,
                       "controls": controls})
    modified = (now or datetime.now(UTC)).replace(microsecond=0)
    return {"catalog": {
        "uuid": _uuid(catalog.meta.id, digest),
        "metadata": {
            "title": catalog.meta.title.ja,
            "last-modified": modified.isoformat().replace("+00:00", "Z"),
            "version": catalog.meta.version,
            "oscal-version": OSCAL_VERSION,
            "props": [{"name": "content-hash", "ns": NS, "value": digest}],
        },
        "groups": groups,
        "back-matter": {"resources": [
            {"uuid": source_uuids[s.id], "title": s.title,
             "description": f"{s.issuer}（{s.edition}）" + (f" {s.note}" if s.note else ""),
             **({"rlinks": [{"href": s.url}]} if s.url else {})}
            for s in catalog.meta.sources
        ]},
    }}
