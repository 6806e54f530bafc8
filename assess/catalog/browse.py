"""Filtering and presenting a catalog for reading (pure: used by the web page and the CLI)."""

from dataclasses import dataclass

from assess.catalog import texts
from assess.catalog.schema import PRIORITY_LABELS, Catalog, Condition, Control

PROFILE_LABELS = {
    "data": ("取り扱う情報", {"none": "個人情報なし", "personal": "個人情報",
                         "sensitive": "要配慮個人情報", "my_number": "特定個人情報（マイナンバー）"}),
    "zone": ("ネットワーク", {"my_number": "マイナンバー利用事務系", "lgwan": "LGWAN接続系",
                        "internet": "インターネット接続系", "offline": "接続なし"}),
    "location": ("作業場所", {"city_office": "庁舎内", "vendor_site": "委託先施設",
                          "cloud": "クラウド", "telework": "テレワーク"}),
    "network_model": ("市のネットワークモデル", {"alpha": "αモデル", "alpha_prime": "α'モデル",
                                         "beta": "βモデル", "beta_prime": "β'モデル"}),
    "cloud": ("クラウドサービスの利用", {True: "あり", False: "なし"}),
    "subcontract": ("再委託", {True: "あり", False: "なし"}),
    "residents_contact": ("住民への直接対応", {True: "あり", False: "なし"}),
}


def describe_condition(cond: Condition | None) -> str:
    """「取り扱う情報: 特定個人情報（マイナンバー）」 — why a control applies, in words."""
    if cond is None:
        return "常に適用"
    parts = []
    for name, (label, values) in PROFILE_LABELS.items():
        value = getattr(cond, name)
        if value is None:
            continue
        if isinstance(value, tuple):
            parts.append(f"{label}: {'・'.join(values[v] for v in value)}")
        else:
            parts.append(f"{label}: {values[value]}")
    if cond.min_records is not None:
        parts.append(f"件数 {cond.min_records:,}件以上")
    if cond.any:
        parts.append("（" + " または ".join(describe_condition(c) for c in cond.any) + "）")
    return "、".join(parts)


@dataclass(frozen=True)
class ControlView:
    control: Control
    priority_label: str
    question: str
    clause: str
    checklist: str
    applies: str


def view_of(control: Control, params: dict | None = None) -> ControlView:
    values = {**control.defaults(), **(params or {})}
    return ControlView(control, PRIORITY_LABELS[control.priority],
                       texts.render(control.question.ja, values),
                       texts.render(control.clause.ja, values),
                       texts.render(control.checklist.ja, values),
                       describe_condition(control.applies_if))


def matches(control: Control, query: str) -> bool:
    q = query.casefold()
    fields = (control.id, control.title.ja, control.title.en or "", control.question.ja,
              control.clause.ja, control.checklist.ja)
    return any(q in f.casefold() for f in fields)


def select_controls(catalog: Catalog, domain: str | None = None, priority: str | None = None,
                    query: str | None = None) -> list[Control]:
    return [c for c in catalog.controls
            if (not domain or c.domain_id == domain)
            and (not priority or c.priority == priority)
            and (not query or matches(c, query))]
