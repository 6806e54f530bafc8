"""A vendor's scores and the comparison of candidates, from the statuses `rules.py` gives.

計算式
- 要件の重み w = カタログの重み（1〜5）× 優先度の係数（必須 3、重要 2、望ましい 1）。
- 分野の点数 = 100 × Σ(算入率 × w) ÷ Σ(w)。その分野の「該当なし」以外の要件で計算する
  （算入率: 適合 1、一部適合 0.5、それ以外 0）。すべて「該当なし」の分野は 100.0。
- 総合点 = 同じ式を「該当なし」以外の全要件で計算する（分野の点数の平均ではない）。
- 表示の直前にだけ小数第1位へ四捨五入する。
- 判定（候補ごと）:
  - 失格（足切り）: 必須の要件が1つでも「不適合」「未回答」「証跡不足」「証跡期限切れ」のとき。
    職員が「要確認」で差し戻しても、自動判定がこれらなら回答が直るまで足切りのまま。
    いずれか一方で足りる組（rules.py の 5）は、組として1度だけ数える。
  - 判定保留: 失格ではないが、必須の要件に「要レビュー」（記述式で職員の判断待ち）か
    「要確認」（差し戻して回答待ち）が残るとき。職員が判断するまで「通過」にはしない。
  - 通過: それ以外。
- 配点: 案件が分野ごとの配点を決めていれば、分野の評価点 = 配点 × 分野の点数 ÷ 100
  （小数第1位）、合計はその和。配点がなければ評価点は出さない。
- 比較の順位: 順位を付けるのは、提出済み（未提出・回答中・差戻し中でない）で「通過」の候補
  だけ。総合点の高い順、次に評価点の高い順。すべて同じなら同順位（1位、1位、3位）。
  ほかの候補は「順位なし」とし、理由を示す（未提出 / 差戻し中 / 失格 / 判定保留）。
  表の並びは、順位のある候補、判定保留、差戻し中、失格、未提出の順（それぞれ総合点の高い順）。
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from assess.scoring import groups, rules
from assess.scoring.model import DomainScore, Req, RequirementResult, ScoreInput, VendorResult
from assess.util import clock

PRIORITY_FACTOR = {"must": 3, "important": 2, "nice": 1}
DISQUALIFYING = frozenset({"gap", "unanswered", "evidence_missing", "evidence_expired"})
AWAITING_STAFF = frozenset({"pending_review", "query"})
SUBMITTED = "submitted"  # the invitation state of a candidate that may be ranked
# Unranked candidates after the ranked ones, in this order (keys of model.UNRANKED_LABELS).
_UNRANKED_ORDER = ("pending", "returned", "fail", "not_submitted")
_MAX_WEIGHT = 1e6  # far above the catalog's 5; keeps sums finite whatever a caller passes


@dataclass(frozen=True)
class Ranked:
    vendor_key: str
    result: VendorResult
    rank: int | None  # 1 = best; tied candidates share a rank (1, 1, 3); None: not ranked
    unranked: str = ""  # why not ranked: a key of model.UNRANKED_LABELS


def score(inp: ScoreInput, points: dict[str, float] | None = None) -> VendorResult:
    judged = tuple(rules.judge(req, facts) for req, facts in _facts(inp))
    results = groups.settle(inp.requirements, judged)
    rows = [(res, weight(req)) for req, res in zip(inp.requirements, results, strict=True)]
    domains = tuple(_domain(d, group, points) for d, group in _by_domain(rows).items())
    must = [r for r in results if r.priority == "must"]
    must_gaps = tuple(r for r in must if _fails(r))
    must_pending = tuple(r for r in must if not _fails(r) and r.status in AWAITING_STAFF)
    total = None if points is None else round1(sum(d.points or 0.0 for d in domains))
    return VendorResult(round1(_percent(rows)), domains, bool(must_gaps), must_gaps, results,
                        total, must_pending)


def compare(candidates: dict[str, ScoreInput], points: dict[str, float] | None = None,
            states: dict[str, str] | None = None) -> list[Ranked]:
    """Every candidate, ranked ones first. `states`: each candidate's invitation state ("open",
    "submitted", "returned"); a candidate missing from it counts as submitted."""
    states = states or {}
    scored = [(key, score(inp, points)) for key, inp in candidates.items()]
    placed = sorted(((key, result, _unranked(states.get(key, SUBMITTED), result))
                     for key, result in scored), key=lambda row: _order(row[1], row[2]))
    ranked: list[Ranked] = []
    for place, (key, result, why) in enumerate(placed, start=1):
        if why:
            ranked.append(Ranked(key, result, None, why))
            continue
        tied = ranked and _order(ranked[-1].result, "") == _order(result, "")
        ranked.append(Ranked(key, result, ranked[-1].rank if tied else place))
    return ranked


def _unranked(state: str, result: VendorResult) -> str:
    """"" for a candidate to rank, else why not."""
    if state != SUBMITTED:
        return "returned" if state == "returned" else "not_submitted"
    return "" if result.verdict == "pass" else result.verdict


def _fails(r: RequirementResult) -> bool:
    """A 必須 failure; sending the vendor a question (要確認) does not clear it until it is answered."""
    return r.status in DISQUALIFYING or (r.status == "query" and r.automatic_status in DISQUALIFYING)


def _order(result: VendorResult, unranked: str) -> tuple:
    group = _UNRANKED_ORDER.index(unranked) + 1 if unranked else 0
    return (group, -result.overall, -(result.points or 0.0))


def _facts(inp: ScoreInput):
    """Pairs each requirement with what was recorded for its control; the rest is ignored."""
    today = rules.as_date(inp.today) or clock.to_jst(clock.utcnow()).date()  # the city's day
    days = {"answer_deadline": rules.as_date(inp.answer_deadline),
            "contract_start": rules.as_date(inp.contract_start)}
    grouped = {name: _group(getattr(inp, name))
               for name in ("answers", "evidence", "observations", "decisions")}
    for req in inp.requirements:
        found = {name: items.get(req.control_id, ()) for name, items in grouped.items()}
        yield req, rules.Facts(today, **days, **found)


def _group(items) -> dict[str, tuple]:
    grouped: dict[str, list] = defaultdict(list)
    for item in items:
        grouped[item.control_id].append(item)
    return {key: tuple(found) for key, found in grouped.items()}


def weight(req: Req) -> float:
    """Weight × priority factor; a weight that is not a sensible positive number counts as 0."""
    w = req.weight
    if isinstance(w, bool) or not isinstance(w, int | float) or not 0 < w <= _MAX_WEIGHT:
        return 0.0
    return float(w) * PRIORITY_FACTOR.get(req.priority, 1)


def _by_domain(rows: list[tuple[RequirementResult, float]]) -> dict[str, list]:
    """Domains in the order their first requirement comes."""
    domains: dict[str, list] = {}
    for res, w in rows:
        domains.setdefault(res.domain_id, []).append((res, w))
    return domains


def _domain(domain_id: str, rows: list[tuple[RequirementResult, float]],
            points: dict[str, float] | None) -> DomainScore:
    earned, possible = _sums(rows)
    percent = _percent(rows)
    allocation = _allocation(points, domain_id)
    share = None if allocation is None else round1(allocation * (percent / 100))
    return DomainScore(domain_id, round1(percent), earned, possible, share)


def _sums(rows: list[tuple[RequirementResult, float]]) -> tuple[float, float]:
    """Earned and possible weight, leaving 該当なし out."""
    counted = [(res.credit, w) for res, w in rows if res.status != "na"]
    return sum(c * w for c, w in counted), sum(w for _, w in counted)


def _percent(rows: list[tuple[RequirementResult, float]]) -> float:
    earned, possible = _sums(rows)
    return 100.0 * earned / possible if possible else 100.0  # nothing to score: nothing failed


def _allocation(points: dict[str, float] | None, domain_id: str) -> float | None:
    value = (points or {}).get(domain_id)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        value = float(value)
    except OverflowError:
        return None
    return value if math.isfinite(value) else None


def round1(x: float) -> float:
    """四捨五入 to one decimal (Python's round() would give 2.2 for 2.25)."""
    if not math.isfinite(x) or abs(x) >= 2**52:  # such a float holds no tenths to round
        return x
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
