"""評価結果報告書 (pure): the selection committee's report, in full or as its 公開版.

The 公開版 is for 情報公開 requests and for telling unsuccessful bidders their result: every
bidder but the one named (the committee's choice, else the first in rank) becomes A社, B社, … in
rank order — in tables, headings, comments, Q&A, captions and the chart — and whatever a bidder
asked not to disclose (its answer to an item, or a file) is shown as 「■■■（非開示: category）」.
Staff's review comments appear in it only when asked for.
"""

from dataclasses import dataclass, field
from datetime import date

from assess.documents import disclosure
from assess.documents.context import Header, Picture, clean
from assess.documents.contract import Parties
from assess.documents.tender import _method

DISQUALIFYING = ("不適合", "未回答", "証跡不足", "証跡期限切れ")
PHOTO_WIDTH_MM = 60


@dataclass(frozen=True)
class Finding:
    """A requirement the candidate did not meet; `withheld` is the vendor's 非開示 reason when its
    answer (or a file) for the item is not to be disclosed."""

    id: str
    title: str
    status_label: str
    reason: str
    priority: str
    withheld: str | None = None


@dataclass(frozen=True)
class StaffComment:
    id: str
    title: str
    decision: str  # 承認 / 要確認 / 不適合
    comment: str
    withheld: str | None = None


@dataclass(frozen=True)
class Observation:
    id: str
    title: str
    result: str  # 確認済 / 未確認 / 該当なし
    note: str
    withheld: str | None = None


@dataclass(frozen=True)
class Photo:
    control_id: str
    title: str
    file_name: str
    thumbnail: bytes | None  # our own JPEG thumbnail, without metadata
    withheld: str | None = None


@dataclass(frozen=True)
class Visit:
    visited_on: date
    place: str
    visitors: str
    observations: tuple[Observation, ...] = ()
    photos: tuple[Photo, ...] = ()


@dataclass(frozen=True)
class Candidate:
    key: int  # the invitation
    vendor: str
    rank: str  # 「1位」, 「—（未提出）」
    verdict: str  # 「通過」, 「失格（必須要件の不適合）」
    overall: float
    points: float | None
    scores: dict = field(default_factory=dict)  # domain id → (score, points or None)
    findings: tuple[Finding, ...] = ()
    comments: tuple[StaffComment, ...] = ()
    visits: tuple[Visit, ...] = ()
    contact: str = ""  # the vendor's contact person, hidden with the vendor in the 公開版
    committee_comment: str = ""
    eligible: bool = False  # submitted and not disqualified: may be named without a committee choice


@dataclass(frozen=True)
class Member:
    name: str
    role: str


@dataclass(frozen=True)
class Committee:
    period_from: date | None = None
    period_to: date | None = None
    evaluated_on: date | None = None
    members: tuple[Member, ...] = ()
    overall_comment: str = ""
    chosen: int | None = None  # the candidate's key
    conclusion: str = ""


@dataclass(frozen=True)
class Method:
    catalog: str  # 「自治体委託セキュリティ要件 2026.1」
    counts: tuple[tuple[str, int], ...]  # (必須, 12), (重要, 30), (望ましい, 9): the selection items
    points: tuple[tuple[str, float], ...] = ()  # (domain title, 配点)
    removed: tuple[tuple[str, str, str], ...] = ()  # (id, title, reason)


@dataclass(frozen=True)
class Options:
    public: bool = False
    staff_comments: bool = False  # the 公開版 carries staff's review comments only when asked
    named: int | None = None  # whom the 公開版 names (the contracted vendor); else the committee's choice


def conclusion_sentence(vendor: str) -> str:
    return f"{vendor}を契約候補者として選定することが適当である。"


def named(candidates: list[Candidate], key: int | None) -> Candidate | None:
    """The bidder the 公開版 names: the one given, else the first eligible in rank."""
    chosen = next((c for c in candidates if c.key == key), None)
    return chosen or next((c for c in candidates if c.eligible), None)


def names(candidates: list[Candidate], key: int | None, public: bool):
    """The function every text passes through: as typed, or with the other bidders replaced."""
    if not public:
        return disclosure.identity
    kept = named(candidates, key)
    hidden, n = {}, 0
    for c in candidates:
        if c is kept:
            continue
        hidden[c.vendor] = disclosure.alias(n)
        if c.contact.strip():
            hidden[c.contact.strip()] = f"{disclosure.alias(n)}担当者"
        n += 1
    return disclosure.Names(hidden, (kept.vendor,) if kept else ())


def _span(header: Header, start: date | None, end: date | None) -> str:
    if start and end:
        return f"{header.day(start)}から{header.day(end)}まで"
    if start or end:
        return f"{header.day(start)}から" if start else f"{header.day(end)}まで"
    return ""


def report(header: Header, parties: Parties, method: Method, domains: list[tuple[str, str]],
           candidates: list[Candidate], committee: Committee, questions: list[tuple[str, str]],
           reviewers: list[str], approval: list[str], options: Options = Options(),
           award: dict | None = None) -> dict:
    """評価結果報告書 (candidates in rank order; domains: (id, title) in the questionnaire's order).

    sections: {overview, method, results, domains, findings, qa, committee, conclusion, award, approval}
      → 「1」, 「2」, … for the sections that have something to say (absent: omitted)
    title: 「評価結果報告書」 or 「評価結果報告書（公開版）」; public: bool; overview: [{label, value}]
    method: {lines: [{number, text}], counts, points: [{domain, points}], removed: [{id, title, reason}]}
    has_points; candidates: [{rank, vendor, verdict, overall, points}]
    matrix: {vendors: [str], rows: [{domain, scores: [str]}]}; chart: "" (the caller sets the image)
    vendors: [{vendor, verdict, must_gaps: [{id, title, reason}], other_gaps: [{id, title, status, reason}],
               comments: [{id, title, decision, comment}], visits: [{date, place, visitors,
               observations: [{id, title, result, note}], photos: [{image, caption}]}], no_findings: bool}]
    questions: [{number, question, answer}]
    committee: {members: [{name, role}], comments: [{vendor, text}], overall}; conclusion: str
    award: {vendor, reason, reason_lines, approver} (契約候補者の選定理由, from the contract) or None
    approval: [label]; blank_date: 「令和　年　月　日」 (起案日, 決裁日 written by hand)
    radar_domains, radar_series: what the chart is drawn from, with the names this version shows"""
    public = options.public
    show_names = names(candidates, options.named or committee.chosen, public)
    staff_comments = options.staff_comments or not public

    def text(value) -> str:
        return show_names(clean(value))

    def hidden(withheld: str | None, value) -> str:
        return disclosure.mask(withheld) if public and withheld is not None else text(value)

    vendor = {c.key: text(c.vendor) for c in candidates}
    has_points = bool(method.points)
    titles = dict(domains)

    overview = [("案件名", clean(header.project)),
                ("評価期間", _span(header, committee.period_from, committee.period_to)),
                ("評価日", header.day(committee.evaluated_on)),
                ("評価対象", f"{len(candidates)}者" if candidates else ""),
                ("要件カタログ", clean(method.catalog)),
                ("審査に当たった職員", "、".join(clean(r) for r in reviewers))]
    method_part = {
        "lines": [{"number": f"({n})", "text": t} for n, t in enumerate(_method(parties, has_points), start=1)],
        "counts": "、".join(f"{label}{n}項目" for label, n in method.counts),
        "points": [{"domain": clean(d), "points": f"{p:g}点"} for d, p in method.points],
        "removed": [{"id": i, "title": clean(t), "reason": text(r)} for i, t, r in method.removed],
    }
    results = [{"rank": c.rank, "vendor": vendor[c.key], "verdict": c.verdict, "overall": f"{c.overall:.1f}",
                "points": "" if c.points is None else f"{c.points:.1f}"} for c in candidates]

    def cell(c: Candidate, domain_id: str) -> str:
        score, points = c.scores.get(domain_id, (None, None))
        if score is None:
            return "—"
        return f"{score:.1f}" + (f"（{points:.1f}点）" if has_points and points is not None else "")

    allocation = dict(method.points)
    matrix = {"vendors": [vendor[c.key] for c in candidates],
              "rows": [{"domain": clean(title) + (f"（配点 {allocation[title]:g}点）" if title in allocation else ""),
                        "scores": [cell(c, domain_id) for c in candidates]} for domain_id, title in domains]}

    def visit(v: Visit) -> dict:
        photos = []
        for p in v.photos:
            caption = f"{p.control_id} {clean(p.title)}（{text(p.file_name)}）"
            if public and p.withheld is not None:
                photos.append({"image": "", "caption": f"{p.control_id}　{disclosure.mask(p.withheld)}"})
            elif p.thumbnail:
                photos.append({"image": Picture(p.thumbnail, PHOTO_WIDTH_MM, f"現地視察の写真: {caption}"),
                               "caption": caption})
        for n, p in enumerate(photos, start=1):
            p["caption"] = f"写真{n}　{p['caption']}"
        return {"date": header.day(v.visited_on), "place": text(v.place), "visitors": text(v.visitors),
                "observations": [{"id": o.id, "title": clean(o.title), "result": o.result,
                                  "note": hidden(o.withheld, o.note)} for o in v.observations],
                "photos": photos}

    def must(f: Finding) -> bool:
        return f.priority == "must" and f.status_label in DISQUALIFYING

    vendors = []
    for c in candidates:
        must_gaps = [{"id": f.id, "title": clean(f.title), "reason": hidden(f.withheld, f.reason)}
                     for f in c.findings if must(f)]
        other_gaps = [{"id": f.id, "title": clean(f.title), "status": f.status_label,
                       "reason": hidden(f.withheld, f.reason)} for f in c.findings if not must(f)]
        comments = [{"id": m.id, "title": clean(m.title), "decision": m.decision,
                     "comment": hidden(m.withheld, m.comment)} for m in c.comments] if staff_comments else []
        vendors.append({"vendor": vendor[c.key], "verdict": c.verdict, "must_gaps": must_gaps,
                        "other_gaps": other_gaps, "comments": comments, "visits": [visit(v) for v in c.visits],
                        "no_findings": not (must_gaps or other_gaps)})

    said = [{"vendor": vendor[c.key], "text": text(c.committee_comment)} for c in candidates
            if c.committee_comment.strip()]
    committee_part = {"members": [{"name": clean(m.name), "role": clean(m.role)} for m in committee.members],
                      "comments": said, "overall": text(committee.overall_comment)}
    conclusion = text(committee.conclusion)
    if award:
        award = {"vendor": text(award["vendor"]), "reason": text(award["reason"]),
                 "reason_lines": [text(line) for line in award["reason_lines"]], "approver": clean(award["approver"])}
    qa = [{"number": n, "question": text(q), "answer": text(a)} for n, (q, a) in enumerate(questions, start=1)]

    present = {"overview": True, "method": True, "results": bool(candidates),
               "domains": bool(candidates and domains), "findings": bool(candidates), "qa": bool(qa),
               "committee": bool(committee_part["members"] or said or committee_part["overall"]),
               "conclusion": bool(conclusion), "award": bool(award), "approval": bool(approval)}
    sections = {}
    for key, shown in present.items():
        if shown:
            sections[key] = str(len(sections) + 1)
    return {
        **header.base("評価結果報告書（公開版）" if public else "評価結果報告書"),  # also the file's own title
        "public": public,
        "sections": sections,
        "overview": [{"label": label, "value": value} for label, value in overview if value],
        "method": method_part, "has_points": has_points, "candidates": results, "matrix": matrix,
        "chart": "",  # the caller draws it from radar_domains / radar_series and puts the Picture here
        "vendors": vendors, "questions": qa, "committee": committee_part, "conclusion": conclusion,
        "award": award or None,
        "approval": [clean(label) for label in approval], "blank_date": header.day(None, blank=True),
        "radar_domains": [(domain_id, titles[domain_id]) for domain_id, _t in domains],
        "radar_series": [(vendor[c.key], {d: s for d, (s, _p) in c.scores.items()}) for c in candidates],
    }
