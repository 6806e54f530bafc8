"""One requirement's status: the rules below, applied in order, with no code per control.

判定の規則（要件ごと、上から順に）

1. 回答
   - 「該当なし」と回答: 該当なしを認める要件なら「該当なし」（採点の対象から外す）。
     認めない要件なら「不適合」（理由: 該当なしは認められていない要件です）。
   - 回答が空: 「未回答」（理由: 回答がありません）。
   - 回答を要件の期待と比べる（期待の形はカタログの expect）:
     - equals: 期待どおりの値なら「適合」。違えば「不適合」、回答と要件を並べて示す
       （例: 回答「いいえ」（要件: はい））。
     - one_of: 認められる値のどれかなら「適合」。違えば「不適合」、認められる値を列挙する。
     - gte / lte: 回答を数値として読む（全角数字・桁区切りのカンマ・末尾の単位は可:
       「１，０００」は 1000）。読めなければ「不適合」（数値として読めない回答です: 'abc'）。
       gte は要件の値以上、lte は要件の値以下なら「適合」。違えば「不適合」
       （例: ログ保管日数 180日 が要件 365日 に満たない / 一次報告までの時間 4時間 が要件
       2時間 を超えている）。
     - after_contract_end: 回答を日付（YYYY-MM-DD）として読む。読めなければ「不適合」。
       今日より前なら「不適合」（有効期限 … が既に過ぎている）、契約終了日より前なら
       「不適合」（有効期限 … が契約終了日 … より前）。契約終了日が未定なら今日とだけ比べる。
     - review: 記述式。内容があれば「要レビュー」（職員の判断待ち。点にはならないが、
       足切りの理由にもならない）。
2. 証跡（1 で「適合」のときだけ）
   - カタログが必須とする種類の証跡が1つでも欠ければ「証跡不足」（必須の証跡がありません: 証明書）。
   - 証明書が必須の要件では、有効期限の最も遅い証明書で判断する。有効期限が未入力なら
     「証跡不足」、今日より前なら「証跡期限切れ」、契約終了日より前なら「証跡期限切れ」。
     （必須でない証明書の期限は判定に使わない。職員が画面で確かめる。）
3. 現地視察（ここまで「適合」のときだけ）: その要件の最後の記録が「未確認」なら「一部適合」。
4. 職員の判断はすべてに優先する: 承認 →「適合」、不適合 →「不適合」、差し戻し →「要確認」。
   同じ要件に複数あれば最後のものが有効。自動判定の結果は残し、理由にも書く。

点数への算入（credit）: 適合 1、一部適合 0.5、それ以外 0。該当なしは採点の対象外。
同じ要件への回答・視察記録が複数あるときは、最後のものを使う。
"""

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from assess.scoring import reasons
from assess.scoring.model import (
    AnswerIn,
    DecisionIn,
    EvidenceIn,
    ObservationIn,
    Req,
    RequirementResult,
)

CREDIT = {"met": 1.0, "partial": 0.5}
DECIDED = {"accept": "met", "reject": "gap", "query": "query"}
MET = ("met", "")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Facts:
    """Everything known about one control for one vendor, in the order it was recorded."""

    today: date
    contract_end: date | None = None
    answers: tuple[AnswerIn, ...] = ()
    evidence: tuple[EvidenceIn, ...] = ()
    observations: tuple[ObservationIn, ...] = ()
    decisions: tuple[DecisionIn, ...] = ()


def judge(req: Req, facts: Facts) -> RequirementResult:
    status, reason = answer_status(req, facts)
    if status == "met":
        status, reason = evidence_status(req, facts)
    if status == "met":
        status, reason = visit_status(facts)
    decision = next((d for d in reversed(facts.decisions) if d.decision in DECIDED), None)
    if decision is None:
        return _result(req, status, reason, status, overridden=False)
    final = DECIDED[decision.decision]
    why = reasons.overridden(final, status, reason, decision.comment)
    return _result(req, final, why, status, overridden=True)


def _result(req: Req, status: str, reason: str, automatic: str, *, overridden: bool):
    return RequirementResult(req.control_id, req.domain_id, req.priority, status, reason,
                             automatic, overridden, CREDIT.get(status, 0.0))


def answer_status(req: Req, facts: Facts) -> tuple[str, str]:
    answer = facts.answers[-1] if facts.answers else None
    if answer is not None and answer.na:
        return ("na", "") if req.allow_na else ("gap", reasons.NA_NOT_ALLOWED)
    value = "" if answer is None or answer.value is None else str(answer.value).strip()
    if not value:
        return "unanswered", reasons.UNANSWERED
    check = _CHECKS.get(req.expect_form)
    if check is None:
        return "pending_review", reasons.UNKNOWN_FORM
    return check(req, value, facts)


def _equals(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    expected = "" if req.expect_value is None else str(req.expect_value).strip()
    return MET if value == expected else ("gap", reasons.mismatch(req, value, expected))


def _one_of(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    allowed = _as_tuple(req.expect_value)
    return MET if value in allowed else ("gap", reasons.not_one_of(req, value, allowed))


def _as_tuple(expected) -> tuple[str, ...]:
    if expected is None:
        return ()
    if isinstance(expected, list | tuple | set | frozenset):
        return tuple(str(e).strip() for e in expected)
    return (str(expected).strip(),)


def _compare(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    figure = parse_number(value, req.unit)
    if figure is None:
        return "gap", reasons.not_a_number(value)
    limit = _threshold(req.expect_value)
    if limit is None:
        return "pending_review", reasons.BAD_THRESHOLD
    if req.expect_form == "gte":
        return MET if figure >= limit else ("gap", reasons.below(req, figure, limit))
    return MET if figure <= limit else ("gap", reasons.above(req, figure, limit))


_FIGURE = re.compile(r"[0-9]+(\.[0-9]+)?")


def _threshold(value) -> float | None:
    """The city's figure (from the catalog parameters): any finite number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    return parse_number(value)


def parse_number(value, unit: str = "") -> float | None:
    """「１，０００」「1,000日」→ 1000.0; anything else that is not a finite number → None."""
    if isinstance(value, bool):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    if unit:
        text = text.removesuffix(unicodedata.normalize("NFKC", unit)).strip()
    # Plain digits only: no sign, exponent or other scripts' digits (٣ is not an answer here).
    if not _FIGURE.fullmatch(text):
        return None
    figure = float(text)
    return figure if math.isfinite(figure) else None


def parse_date(value: str) -> date | None:
    text = unicodedata.normalize("NFKC", value).strip()
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _after_contract_end(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    until = parse_date(value)
    if until is None:
        return "gap", reasons.NOT_A_DATE
    problem = too_early("有効期限", until, facts)
    return ("gap", problem) if problem else MET


def too_early(what: str, until: date, facts: Facts) -> str | None:
    """Valid until at least today and the contract's last day; the reason when not."""
    if until < facts.today:
        return reasons.already_past(what, until)
    if facts.contract_end is not None and until < facts.contract_end:
        return reasons.before_contract_end(what, until, facts.contract_end)
    return None


def _review(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    return "pending_review", reasons.PENDING_REVIEW


_CHECKS = {
    "equals": _equals,
    "one_of": _one_of,
    "gte": _compare,
    "lte": _compare,
    "after_contract_end": _after_contract_end,
    "review": _review,
}


def evidence_status(req: Req, facts: Facts) -> tuple[str, str]:
    required = tuple(dict.fromkeys(req.required_evidence or ()))
    present = {e.kind for e in facts.evidence}
    missing = [kind for kind in required if kind not in present]
    if missing:
        return "evidence_missing", reasons.missing_evidence(missing)
    return certificate_status(facts) if "certificate" in required else MET


def certificate_status(facts: Facts) -> tuple[str, str]:
    dated = [as_date(e.valid_until) for e in facts.evidence
             if e.kind == "certificate" and e.valid_until is not None]
    if not dated:
        return "evidence_missing", reasons.CERTIFICATE_UNDATED
    problem = too_early("証明書の有効期限", max(dated), facts)
    return ("evidence_expired", problem) if problem else MET


def as_date(day: date | None) -> date | None:
    """A datetime cannot be compared with a date, so keep only its day."""
    return day.date() if isinstance(day, datetime) else day


def visit_status(facts: Facts) -> tuple[str, str]:
    last = facts.observations[-1] if facts.observations else None
    if last is not None and last.result == "unconfirmed":
        return "partial", reasons.unconfirmed(last.note)
    return MET
