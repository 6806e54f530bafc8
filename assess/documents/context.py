"""Context builders (pure): plain data in, the plain dicts the Word templates read out.

Each document's shape is documented on its builder; the templates in `templates/` use exactly
these names. Text from vendors is cleaned of characters XML cannot hold; escaping is docxtpl's
(autoescape), so `<`, `&` and quotes arrive as typed.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from assess.catalog.schema import PRIORITY_LABELS
from assess.util.wareki import format_date

# Characters XML 1.0 cannot carry (control characters other than tab/newline, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
KANJI_DIGITS = "〇一二三四五六七八九"


def clean(text) -> str:
    return _NOT_XML.sub("", "" if text is None else str(text))


def kansuji(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (for 第N条 and 第N)."""
    if n < 10:
        return KANJI_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else KANJI_DIGITS[tens]) + "十" + (KANJI_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Header:
    city: str
    project: str
    department: str
    issued: date
    date_style: str = "wareki"  # the city's choice: "wareki" | "seireki"

    def day(self, d: date | None) -> str:
        return format_date(d, self.date_style) if d else ""

    def base(self, title: str) -> dict:
        return {"title": title, "city": clean(self.city), "project": clean(self.project),
                "department": clean(self.department), "date": self.day(self.issued)}


@dataclass(frozen=True)
class Clause:
    """One requirement as a document shows it."""

    id: str
    domain_id: str
    domain_title: str
    title: str
    priority: str
    clause: str
    checklist: str = ""
    evidence: tuple[tuple[str, bool], ...] = ()  # (description, required)
    special_terms: bool = False


def spec(header: Header, clauses: list[Clause], contract: tuple[date | None, date | None],
         show_priority: bool = True) -> dict:
    """仕様書 セキュリティ要件.
    domains: [{number "第一", title, clauses: [{number "(1)", id, title, text, mark "【必須】"|""}]}]
    evidence_rows: [{number, id, title, evidence "…（必須）／…", required "必須"|"任意"}]
    contract_term: str; show_priority: bool"""
    domains, evidence_rows = [], []
    for d_id in dict.fromkeys(c.domain_id for c in clauses):
        group = [c for c in clauses if c.domain_id == d_id]
        domains.append({"number": f"第{kansuji(len(domains) + 1)}", "title": clean(group[0].domain_title),
                        "clauses": [{"number": f"({n})", "id": c.id, "title": clean(c.title),
                                     "text": clean(c.clause),
                                     "mark": f"【{PRIORITY_LABELS[c.priority]}】" if show_priority else ""}
                                    for n, c in enumerate(group, start=1)]})
    for c in clauses:
        if c.evidence:
            evidence_rows.append({"number": len(evidence_rows) + 1, "id": c.id, "title": clean(c.title),
                                  "evidence": "／".join(clean(e) + ("（必須）" if r else "（任意）")
                                                       for e, r in c.evidence),
                                  "required": "必須" if any(r for _e, r in c.evidence) else "任意"})
    start, end = contract
    term = f"{header.day(start)}から{header.day(end)}まで" if start and end else "契約書に定める期間"
    return {**header.base("仕様書 情報セキュリティ要件"), "domains": domains, "evidence_rows": evidence_rows,
            "contract_term": term, "show_priority": show_priority, "count": len(clauses)}


def terms(header: Header, clauses: list[Clause]) -> dict:
    """個人情報取扱特記事項. articles: [{number "第一条", title, text}]"""
    chosen = [c for c in clauses if c.special_terms]
    return {**header.base("個人情報取扱特記事項"),
            "articles": [{"number": f"第{kansuji(n)}条", "title": clean(c.title), "text": clean(c.clause)}
                         for n, c in enumerate(chosen, start=1)]}


@dataclass(frozen=True)
class Finding:
    id: str
    title: str
    status_label: str
    reason: str
    priority: str


@dataclass(frozen=True)
class CandidateSummary:
    vendor: str
    rank: int
    state: str
    overall: float
    points: float | None
    disqualified: bool
    domain_scores: tuple[tuple[str, float], ...]  # (domain title, score)
    findings: tuple[Finding, ...] = ()  # every requirement not met
    comments: tuple[tuple[str, str, str, str], ...] = ()  # (id, title, decision label, comment)


def report(header: Header, candidates: list[CandidateSummary], removed: list[tuple[str, str, str]],
           questions: list[tuple[str, str]], reviewers: list[str], has_points: bool) -> dict:
    """評価結果報告書.
    candidates: [{rank, vendor, state, overall, points, verdict}]
    scores: [{vendor, domain, score}] (one row per vendor and domain)
    vendors: [{vendor, verdict, must_gaps: [{id, title, reason}], other_gaps: [{id, title, status, reason}],
               comments: [{id, title, decision, comment}]}]
    removed: [{id, title, reason}]; questions: [{number, question, answer}]; reviewers: str
    has_points: bool; chart: an image the renderer adds"""
    def finding(f: Finding) -> dict:
        return {"id": f.id, "title": clean(f.title), "status": f.status_label, "reason": clean(f.reason)}

    return {
        **header.base("評価結果報告書"),
        "has_points": has_points,
        "candidates": [{"rank": f"{c.rank}位", "vendor": clean(c.vendor), "state": c.state,
                        "overall": f"{c.overall:.1f}", "points": "" if c.points is None else f"{c.points:.1f}",
                        "verdict": "失格（必須要件の不適合）" if c.disqualified else "通過"} for c in candidates],
        "scores": [{"vendor": clean(c.vendor), "domain": clean(t), "score": f"{s:.1f}"}
                   for c in candidates for t, s in c.domain_scores],
        "vendors": [{"vendor": clean(c.vendor), "verdict": "失格" if c.disqualified else "通過",
                     "must_gaps": [finding(f) for f in c.findings if f.priority == "must" and f.status_label
                                   in ("不適合", "未回答", "証跡不足", "証跡期限切れ")],
                     "other_gaps": [finding(f) for f in c.findings if not (f.priority == "must" and f.status_label
                                    in ("不適合", "未回答", "証跡不足", "証跡期限切れ"))],
                     "comments": [{"id": i, "title": clean(t), "decision": d, "comment": clean(m)}
                                  for i, t, d, m in c.comments]} for c in candidates],
        "removed": [{"id": i, "title": clean(t), "reason": clean(r)} for i, t, r in removed],
        "questions": [{"number": n, "question": clean(q), "answer": clean(a)}
                      for n, (q, a) in enumerate(questions, start=1)],
        "reviewers": "、".join(clean(r) for r in reviewers) or "（記載なし）",
    }


@dataclass(frozen=True)
class Action:
    description: str
    owner: str
    due: date | None
    status: str  # already a label: 未着手 / 対応中 / 完了


@dataclass(frozen=True)
class Kpi:
    name: str
    target: str  # 「24時間以内」
    actual: str = ""  # the measured figure, with its unit
    verdict: str = ""  # 達成 / 未達 / ""


@dataclass(frozen=True)
class Meeting:
    title: str
    held_on: date | None
    place: str
    attendees: tuple[str, ...]
    agenda: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    notes: str = ""
    actions: tuple[Action, ...] = ()
    kpis: tuple[Kpi, ...] = field(default_factory=tuple)


def _actions(header: Header, actions) -> list[dict]:
    return [{"description": clean(a.description), "owner": clean(a.owner), "due": header.day(a.due),
             "status": a.status} for a in actions]


def _kpis(kpis) -> list[dict]:
    return [{"name": clean(k.name), "target": clean(k.target), "actual": clean(k.actual),
             "verdict": k.verdict} for k in kpis]


def checklist(header: Header, vendor: str, round_label: str, meeting: Meeting, clauses: list[Clause],
              last_status: dict[str, str], open_gaps: list[tuple[str, str, str]]) -> dict:
    """定例レビュー会議チェックリスト.
    vendor, round_label, meeting_date, agenda: [str]
    items: [{number, id, title, check, last_status, box "☐"}]
    open_gaps: [{id, title, reason}]; actions: [{description, owner, due, status}]
    kpis: [{name, target, actual, verdict}]"""
    return {**header.base("定例レビュー会議チェックリスト"), "vendor": clean(vendor), "round_label": clean(round_label),
            "meeting_date": header.day(meeting.held_on), "agenda": [clean(a) for a in meeting.agenda],
            "items": [{"number": n, "id": c.id, "title": clean(c.title), "check": clean(c.checklist),
                       "last_status": last_status.get(c.id, "—"), "box": "☐"}
                      for n, c in enumerate(clauses, start=1)],
            "open_gaps": [{"id": i, "title": clean(t), "reason": clean(r)} for i, t, r in open_gaps],
            "actions": _actions(header, meeting.actions), "kpis": _kpis(meeting.kpis)}


def minutes(header: Header, vendor: str, meeting: Meeting) -> dict:
    """議事録. meeting_title, meeting_date, place, attendees: [str], agenda: [str],
    decisions: [str], notes, actions: [{description, owner, due, status}],
    kpis: [{name, target, actual, verdict}]"""
    return {**header.base("議事録"), "vendor": clean(vendor), "meeting_title": clean(meeting.title),
            "meeting_date": header.day(meeting.held_on), "place": clean(meeting.place),
            "attendees": [clean(a) for a in meeting.attendees], "agenda": [clean(a) for a in meeting.agenda],
            "decisions": [clean(d) for d in meeting.decisions], "notes": clean(meeting.notes),
            "actions": _actions(header, meeting.actions), "kpis": _kpis(meeting.kpis)}
