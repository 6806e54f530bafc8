"""The wording of every reason the scorer gives, and the labels it uses, in one place so a reader
can check them against the rules in `rules.py`."""

from datetime import date

from assess.scoring.model import STATUS_LABELS, Req
from assess.util.wareki import format_date, seireki

YES_NO = {"yes": "はい", "no": "いいえ"}
EVIDENCE_LABELS = {
    "certificate": "証明書",
    "document": "文書",
    "diagram": "図面",
    "photo": "写真",
    "log_sample": "ログの抜粋",
    "record": "記録",
}

UNANSWERED = "回答がありません"
NA_NOT_ALLOWED = "該当なしは認められていない要件です"
NOT_A_DATE = "日付として読めない回答です"
PENDING_REVIEW = "記述式の回答のため職員の判断待ち"
BAD_THRESHOLD = "要件の基準値が数値として読めないため職員の判断待ち"
UNKNOWN_FORM = "判定方法が不明なため職員の判断待ち"
UNKNOWN_REFERENCE = "有効であるべき日の指定が読めないため職員の判断待ち"
CERTIFICATE_UNDATED = "証明書の有効期限が未入力です"


def number(n: float) -> str:
    """365.0 → "365", 12345 → "12,345": separators only from five digits, as officials write."""
    shown = int(n) if n.is_integer() else n
    return f"{shown:,}" if abs(shown) >= 10_000 else str(shown)


def day(d: date) -> str:
    """和暦 by default; a date before 明治6年 (a typo such as 0202) falls back to 西暦."""
    try:
        return format_date(d)
    except ValueError:
        return seireki(d)


def answer_label(req: Req, value: str) -> str:
    if req.answer_type == "yes_no":
        return YES_NO.get(value, value)
    if req.answer_type == "choice":
        return (req.option_labels or {}).get(value, value)
    return value


def mismatch(req: Req, value: str, expected: str) -> str:
    return f"回答「{answer_label(req, value)}」（要件: {answer_label(req, expected)}）"


def not_one_of(req: Req, value: str, allowed: tuple[str, ...]) -> str:
    labels = "、".join(answer_label(req, a) for a in allowed)
    return f"回答「{answer_label(req, value)}」（要件: {labels} のいずれか）"


def not_a_number(value: str) -> str:
    return f"数値として読めない回答です: {value!r}"


def _figure(req: Req, value: float) -> str:
    return f"{number(value)}{req.unit}"


def below(req: Req, value: float, limit: float) -> str:
    """The answer, then the requirement: 「回答 180日（基準 365日以上）」."""
    return f"回答 {_figure(req, value)}（基準 {_figure(req, limit)}以上）"


def above(req: Req, value: float, limit: float) -> str:
    return f"回答 {_figure(req, value)}（基準 {_figure(req, limit)}以下）"


def not_whole(req: Req, value: float) -> str:
    return f"整数でない回答です: {_figure(req, value)}"


def already_past(what: str, d: date) -> str:
    return f"{what} {day(d)} が既に過ぎている"


def before_reference(what: str, d: date, reference: str, on: date) -> str:
    """「有効期限 令和8年3月31日 が回答期限日 令和8年4月20日 より前」."""
    return f"{what} {day(d)} が{reference} {day(on)} より前"


# --- any-of groups (「ISMS又はプライバシーマークのいずれか」) ------------------------------------


def _own(status: str) -> str:
    """What the rules said of this member itself, unless it was simply 該当なし."""
    return "" if status == "na" else f"（この項目: {STATUS_LABELS.get(status, status)}）"


def covered_by(other: str, own_status: str) -> str:
    return f"{other} が適合のため、いずれか一方で足りる" + _own(own_status)


def judged_by(other: str, own_status: str) -> str:
    return f"いずれか一方で足りる要件のため {other} で判定" + _own(own_status)


def none_held(group: str) -> str:
    need = f"{group}のいずれかが必要" if group else "いずれか一方が必要"
    return f"いずれも「該当なし」（{need}）"


def missing_evidence(kinds: list[str]) -> str:
    return "必須の証跡がありません: " + "、".join(EVIDENCE_LABELS.get(k, k) for k in kinds)


def unconfirmed(note: str) -> str:
    note = str(note or "").strip()
    return f"現地視察で未確認: {note}" if note else "現地視察で未確認"


def overridden(status: str, automatic: str, reason: str, comment: str) -> str:
    """With a comment, the comment is the reason; without one, say what the rules had said."""
    head, comment = f"職員判断により{STATUS_LABELS[status]}", str(comment or "").strip()
    if comment:
        return f"{head}: {comment}"
    said = STATUS_LABELS.get(automatic, automatic) + (f" — {reason}" if reason else "")
    return f"{head}（自動判定: {said}）"
