"""Filtering and presenting a catalog for reading (pure: used by the web page and the CLI)."""

from dataclasses import dataclass

from assess.catalog import texts
from assess.catalog.schema import (
    FREQUENCY_LABELS,
    PRIORITY_LABELS,
    TIMING_LABELS,
    Catalog,
    Condition,
    Control,
)

PROFILE_LABELS = {
    "data": ("取り扱う情報", {"none": "個人情報なし", "personal": "個人情報",
                         "sensitive": "要配慮個人情報", "my_number": "特定個人情報（マイナンバー）"}),
    "zone": ("ネットワーク", {"my_number": "マイナンバー利用事務系", "lgwan": "LGWAN接続系",
                        "internet": "インターネット接続系", "offline": "接続なし"}),
    "location": ("作業場所", {"city_office": "庁舎内", "vendor_site": "委託先施設",
                          "cloud": "クラウド", "telework": "テレワーク"}),
    "network_model": ("市のネットワークモデル", {"alpha": "αモデル", "alpha_prime": "α'モデル",
                                         "beta": "βモデル", "beta_prime": "β'モデル"}),
    "work_type": ("業務の種類", {"data_entry": "データ入力・パンチ", "call_center": "コールセンター・問合せ窓口",
                            "counter": "窓口業務（庁舎内）", "system_ops": "情報システムの運用・保守",
                            "print_mail": "印刷・発送", "other": "その他"}),
    "sector": ("法令上の守秘義務", {"tax": "地方税（地方税法第22条）"}),
    "cloud": ("クラウドサービスの利用", {True: "あり", False: "なし"}),
    "subcontract": ("再委託", {True: "あり", False: "なし"}),
    "residents_contact": ("住民への直接対応", {True: "あり", False: "なし"}),
    "standard_systems": ("標準準拠システム・ガバメントクラウド", {True: "関わる", False: "関わらない"}),
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


def stage_lines(control: Control, values: dict) -> list[tuple[str, str]]:
    """(label, text) for what the control gives at each stage, with `values` filled in."""
    def r(text) -> str:
        return texts.render(text.ja if hasattr(text, "ja") else text, values)

    out: list[tuple[str, str]] = []
    s, c, o = control.selection, control.contract, control.operations
    if s is not None:
        if s.eligibility:
            out.append(("参加資格（選定）", r(s.eligibility)))
        if s.question:
            out.append(("質問（選定）", r(s.question)))
        if s.evidence:
            out.append(("提案時の証跡", "、".join(e.ja + ("（必須）" if e.required else "") for e in s.evidence)))
    if c is not None:
        if c.clause:
            out.append(("仕様書の条項（契約）", r(c.clause)))
        if c.terms:
            out.append(("個人情報取扱特記事項（契約）", r(c.terms)))
    if o is not None:
        if o.question:
            out.append(("質問（履行・監督）", r(o.question)))
        if o.evidence:
            out.append(("履行中の証跡", "、".join(e.ja + ("（必須）" if e.required else "") for e in o.evidence)))
        if o.records:
            out.append(("提出書類", "、".join(f"{r(x.ja)}（{TIMING_LABELS[x.timing]}）" for x in o.records)))
        if o.checklist:
            out.append((f"確認項目（{FREQUENCY_LABELS[o.checklist.frequency]}）", r(o.checklist)))
        if o.kpi:
            out.append(("KPI", o.kpi.ja))
    return out


@dataclass(frozen=True)
class ControlView:
    control: Control
    priority_label: str
    lines: tuple[tuple[str, str], ...]
    applies: str


def view_of(control: Control, params: dict | None = None) -> ControlView:
    values = {**control.defaults(), **(params or {})}
    return ControlView(control, PRIORITY_LABELS[control.priority], tuple(stage_lines(control, values)),
                       describe_condition(control.applies_if))


def matches(control: Control, query: str) -> bool:
    q = query.casefold()
    fields = (control.id, control.title.ja, control.title.en or "",
              *(text for _label, text in stage_lines(control, control.defaults())))
    return any(q in f.casefold() for f in fields)


def select_controls(catalog: Catalog, domain: str | None = None, priority: str | None = None,
                    query: str | None = None) -> list[Control]:
    return [c for c in catalog.controls
            if (not domain or c.domain_id == domain)
            and (not priority or c.priority == priority)
            and (not query or matches(c, query))]
