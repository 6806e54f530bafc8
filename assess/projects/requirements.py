"""A project's requirements: the catalog × the profile's rules × staff tailoring (pure).

A control is in when the rules select it or staff added it, unless staff removed it. Staff's
priority and parameter values replace the catalog's; everything else comes from the control.
"""

from dataclasses import dataclass, field

from assess.catalog import texts
from assess.catalog.applicability import Profile, reasons
from assess.catalog.browse import describe_condition, stage_lines
from assess.catalog.schema import PRIORITY_LABELS, Catalog, Control
from assess.scoring.model import VALID_AT_DEFAULT


@dataclass(frozen=True)
class Change:
    """Staff's tailoring of one control, as plain data."""

    mode: str | None = None  # "add" | "remove" | None
    reason: str = ""
    priority: str | None = None
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Requirement:
    control: Control
    included: bool
    by_rule: bool
    rule_reasons: tuple[str, ...]
    change: Change
    priority: str
    params: dict
    any_of_label: str = ""  # the control's any-of group in words: 「ISMS認証又はプライバシーマーク」

    @property
    def id(self) -> str:
        return self.control.id

    @property
    def priority_label(self) -> str:
        return PRIORITY_LABELS[self.priority]

    @property
    def why(self) -> str:
        if self.change.mode == "add":
            return "職員が追加"
        if self.change.mode == "remove":
            return f"職員が除外（理由: {self.change.reason}）"
        if not self.by_rule:
            return f"適用条件（{describe_condition(self.control.applies_if)}）に当てはまらない"
        return "、".join(self.rule_reasons) or "すべての案件に適用"

    @property
    def shown_params(self) -> dict[str, str]:
        """Parameter values as a form shows them (365, not 365.0)."""
        return {k: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                for k, v in self.params.items()}

    def render(self, text: str) -> str:
        return texts.render(text, self.params)

    @property
    def lines(self) -> list[tuple[str, str]]:
        """(label, text) of every stage part, for pages that show the whole requirement."""
        return stage_lines(self.control, self.params)

    # --- The control's part at each stage, with the project's figures filled in.

    def asked_in(self, stage: str) -> bool:
        return stage in self.control.asked_in

    def question(self, stage: str) -> str:
        text = self.control.question(stage)
        return self.render(text.ja) if text else ""

    @property
    def eligibility(self) -> str:
        part = self.control.selection
        return self.render(part.eligibility.ja) if part and part.eligibility else ""

    @property
    def clause(self) -> str:
        part = self.control.contract
        return self.render(part.clause.ja) if part and part.clause else ""

    @property
    def terms(self) -> tuple[str, str] | None:
        """(article id, paragraph) for the 個人情報取扱特記事項."""
        part = self.control.contract
        return (part.terms.article, self.render(part.terms.ja)) if part and part.terms else None

    @property
    def checklist(self) -> str:
        part = self.control.operations
        return self.render(part.checklist.ja) if part and part.checklist else ""

    @property
    def frequency(self) -> str | None:
        part = self.control.operations
        return part.checklist.frequency if part and part.checklist else None

    @property
    def records(self) -> tuple[tuple[str, str], ...]:
        """(document, timing) the contractor submits once work runs."""
        part = self.control.operations
        return tuple((self.render(r.ja), r.timing) for r in part.records) if part else ()

    @property
    def kpi(self):
        part = self.control.operations
        return part.kpi if part else None

    @property
    def threshold(self) -> str:
        """The expectation in words with the project's figures: 「365日以上」."""
        if self.control.expect is None:
            return ""
        expect, unit = self.control.expect, self.control.answer.unit or ""
        if expect.form in ("gte", "lte"):
            value = expect.operand
            value = self.params.get(value, value) if isinstance(value, str) else value
            value = int(value) if float(value).is_integer() else value
            return f"{value}{unit}{'以上' if expect.form == 'gte' else '以下'}"
        if expect.form == "equals":
            return {"yes": "「はい」", "no": "「いいえ」"}.get(expect.operand,
                                                          _option_label(self.control, expect.operand))
        if expect.form == "one_of":
            return "、".join(_option_label(self.control, v) for v in expect.operand) + " のいずれか"
        if expect.form in ("valid_at", "after_contract_end"):  # the latter: frozen catalogs only
            return f"有効期限が{self.valid_at}以後"
        return "職員が内容を判断"

    @property
    def valid_at(self) -> str:
        """The day a `valid_at` date must still be valid on: 「回答期限日」 or 「契約開始日」."""
        expect = self.control.expect
        if expect is None or expect.form != "valid_at":
            return VALID_AT_DEFAULT
        return str(self.params.get(expect.operand, expect.operand))


def _option_label(control: Control, value: str) -> str:
    return next((f"「{o.ja}」" for o in control.answer.options or () if o.value == value), value)


def build(catalog: Catalog, profile: Profile, changes: dict[str, Change]) -> list[Requirement]:
    """Every control of the catalog, in catalog order, with whether and why it is included."""
    out = []
    for control in catalog.controls:
        why = reasons(control.applies_if, profile)
        change = changes.get(control.id, Change())
        included = (why is not None or change.mode == "add") and change.mode != "remove"
        params = {**control.defaults(), **{k: v for k, v in change.params.items()
                                           if k in control.parameters}}
        group = catalog.meta.group(control.any_of) if control.any_of else None
        out.append(Requirement(control, included, why is not None, why or (), change,
                               change.priority or control.priority, params,
                               group.ja if group else ""))
    return out


def included_ids(requirements: list[Requirement]) -> set[str]:
    return {r.id for r in requirements if r.included}
