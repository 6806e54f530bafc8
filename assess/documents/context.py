"""Context builders (pure): plain data in, the plain dicts the Word templates read out.

Each document's shape is documented on its builder; the templates in `templates/` use exactly
these names (the 評価結果報告書's builder is in `report.py`, the 仕様書's in `contract.py`). Text
from vendors is cleaned of characters XML cannot hold; escaping is docxtpl's (autoescape), so `<`,
`&` and quotes arrive as typed.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from assess.catalog.schema import FREQUENCY_LABELS
from assess.util.wareki import format_date

# Characters XML 1.0 cannot carry (control characters other than tab/newline, lone surrogates).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
KANJI_DIGITS = "〇一二三四五六七八九"
WEEKDAYS = "月火水木金土日"
# A date left for staff to write by hand, in the city's style.
BLANK_DATES = {"wareki": "令和　年　月　日", "seireki": "　　　　年　月　日"}


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

    def day(self, d: date | None, blank: bool = False) -> str:
        """The date in the city's style; None is "" or, for a field staff fill by hand (blank=True),
        「令和　年　月　日」."""
        if d is None:
            return BLANK_DATES.get(self.date_style, BLANK_DATES["wareki"]) if blank else ""
        return format_date(d, self.date_style)

    def when(self, d: date | None, starts_at: str = "") -> str:
        """「令和9年4月15日（木）10時00分」 (the time only when given as HH:MM)."""
        if d is None:
            return self.day(None, blank=True)
        hour, _, minute = (starts_at or "").partition(":")
        time = f"{int(hour)}時{minute}分" if hour.isdigit() and minute.isdigit() else ""
        return f"{self.day(d)}（{WEEKDAYS[d.weekday()]}）{time}"

    def base(self, title: str) -> dict:
        return {"title": title, "city": clean(self.city), "project": clean(self.project),
                "department": clean(self.department), "date": self.day(self.issued)}


@dataclass(frozen=True)
class Picture:
    """An image a builder puts in its context; the renderer turns it into a Word picture of this
    width, with `alt` as its description (alternative text)."""

    data: bytes
    width_mm: int
    alt: str = ""


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
    frequency: str | None = None  # the checklist line's: every / quarterly / yearly / inspection / contract


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
    number: int | None = None  # 第N回 within the contract (None: a checklist before the meeting exists)
    starts_at: str = ""  # HH:MM
    author: str = ""  # 作成者
    next_meeting: str = ""  # 次回開催予定, as typed
    distribution: tuple[str, ...] = ()  # 配付先

    @property
    def round_label(self) -> str:
        return f"第{self.number}回" if self.number else "第　回"


def _actions(header: Header, actions) -> list[dict]:
    return [{"description": clean(a.description), "owner": clean(a.owner), "due": header.day(a.due),
             "status": a.status} for a in actions]


def _kpis(kpis) -> list[dict]:
    return [{"name": clean(k.name), "target": clean(k.target), "actual": clean(k.actual) or "未報告",
             "verdict": k.verdict} for k in kpis]


def checklist(header: Header, vendor: str, kind: str, meeting: Meeting, clauses: list[Clause],
              last_status: dict[str, str], open_gaps: list[tuple[str, str, str]]) -> dict:
    """定例レビュー会議チェックリスト for one meeting; `kind` is the meeting kind's label (定例会, 実地検査, …)
    and `clauses` the lines that kind checks; `last_status` the last operations round's status per
    control (empty before any: 「—」).
    vendor, round_label 「第N回」, kind, heading 「第N回　定例会」, meeting_date (blank: 「令和　年　月　日」),
    agenda: [str], items: [{number, id, title, check, frequency, last_status, result, note}]
    open_gaps: [{id, title, reason}]; actions: [{description, owner, due, status}]
    kpis: [{name, target, actual (「未報告」 without a figure), verdict}]; confirm_date 「令和　年　月　日」"""
    return {**header.base("定例レビュー会議チェックリスト"), "vendor": clean(vendor),
            "round_label": meeting.round_label, "kind": clean(kind), "heading": f"{meeting.round_label}　{clean(kind)}",
            "meeting_date": header.day(meeting.held_on, blank=True), "agenda": [clean(a) for a in meeting.agenda],
            "items": [{"number": n, "id": c.id, "title": clean(c.title), "check": clean(c.checklist),
                       "frequency": FREQUENCY_LABELS.get(c.frequency or "", ""),
                       "last_status": last_status.get(c.id, "—"), "result": "適・否・該当なし", "note": ""}
                      for n, c in enumerate(clauses, start=1)],
            "open_gaps": [{"id": i, "title": clean(t), "reason": clean(r)} for i, t, r in open_gaps],
            "actions": _actions(header, meeting.actions), "kpis": _kpis(meeting.kpis),
            "confirm_date": header.day(None, blank=True)}


def minutes(header: Header, vendor: str, meeting: Meeting) -> dict:
    """議事録. date is the 作成日; round_label 「第N回」; meeting_title, meeting_date (the day),
    meeting_when 「令和9年4月15日（木）10時00分」, place, author, next_meeting, distribution: [str],
    attendees: [str], agenda: [str], decisions: [str], notes, actions: [{description, owner, due, status}],
    kpis: [{name, target, actual, verdict}], confirm_date 「令和　年　月　日」 (the 受託者確認欄)"""
    return {**header.base("議事録"), "vendor": clean(vendor), "round_label": meeting.round_label,
            "meeting_title": clean(meeting.title), "meeting_date": header.day(meeting.held_on, blank=True),
            "meeting_when": header.when(meeting.held_on, meeting.starts_at), "place": clean(meeting.place),
            "author": clean(meeting.author), "next_meeting": clean(meeting.next_meeting) or "未定",
            "distribution": [clean(d) for d in meeting.distribution],
            "attendees": [clean(a) for a in meeting.attendees], "agenda": [clean(a) for a in meeting.agenda],
            "decisions": [clean(d) for d in meeting.decisions], "notes": clean(meeting.notes),
            "actions": _actions(header, meeting.actions), "kpis": _kpis(meeting.kpis),
            "confirm_date": header.day(None, blank=True)}
