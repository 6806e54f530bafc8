"""Answer rules (pure): what a well-formed answer is per answer type, what is still missing
before a submit, progress per domain, and which items a vendor may still change."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MAX_TEXT = 10_000  # one answer, comment or reason: the same for a draft, a submit and an import
# All the text of one invitation's answers together. Each save rewrites its rows and the page
# carries them all, so one link must not be able to grow them without bound (150 items × 3
# fields × 10,000 would be 4.5 million characters).
MAX_INVITATION_TEXT = 500_000


@dataclass(frozen=True)
class Entry:
    """One item as the vendor sent it (strings exactly as typed)."""

    value: str | None = None
    na: bool = False
    comment: str = ""
    nondisclosure: bool = False
    nondisclosure_reason: str = ""
    prefilled: bool = False  # stored: copied from the last round (前回回答), not yet confirmed
    confirmed: bool = False  # posted: the vendor ticked 「前回回答のとおり」

    @property
    def answered(self) -> bool:
        return self.na or bool((self.value or "").strip())


_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")


def parse_number(raw: str) -> float | None:
    """A plain figure: digits (full-width too), thousands commas and one decimal point; no sign,
    no exponent, no other scripts' digits. Negative counts, days or rates are not answers."""
    text = unicodedata.normalize("NFKC", raw).strip().replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    return float(text)


def parse_date(raw: str) -> date | None:
    """YYYY-MM-DD only (Python would also take 20270331 or week dates; the scorer would not)."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


_COUNTS = (("階層", "階層数"), ("件", "件数"), ("回", "回数"), ("人", "人数"), ("名", "人数"), ("社", "社数"))


def count_word(unit: str) -> str:
    """What a whole-number answer counts, from its unit: 件/年 → 件数."""
    return next((word for prefix, word in _COUNTS if (unit or "").startswith(prefix)), "この項目")


def text_problem(text: str) -> str | None:
    """Why one typed text cannot be kept (a draft refuses it too), or None."""
    if len(text) > MAX_TEXT:
        return f"{MAX_TEXT:,}文字以内で入力してください（現在 {len(text):,}文字）。"
    if "\x00" in text:
        return "使用できない文字（NUL）が含まれています。"
    return None


def text_size(*texts: str | None) -> int:
    """Characters counted against MAX_INVITATION_TEXT."""
    return sum(len(t or "") for t in texts)


def value_problem(item: dict, entry: Entry) -> str | None:
    """Why this answer cannot be accepted as it is, or None. Blank is not a problem here."""
    answer, raw = item["answer"], (entry.value or "").strip()
    if entry.na and not answer["allow_na"]:
        return "この項目は「該当なし」を選べません。"
    if entry.nondisclosure and not entry.nondisclosure_reason.strip():
        return "非開示を希望する理由を入力してください。"
    for text in (entry.value or "", entry.comment, entry.nondisclosure_reason):
        problem = text_problem(text)
        if problem:
            return problem
    if not raw or entry.na:
        return None
    kind = answer["type"]
    if kind == "yes_no" and raw not in ("yes", "no"):
        return "「はい」か「いいえ」を選んでください。"
    if kind == "choice" and raw not in {o["value"] for o in answer["options"]}:
        return "選択肢から選んでください。"
    if kind == "number" and parse_number(raw) is None:
        return f"0以上の数値を半角または全角の数字で入力してください（入力: {raw}）。"
    if kind == "number" and answer.get("whole") and not parse_number(raw).is_integer():
        return f"{count_word(answer['unit'])}は整数で入力してください（入力: {raw}）。"
    if kind == "number" and answer.get("max") is not None and parse_number(raw) > answer["max"]:
        return f"割合は0〜{answer['max']:g}%の範囲で入力してください（入力: {raw}）。"
    if kind == "date" and parse_date(raw) is None:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", unicodedata.normalize("NFKC", raw).strip()):
            return f"存在しない日付です（入力: {raw}）。"
        return f"日付を 2027-03-31 の形で入力してください（入力: {raw}）。"
    return None


def missing(items: list[dict], entries: dict[str, Entry], only: set[str] | None = None) -> list[tuple[dict, str]]:
    """(item, reason) for every item that blocks a submit; `only` limits the check to those ids."""
    out = []
    for item in items:
        if only is not None and item["id"] not in only:
            continue
        entry = entries.get(item["id"], Entry())
        problem = value_problem(item, entry)
        if problem:
            out.append((item, problem))
        elif not entry.answered:
            out.append((item, "未回答です。"))
        elif entry.prefilled:
            out.append((item, "前回回答のままです。内容を確認して「前回回答のとおり」にチェックするか、回答を変更してください。"))
    return out


def missing_evidence(items: list[dict], present: dict[str, set[str]],
                     judged: set[str]) -> list[tuple[dict, list[dict]]]:
    """(item, [its required evidence not attached]) for the items in `judged` (those the scorer
    judges 証跡不足); `present` maps control id to the evidence kinds attached."""
    out = []
    for item in items:
        if item["id"] not in judged:
            continue
        have = present.get(item["id"], set())
        lacking = [e for e in item["evidence"] if e["required"] and e["kind"] not in have]
        if lacking:
            out.append((item, list({e["kind"]: e for e in lacking}.values())))
    return out


@dataclass(frozen=True)
class Progress:
    domain_id: str
    title: str
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(content: dict, entries: dict[str, Entry]) -> tuple[Progress, list[Progress]]:
    """Overall and per-domain progress (answered / total)."""
    per = []
    for d in content["domains"]:
        ids = [i["id"] for i in content["items"] if i["domain"] == d["id"]]
        items = {i["id"]: i for i in content["items"]}
        done = sum(1 for i in ids if entries.get(i, Entry()).answered and not entries[i].prefilled
                   and value_problem(items[i], entries[i]) is None)
        per.append(Progress(d["id"], d["title"], done, len(ids)))
    total = Progress("", "全体", sum(p.answered for p in per), sum(p.total for p in per))
    return total, per


def editable(state: str, deadline_passed: bool, open_returns: set[str], all_ids: set[str]) -> set[str]:
    """Items the vendor may change now: everything while open and before the deadline; after a
    return (差戻し), only the returned items, whatever the deadline."""
    if state == "returned":
        return open_returns & all_ids
    if state == "open" and not deadline_passed:
        return set(all_ids)
    return set()
