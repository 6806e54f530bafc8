"""Context builder (pure) for the 公募要領 別紙: 参加資格, evaluation items and how answers are judged.

It takes only the selection part of each requirement: what a bidder can show before award.
"""

from dataclasses import dataclass

from assess.catalog.schema import PRIORITY_LABELS
from assess.documents.context import Header, clean
from assess.documents.contract import Parties

CLASS_LABELS = {"must": "必須（足切り）", "important": "重要", "nice": "望ましい"}
MULTIPLIER = {"must": 3, "important": 2, "nice": 1}  # as assess/scoring/engine.py weighs them


@dataclass(frozen=True)
class TenderItem:
    id: str
    domain_id: str
    domain_title: str
    title: str
    priority: str
    weight: int
    question: str
    criterion: str  # 「はい」, 「365日以上」, 職員が内容を判断
    evidence: tuple[tuple[str, bool], ...]  # (description, required)


def _method(parties: Parties, has_points: bool) -> list[str]:
    lines = [
        "各評価項目は、提出された回答と資料により、「判定の基準」に照らして適合、一部適合、不適合又は該当なしと判定する。"
        "自由記述の項目は、選定委員会（事務局を含む。）が内容を確認して判定する。",
        "区分が「必須（足切り）」の項目のうち一つでも不適合、未回答又は必須の資料の不足若しくは有効期限切れがある"
        "場合は、他の項目の評価にかかわらず失格とする。",
        "「いずれかを満たせば足りる」とした項目は、そのうち一つが適合であれば、他の項目は評価の対象としない。",
        "必須の資料が提出されていない項目は「証跡不足」として不適合と同様に扱う。ただし、回答期限後に発注者が"
        "資料の補正を求めた場合は、その期限までに提出された資料により判定する。",
        "評価点は、分野ごとに、各項目の重み（カタログの重み×区分の係数：必須3、重要2、望ましい1）に適合は1、"
        "一部適合は0.5を乗じて合計し、重みの合計で除して100を乗じた値とする。該当なしの項目は計算に含めない。",
    ]
    if has_points:
        lines.append("分野ごとの得点は、その分野の配点に評価点を乗じて100で除した値とし、その合計を総合点とする。")
    lines.append("失格とならなかった者のうち、評価点（配点を定めた場合は総合点）の高い順に順位を付ける。")
    return [parties.name(line) for line in lines]


def tender(header: Header, parties: Parties, eligibility: list[str], items: list[TenderItem],
           points: dict[str, float] | None, conditions: list[tuple[str, str]] = ()) -> dict:
    """公募要領 別紙（情報セキュリティに関する参加資格及び評価項目）.
    conditions: [{label, value}] — what bidders propose against (the city's network model, the
    work's network, data and place), stated by the city
    eligibility: [{number "(1)", text}]
    domains: [{title, points "20点"|"", rows: [{number, id, title, klass, criterion, question}]}]
    evidence_rows: [{number, id, title, evidence, required "必須"|"任意"}]
    method: [{number "(1)", text}]; has_points: bool; counts: {must, important, nice}"""
    domains = []
    for d_id in dict.fromkeys(i.domain_id for i in items):
        group = [i for i in items if i.domain_id == d_id]
        allocation = (points or {}).get(d_id)
        domains.append({"title": clean(group[0].domain_title),
                        "points": f"{allocation:g}点" if allocation is not None else "",
                        "rows": [{"id": i.id, "title": clean(i.title), "klass": CLASS_LABELS[i.priority],
                                   "criterion": clean(i.criterion), "question": parties.name(i.question)}
                                  for i in group]})
    number = 0
    for d in domains:
        for row in d["rows"]:
            number += 1
            row["number"] = number
    evidence_rows = []
    for i in items:
        for text, required in i.evidence:
            evidence_rows.append({"number": len(evidence_rows) + 1, "id": i.id, "title": clean(i.title),
                                  "evidence": parties.name(text), "required": "必須" if required else "任意"})
    counts = {PRIORITY_LABELS[p]: sum(1 for i in items if i.priority == p) for p in ("must", "important", "nice")}
    return {**header.base("情報セキュリティに関する参加資格及び評価項目"),
            "conditions": [{"label": clean(label), "value": clean(value)} for label, value in conditions],
            "eligibility": [{"number": f"({n})", "text": parties.name(t)} for n, t in enumerate(eligibility, start=1)],
            "domains": domains, "evidence_rows": evidence_rows,
            "method": [{"number": f"({n})", "text": t} for n, t in enumerate(_method(parties, bool(points)), start=1)],
            "has_points": bool(points), "counts": "、".join(f"{k}{v}項目" for k, v in counts.items()),
            "count": len(items)}
