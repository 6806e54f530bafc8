"""The scorer's plain-data inputs and outputs (frozen dataclasses, no behaviour), and the words
every page, the CLI and the documents print for them."""

from dataclasses import KW_ONLY, dataclass, field
from datetime import date

# Status codes and their Japanese labels, in the order a reader meets them.
STATUS_LABELS = {
    "met": "適合",
    "partial": "一部適合",
    "gap": "不適合",
    "unanswered": "未回答",
    "na": "該当なし",
    "evidence_missing": "証跡不足",
    "evidence_expired": "証跡期限切れ",
    "query": "要確認",
    "pending_review": "要レビュー",
}

# A candidate's verdict: 必須 all met (通過), a 必須 failed (失格), or a 必須 item still waits for
# staff (a written answer to review, a question sent back) and nothing failed (判定保留).
VERDICT_LABELS = {
    "pass": "通過",
    "fail": "失格（必須要件の不適合）",
    "pending": "判定保留（必須項目の審査待ち）",
}

# Why a candidate has no rank. Only submitted candidates that passed are ranked.
UNRANKED_LABELS = {
    "not_submitted": "未提出",
    "returned": "差戻し中",
    "fail": "失格",
    "pending": "判定保留",
}

# `expect: {valid_at: …}`: the day a certificate must still be valid on, by its label in the
# catalog parameter's options → the ScoreInput / Facts field holding that day.
VALID_AT = {"回答期限日": "answer_deadline", "契約開始日": "contract_start"}
VALID_AT_DEFAULT = "回答期限日"


def rank_label(rank: int | None, unranked: str = "") -> str:
    """「1位」, or 「順位なし（失格）」 with the reason."""
    if rank is not None:
        return f"{rank}位"
    return f"順位なし（{UNRANKED_LABELS.get(unranked, unranked or '—')}）"


@dataclass(frozen=True)
class Req:
    """One project requirement, with parameters already resolved to values."""

    control_id: str
    domain_id: str
    title: str  # control title (ja)
    priority: str  # "must" | "important" | "nice" (effective, after tailoring)
    weight: int  # 1..5
    answer_type: str  # "yes_no" | "choice" | "number" | "date" | "text"
    expect_form: str  # "equals" | "one_of" | "gte" | "lte" | "valid_at" | "review"
    expect_value: object = None  # "yes"; ("a","b"); 365; "回答期限日" (parameters resolved); None
    threshold_label: str = ""  # what the figure is: 「ログ保管日数」
    unit: str = ""  # 「日」
    allow_na: bool = False
    option_labels: dict = field(default_factory=dict)  # choice value → Japanese label
    required_evidence: tuple[str, ...] = ()  # evidence kinds the catalog marks required
    whole: bool = False  # a count: only whole numbers are answers (1.5件 is not)
    any_of: str = ""  # group id: met when any requirement of the group is met
    any_of_label: str = ""  # the group in words: 「ISMS認証又はプライバシーマーク」


@dataclass(frozen=True)
class AnswerIn:
    control_id: str
    value: str | None  # as stored: "yes", "365", "2027-03-31", free text; None = blank
    na: bool = False  # the vendor said 該当なし (only counts where allow_na)
    comment: str = ""


@dataclass(frozen=True)
class EvidenceIn:
    control_id: str
    kind: str  # certificate | document | diagram | photo | log_sample | record
    valid_until: date | None = None  # certificates only


@dataclass(frozen=True)
class DecisionIn:
    """A reviewer's decision: "accept" (承認) | "query" (要確認, returned) | "reject" (不適合)."""

    control_id: str
    decision: str
    comment: str = ""


@dataclass(frozen=True)
class ObservationIn:
    """A site-visit observation: "confirmed" (確認済) | "unconfirmed" (未確認) | "na" (該当なし)."""

    control_id: str
    result: str
    note: str = ""


@dataclass(frozen=True)
class ScoreInput:
    requirements: tuple[Req, ...]
    answers: tuple[AnswerIn, ...] = ()
    evidence: tuple[EvidenceIn, ...] = ()
    decisions: tuple[DecisionIn, ...] = ()
    observations: tuple[ObservationIn, ...] = ()
    _: KW_ONLY  # the days are named, never given by position (three dates are easily swapped)
    answer_deadline: date | None = None  # the invitation's (a re-review round's own)
    contract_start: date | None = None
    today: date | None = None


@dataclass(frozen=True)
class RequirementResult:
    control_id: str
    domain_id: str
    priority: str
    status: str  # a key of STATUS_LABELS
    reason: str  # Japanese, naming the figures; "" when met
    automatic_status: str  # what the rules alone said
    overridden: bool  # a staff decision replaced the automatic status
    credit: float  # 0..1 counted in the score; NA requirements are left out of the score


@dataclass(frozen=True)
class DomainScore:
    domain_id: str
    score: float  # 0..100, one decimal
    earned: float
    possible: float
    points: float | None = None  # 配点 × score / 100 when the project sets points


@dataclass(frozen=True)
class VendorResult:
    overall: float  # 0..100
    domains: tuple[DomainScore, ...]
    disqualified: bool  # 足切り: a 必須 requirement failed
    must_gaps: tuple[RequirementResult, ...]
    results: tuple[RequirementResult, ...]
    points: float | None = None  # total evaluation points when the project sets 配点
    must_pending: tuple[RequirementResult, ...] = ()  # 必須 items waiting for staff (要レビュー, 要確認)

    @property
    def verdict(self) -> str:
        """"fail" | "pending" | "pass" (a key of VERDICT_LABELS)."""
        if self.disqualified:
            return "fail"
        return "pending" if self.must_pending else "pass"
