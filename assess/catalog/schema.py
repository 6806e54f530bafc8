"""The catalog schema as frozen pydantic models: what a valid control is, field by field.

Rules that need more than one control or the catalog's source list (duplicate ids, unknown
references, template variables) live in `checks.py`.
"""

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Priority = Literal["must", "important", "nice"]
AnswerType = Literal["yes_no", "choice", "number", "date", "text"]
ParamType = Literal["integer", "number", "text", "choice"]
EvidenceKind = Literal["certificate", "document", "diagram", "photo", "log_sample", "record"]
DataKind = Literal["none", "personal", "sensitive", "my_number"]
Zone = Literal["my_number", "lgwan", "internet", "offline"]
Location = Literal["city_office", "vendor_site", "cloud", "telework"]
NetworkModel = Literal["alpha", "alpha_prime", "beta", "beta_prime"]

PRIORITY_LABELS = {"must": "必須", "important": "重要", "nice": "望ましい"}
CONTROL_ID = r"^[A-Z]{2,5}-[0-9]{2,3}$"
NAME = r"^[a-z][a-z0-9_]*$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Text(Strict):
    ja: str = Field(min_length=1)
    en: str | None = None


class Parameter(Strict):
    type: ParamType
    title: Text
    default: int | float | str
    unit: str | None = None
    min: int | float | None = None
    max: int | float | None = None
    options: tuple[str, ...] | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        numeric = self.type in ("integer", "number")
        if self.type == "integer" and (isinstance(self.default, bool)
                                       or not isinstance(self.default, int)):
            raise ValueError(f"既定値 {self.default!r} は整数ではありません")
        if self.type == "number" and not isinstance(self.default, int | float):
            raise ValueError(f"既定値 {self.default!r} は数値ではありません")
        if not numeric and not isinstance(self.default, str):
            raise ValueError(f"既定値 {self.default!r} は文字列ではありません")
        if not numeric and (self.min is not None or self.max is not None):
            raise ValueError("min / max は数値のパラメータにだけ指定できます")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} が max {self.max} より大きくなっています")
        if numeric and self.min is not None and self.default < self.min:
            raise ValueError(f"既定値 {self.default} が下限 {self.min} を下回っています")
        if numeric and self.max is not None and self.default > self.max:
            raise ValueError(f"既定値 {self.default} が上限 {self.max} を超えています")
        if (self.type == "choice") != (self.options is not None):
            raise ValueError("options は type: choice のときだけ、必ず指定します")
        if self.type == "choice" and self.default not in self.options:
            raise ValueError(f"既定値 {self.default!r} が options にありません")
        return self


class AnswerOption(Strict):
    value: str = Field(pattern=NAME)
    ja: str = Field(min_length=1)
    en: str | None = None


class Answer(Strict):
    type: AnswerType
    unit: str | None = None
    options: tuple[AnswerOption, ...] | None = None
    allow_na: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if (self.type == "choice") != (self.options is not None):
            raise ValueError("options は type: choice のときだけ、必ず指定します")
        if self.options is not None:
            values = [o.value for o in self.options]
            if len(values) < 2:
                raise ValueError("選択肢（options）は2つ以上必要です")
            if len(set(values)) != len(values):
                raise ValueError("選択肢の value が重複しています")
        if self.unit is not None and self.type != "number":
            raise ValueError("unit は type: number のときだけ指定できます")
        return self

    def option_values(self) -> tuple[str, ...]:
        if self.type == "yes_no":
            return ("yes", "no")
        return tuple(o.value for o in self.options or ())


class Expect(Strict):
    equals: str | None = None
    one_of: tuple[str, ...] | None = None
    gte: str | int | float | None = None
    lte: str | int | float | None = None
    after_contract_end: Literal[True] | None = None
    review: Literal[True] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k, v in self if v is not None]
        if len(given) != 1:
            raise ValueError("expect には equals / one_of / gte / lte / after_contract_end / review "
                             f"のいずれか1つを指定します（指定: {', '.join(given) or 'なし'}）")
        return self

    @property
    def form(self) -> str:
        return next(k for k, v in self if v is not None)

    @property
    def operand(self):
        return getattr(self, self.form)


class Evidence(Strict):
    kind: EvidenceKind
    ja: str = Field(min_length=1)
    en: str | None = None
    required: bool = False


class Reference(Strict):
    source: str
    section: str = Field(min_length=1)
    practice: bool = False


class Kpi(Strict):
    ja: str = Field(min_length=1)
    en: str | None = None
    parameter: str
    direction: Literal["lte", "gte"]


class Condition(Strict):
    data: tuple[DataKind, ...] | None = None
    zone: tuple[Zone, ...] | None = None
    location: tuple[Location, ...] | None = None
    network_model: tuple[NetworkModel, ...] | None = None
    cloud: bool | None = None
    subcontract: bool | None = None
    residents_contact: bool | None = None
    min_records: int | None = Field(default=None, ge=1)
    any: tuple["Condition", ...] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if all(v is None for _, v in self):
            raise ValueError("applies_if が空です（常に適用するなら applies_if を書かない）")
        return self


class Control(Strict):
    id: str = Field(pattern=CONTROL_ID)
    title: Text
    priority: Priority
    weight: int = Field(ge=1, le=5)
    applies_if: Condition | None = None
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    question: Text
    answer: Answer
    expect: Expect
    evidence: tuple[Evidence, ...] = ()
    clause: Text
    checklist: Text
    special_terms: bool = False
    kpi: Kpi | None = None
    references: tuple[Reference, ...] = Field(min_length=1)

    @property
    def domain_id(self) -> str:
        return self.id.split("-", 1)[0]

    def defaults(self) -> dict:
        return {name: p.default for name, p in self.parameters.items()}


class Source(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    edition: str = Field(min_length=1)
    url: str | None = None
    note: str | None = None


class Domain(Strict):
    id: str = Field(pattern=r"^[A-Z]{2,5}$")
    order: int
    title: Text


class CatalogMeta(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(min_length=1)
    title: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    domains: tuple[Domain, ...] = Field(min_length=1)


class Catalog(Strict):
    """A whole, valid catalog: its metadata and every control in domain order."""

    meta: CatalogMeta
    controls: tuple[Control, ...]

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.meta.domains if d.id == domain_id), None)
