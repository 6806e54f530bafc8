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
       件数・回数を問う要件（whole）で整数でなければ「不適合」（整数でない回答です: 1.5件）。
       gte は基準の値以上、lte は基準の値以下なら「適合」。違えば「不適合」、回答を先に、
       基準を括弧に示す（例: 回答 180日（基準 365日以上） / 回答 1%（基準 0.5%以下））。
     - valid_at: 証明書などの有効期限。回答を日付（YYYY-MM-DD）として読む。読めなければ
       「不適合」。案件のパラメータが選ぶ日（回答期限日 又は 契約開始日。既定は回答期限日）に
       有効なら、つまり有効期限がその日以後なら「適合」。その日より前なら「不適合」
       （有効期限 令和8年3月31日 が回答期限日 令和8年4月20日 より前）。その日が決まって
       いなければ今日と比べる（有効期限 … が既に過ぎている）。
       契約期間の途中で期限が来ることは不適合の理由にしない（プライバシーマークは2年、
       ISMSは3年で更新される）: 更新の義務は契約の条項にあり、期限が近づけば証明書の
       リマインダーが知らせる。再レビューの回では、その回の回答期限日と比べる。
       旧形式の after_contract_end は valid_at（回答期限日）として扱う。
     - review: 記述式。内容があれば「要レビュー」（職員の判断待ち。点にはならないが、
       足切りの理由にもならない。ただし必須なら、職員が判断するまで候補は「判定保留」）。
2. 証跡（1 で「適合」のときだけ）
   - カタログが必須とする種類の証跡が1つでも欠ければ「証跡不足」（必須の証跡がありません: 証明書）。
   - 証明書が必須の要件では、有効期限の最も遅い証明書で判断する。有効期限が未入力なら
     「証跡不足」。1 の valid_at と同じ日（valid_at 以外の要件では回答期限日）より前なら
     「証跡期限切れ」（証明書の有効期限 … が回答期限日 … より前）。
     （必須でない証明書の期限は判定に使わない。職員が画面で確かめる。）
3. 現地視察（ここまで「適合」のときだけ）: その要件の最後の記録が「未確認」なら「一部適合」。
4. 職員の判断はすべてに優先する: 承認 →「適合」、不適合 →「不適合」、差し戻し →「要確認」。
   同じ要件に複数あれば最後のものが有効。自動判定の結果は残し、理由にも書く。
5. いずれか一方で足りる要件（カタログの any_of。例: ISMS認証又はプライバシーマーク）は、
   1〜4 で判定したあと、組（グループ）としてまとめて扱う（`groups.py`）:
   - 組のどれかが「適合」なら組は満たされる。適合でない他の要件は「該当なし」として採点と
     足切りから外し、理由を示す（GOV-05 が適合のため、いずれか一方で足りる）。
   - どれも「適合」でなければ、最もよい判定の1つ（一部適合 → 要レビュー → 要確認 →
     証跡期限切れ → 証跡不足 → 不適合 → 未回答 の順）だけで組を判定し、失格の理由にも
     1度だけ数える。ほかの要件は「該当なし」として外す（いずれか一方で足りる要件のため
     GOV-03 で判定）。
   - 組の要件の「該当なし」は「持っていない」の意味: すべて「該当なし」なら組は「不適合」
     （いずれも「該当なし」（ISMS認証又はプライバシーマークのいずれかが必要））。

点数への算入（credit）: 適合 1、一部適合 0.5、それ以外 0。該当なしは採点の対象外。
同じ要件への回答・視察記録が複数あるときは、最後のものを使う。
"""

import math
import re
import unicodedata
from dataclasses import KW_ONLY, dataclass
from datetime import date, datetime

from assess.scoring import reasons
from assess.scoring.model import (
    VALID_AT,
    VALID_AT_DEFAULT,
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
TODAY = "今日"  # the reference day when the one asked for is not set yet
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Facts:
    """Everything known about one control for one vendor, in the order it was recorded."""

    today: date
    _: KW_ONLY
    answer_deadline: date | None = None  # the invitation's (a re-review round's own)
    contract_start: date | None = None
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
    if req.whole and not figure.is_integer():
        return "gap", reasons.not_whole(req, figure)
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


def reference(req: Req, facts: Facts) -> tuple[str, date] | None:
    """The day a date must still be valid on, with its name: (「回答期限日」, 2026-04-20).
    The day not yet set: (「今日」, today). A name the scorer does not know: None."""
    label = VALID_AT_DEFAULT if req.expect_form != "valid_at" else str(req.expect_value or "").strip()
    if label not in VALID_AT:
        return None
    on = as_date(getattr(facts, VALID_AT[label]))
    return (label, on) if on is not None else (TODAY, facts.today)


def _valid_at(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    until = parse_date(value)
    if until is None:
        return "gap", reasons.NOT_A_DATE
    ref = reference(req, facts)
    if ref is None:
        return "pending_review", reasons.UNKNOWN_REFERENCE
    problem = too_early("有効期限", until, ref)
    return ("gap", problem) if problem else MET


def too_early(what: str, until: date, ref: tuple[str, date]) -> str | None:
    """Valid on the reference day (expiring that very day is still valid); the reason when not."""
    label, on = ref
    if until >= on:
        return None
    return reasons.already_past(what, until) if label == TODAY else reasons.before_reference(
        what, until, label, on)


def _review(req: Req, value: str, facts: Facts) -> tuple[str, str]:
    return "pending_review", reasons.PENDING_REVIEW


_CHECKS = {
    "equals": _equals,
    "one_of": _one_of,
    "gte": _compare,
    "lte": _compare,
    "valid_at": _valid_at,
    "after_contract_end": _valid_at,  # questionnaires frozen before valid_at: judged the same way
    "review": _review,
}


def evidence_status(req: Req, facts: Facts) -> tuple[str, str]:
    required = tuple(dict.fromkeys(req.required_evidence or ()))
    present = {e.kind for e in facts.evidence}
    missing = [kind for kind in required if kind not in present]
    if missing:
        return "evidence_missing", reasons.missing_evidence(missing)
    return certificate_status(req, facts) if "certificate" in required else MET


def certificate_status(req: Req, facts: Facts) -> tuple[str, str]:
    """The latest certificate, valid on the same day as the answer must be (1 above)."""
    dated = [as_date(e.valid_until) for e in facts.evidence
             if e.kind == "certificate" and e.valid_until is not None]
    if not dated:
        return "evidence_missing", reasons.CERTIFICATE_UNDATED
    ref = reference(req, facts)
    if ref is None:
        return "pending_review", reasons.UNKNOWN_REFERENCE
    problem = too_early("証明書の有効期限", max(dated), ref)
    return ("evidence_expired", problem) if problem else MET


def as_date(day: date | None) -> date | None:
    """A datetime cannot be compared with a date, so keep only its day."""
    return day.date() if isinstance(day, datetime) else day


def visit_status(facts: Facts) -> tuple[str, str]:
    last = facts.observations[-1] if facts.observations else None
    if last is not None and last.result == "unconfirmed":
        return "partial", reasons.unconfirmed(last.note)
    return MET
