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
WorkType = Literal["data_entry", "call_center", "counter", "system_ops", "print_mail", "other"]
Sector = Literal["tax"]  # statutory confidentiality the city switches on (地方税法第22条)

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
    whole: bool = False  # a count (件, 回, 人): only whole numbers are answers

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.whole and self.type != "number":
            raise ValueError("whole（整数のみ）は type: number のときだけ指定できます")
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
    valid_at: str | None = None  # a choice parameter (or its value): 回答期限日 / 契約開始日
    # Read only so catalog versions frozen before valid_at still load; lint refuses it in controls/.
    after_contract_end: Literal[True] | None = None
    review: Literal[True] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Self:
        given = [k for k, v in self if v is not None]
        if len(given) != 1:
            raise ValueError("expect には equals / one_of / gte / lte / valid_at / review "
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
    work_type: tuple[WorkType, ...] | None = None
    sector: tuple[Sector, ...] | None = None
    cloud: bool | None = None
    subcontract: bool | None = None
    residents_contact: bool | None = None
    standard_systems: bool | None = None
    min_records: int | None = Field(default=None, ge=1)
    any: tuple["Condition", ...] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if all(v is None for _, v in self):
            raise ValueError("applies_if が空です（常に適用するなら applies_if を書かない）")
        return self


# --- The three stages of an outsourcing. A control says what it gives at each; documents and
# questionnaires ask for "the selection part" etc. and never test a stage themselves.

Stage = Literal["selection", "contract", "operations"]
STAGE_LABELS = {"selection": "選定（公募・プロポーザル）", "contract": "契約",
                "operations": "履行・監督"}
Timing = Literal["before_start", "monthly", "quarterly", "yearly", "on_incident", "on_change",
                 "on_request", "contract_end"]
TIMING_LABELS = {"before_start": "業務開始前", "monthly": "毎月", "quarterly": "四半期ごと",
                 "yearly": "毎年度", "on_incident": "事故発生時", "on_change": "変更時",
                 "on_request": "随時（発注者の求めに応じて）", "contract_end": "契約終了時"}
Frequency = Literal["every", "quarterly", "yearly", "inspection", "contract"]
FREQUENCY_LABELS = {"every": "毎回", "quarterly": "四半期", "yearly": "年次",
                    "inspection": "実地検査時", "contract": "契約時"}


class Selection(Strict):
    """Before award: a capability question with proposal evidence, and/or a 参加資格 line."""

    question: Text | None = None
    evidence: tuple[Evidence, ...] = ()
    eligibility: Text | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.question is None and self.eligibility is None:
            raise ValueError("selection には question（質問）か eligibility（参加資格）を書きます")
        if self.evidence and self.question is None:
            raise ValueError("selection.evidence は selection.question と一緒に書きます")
        return self


class Article(Strict):
    """A paragraph of the 個人情報取扱特記事項, placed in one of the catalog's articles."""

    article: str = Field(pattern=NAME)
    ja: str = Field(min_length=1)
    en: str | None = None


class Contract(Strict):
    """What the winner signs: a 仕様書 obligation and/or a 特記事項 paragraph (never the same text)."""

    clause: Text | None = None
    terms: Article | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.clause is None and self.terms is None:
            raise ValueError("contract には clause（仕様書の条項）か terms（特記事項）を書きます")
        if self.clause is not None and self.terms is not None and self.clause.ja == self.terms.ja:
            raise ValueError("contract.clause と contract.terms が同じ文です（特記事項にある義務は"
                             "仕様書に重ねて書かない）")
        return self


class Record(Strict):
    """A record the contractor submits once work runs, and when (提出書類一覧)."""

    ja: str = Field(min_length=1)
    en: str | None = None
    timing: Timing


class Check(Strict):
    """A line of the 定例会議 checklist and how often it is checked."""

    ja: str = Field(min_length=1)
    en: str | None = None
    frequency: Frequency


class Operations(Strict):
    """Once work runs: a question for the contract-start and re-review rounds, records to
    submit, a checklist line, a KPI."""

    question: Text | None = None
    evidence: tuple[Evidence, ...] = ()
    records: tuple[Record, ...] = ()
    checklist: Check | None = None
    kpi: Kpi | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.question is None and not self.records and self.checklist is None and self.kpi is None:
            raise ValueError("operations には question・records・checklist・kpi のいずれかを書きます")
        if self.evidence and self.question is None:
            raise ValueError("operations.evidence は operations.question と一緒に書きます")
        return self


_OLD_KEYS = ("question", "clause", "checklist", "evidence", "special_terms", "kpi")


class Control(Strict):
    id: str = Field(pattern=CONTROL_ID)
    title: Text
    priority: Priority
    weight: int = Field(ge=1, le=5)
    applies_if: Condition | None = None
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    answer: Answer | None = None
    expect: Expect | None = None
    any_of: str | None = Field(default=None, pattern=NAME)  # a group of catalog.yaml: one member suffices
    selection: Selection | None = None
    contract: Contract | None = None
    operations: Operations | None = None
    references: tuple[Reference, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _not_old_shape(cls, data):
        if isinstance(data, dict):
            old = [k for k in _OLD_KEYS if k in data]
            if old:
                raise ValueError(f"旧形式の統制です: {', '.join(old)} は selection / contract / "
                                 "operations の下に書きます（controls/README.md「段階」）")
        return data

    @model_validator(mode="after")
    def _stages(self) -> Self:
        if not self.stages:
            raise ValueError("selection・contract・operations のいずれか1つ以上を書きます")
        asks = self.asked_in
        if asks and (self.answer is None or self.expect is None):
            raise ValueError("質問（selection.question / operations.question）がある統制には "
                             "answer と expect が必要です")
        if not asks and (self.answer is not None or self.expect is not None):
            raise ValueError("answer と expect は質問（question）のある統制にだけ書きます")
        return self

    @property
    def domain_id(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def stages(self) -> tuple[Stage, ...]:
        return tuple(s for s in ("selection", "contract", "operations") if getattr(self, s) is not None)

    @property
    def asked_in(self) -> tuple[str, ...]:
        """The stages whose questionnaire asks this control's question."""
        return tuple(s for s in ("selection", "operations")
                     if getattr(self, s) is not None and getattr(self, s).question is not None)

    def question(self, stage: str) -> Text | None:
        part = getattr(self, stage, None)
        return getattr(part, "question", None)

    def evidence(self, stage: str) -> tuple[Evidence, ...]:
        part = getattr(self, stage, None)
        return getattr(part, "evidence", ()) if part is not None else ()

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


class TermsArticle(Strict):
    """One article of the 個人情報取扱特記事項, in the fixed legal order of the list.

    `text` always opens the article; `otherwise` stands alone when no included control gives a
    paragraph (e.g. 再委託: forbidden unless a control for planned subcontracting says how)."""

    id: str = Field(pattern=NAME)
    heading: str = Field(min_length=1, max_length=20)
    text: str | None = None
    otherwise: str | None = None
    applies_if: Condition | None = None

    @model_validator(mode="after")
    def _worded(self) -> Self:
        if self.text is None and self.otherwise is None:
            raise ValueError(f"条 '{self.id}' に text か otherwise のどちらかが必要です")
        return self


class Group(Strict):
    """Controls of which any one suffices (`any_of: <id>` on each): 「ISMS認証又はプライバシーマーク」."""

    id: str = Field(pattern=NAME)
    ja: str = Field(min_length=1)
    en: str | None = None


class CatalogMeta(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = Field(min_length=1)
    title: Text
    sources: tuple[Source, ...] = Field(min_length=1)
    domains: tuple[Domain, ...] = Field(min_length=1)
    articles: tuple[TermsArticle, ...] = Field(min_length=1)
    groups: tuple[Group, ...] = ()

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)


class Catalog(Strict):
    """A whole, valid catalog: its metadata and every control in domain order."""

    meta: CatalogMeta
    controls: tuple[Control, ...]

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)

    def domain(self, domain_id: str) -> Domain | None:
        return next((d for d in self.meta.domains if d.id == domain_id), None)
