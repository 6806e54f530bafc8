"""Context builders (pure) for the contract documents: the 仕様書 (contract clauses only) and the
個人情報取扱特記事項 (articles in their fixed legal order).

The catalog writes the parties as 「発注者」「受託者」; these documents name them as the city chose
(委託者・受託者 / 発注者・受注者 / 甲・乙). Numbers are 算用数字 (第1条, 2, (1)) as 公用文作成の考え方
asks for 横書き documents. Neither document repeats the other: the 仕様書 refers to the 特記事項.
"""

from dataclasses import dataclass

from assess.catalog.schema import TIMING_LABELS
from assess.documents.context import Header, clean


@dataclass(frozen=True)
class Parties:
    principal: str  # the city
    contractor: str

    def name(self, text: str) -> str:
        """Catalog wording → the city's party names (「発注者」 first: it is never inside 「受託者」)."""
        marker = "\x00"
        return (clean(text).replace("発注者", marker).replace("受託者", self.contractor)
                .replace(marker, self.principal))


PARTIES = {"itaku": Parties("委託者", "受託者"), "hatchu": Parties("発注者", "受注者"),
           "kouotsu": Parties("甲", "乙")}
PARTY_LABELS = {"itaku": "委託者・受託者", "hatchu": "発注者・受注者", "kouotsu": "甲・乙"}
TIMING_ORDER = list(TIMING_LABELS)


@dataclass(frozen=True)
class SpecClause:
    domain_id: str
    domain_title: str
    text: str


@dataclass(frozen=True)
class Record:
    """A document the contractor submits once work runs (提出書類一覧)."""

    name: str
    timing: str  # a Timing key
    control_id: str
    control_title: str


@dataclass(frozen=True)
class TermsArticle:
    heading: str
    paragraphs: tuple[str, ...]


def _terms_of_definitions(project: str, my_number: bool) -> list[str]:
    out = [f"本業務　{project}をいう。",
           "個人情報　個人情報の保護に関する法律（平成15年法律第57号）第2条第1項に規定する個人情報をいう。"]
    if my_number:
        out.append("特定個人情報　行政手続における特定の個人を識別するための番号の利用等に関する法律"
                   "（平成25年法律第27号）第2条第8項に規定する特定個人情報をいう。")
    out += ["事故　個人情報の漏えい、滅失若しくは毀損、情報システムへの不正アクセス、不正プログラムへの感染"
            "その他本業務に係る情報の安全を損なう事象又はそのおそれのある事象をいう。",
            "管理区域　本業務に係る個人情報を取り扱う情報システム（サーバ等）を管理する区域をいう。",
            "取扱区域　本業務に係る個人情報を取り扱う事務を実施する区域をいう。"]
    return out


def spec(header: Header, parties: Parties, clauses: list[SpecClause], records: list[Record],
         contract_term: str, my_number: bool) -> dict:
    """仕様書 情報セキュリティ要件 (contract version).
    general: [{number "1", title, paragraphs: [str]}]  — 適用範囲, 用語の定義, 履行期間, 個人情報の取扱い
    definitions: [{number "(1)", text}]
    domains: [{number "第2", title, clauses: [{number "1", text}]}]
    records: [{number, name, timing, control}]  — 提出書類一覧, ordered by timing"""
    name = parties.name
    domains = []
    for d_id in dict.fromkeys(c.domain_id for c in clauses):
        group = [c for c in clauses if c.domain_id == d_id]
        domains.append({"number": f"第{len(domains) + 2}", "title": clean(group[0].domain_title),
                        "clauses": [{"number": str(n), "text": name(c.text)}
                                    for n, c in enumerate(group, start=1)]})
    ordered = sorted(records, key=lambda r: (TIMING_ORDER.index(r.timing), r.control_id))
    rows = [{"number": n, "name": name(r.name), "timing": name(TIMING_LABELS[r.timing]),
             "control": name(f"{r.control_id} {r.control_title}")} for n, r in enumerate(ordered, start=1)]
    general = [
        ("適用範囲", [name(f"この仕様書は、{header.project}（以下「本業務」という。）の実施に当たり、受託者が"
                        "遵守しなければならない情報セキュリティに関する事項を定めるものである。")]),
        ("用語の定義", ["この仕様書において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。"]),
        ("履行期間", [name(f"受託者は、{contract_term}、この仕様書に定める事項を遵守しなければならない。")]),
        ("個人情報の取扱い", [name("受託者は、本業務における個人情報の取扱いについて、別記「個人情報取扱特記事項」を"
                               "遵守しなければならない。")]),
        ("提出書類", [name("受託者は、別表「提出書類一覧」に掲げる書類を、同表に定める時期に発注者に提出しなければ"
                       "ならない。" if rows else "この仕様書に基づき定期に提出を求める書類はない。")]),
    ]
    return {**header.base("仕様書（情報セキュリティ要件）"),
            "general": [{"number": str(n), "title": t, "paragraphs": [clean(p) for p in ps]}
                        for n, (t, ps) in enumerate(general, start=1)],
            "definitions": [{"number": f"({n})", "text": clean(t)}
                            for n, t in enumerate(_terms_of_definitions(header.project, my_number), start=1)],
            "domains": domains, "records": rows, "count": len(clauses)}


def terms(header: Header, parties: Parties, articles: list[TermsArticle]) -> dict:
    """個人情報取扱特記事項 (別記). articles: [{heading "（秘密の保持）", number "第2条",
    first: str, rest: [{number "2", text}]}] — no date in the body: it is part of the contract."""
    out = []
    for n, a in enumerate(articles, start=1):
        first, *rest = [parties.name(p) for p in a.paragraphs]
        out.append({"heading": f"（{clean(a.heading)}）", "number": f"第{n}条", "first": first,
                    "rest": [{"number": str(i), "text": t} for i, t in enumerate(rest, start=2)]})
    base = header.base("個人情報取扱特記事項")
    return {**base, "date": "", "articles": out}


def article_paragraphs(text: str | None, otherwise: str | None, given: list[str]) -> tuple[str, ...]:
    """An article's paragraphs: its opening text, then the controls' paragraphs; `otherwise`
    only when no control gives one (再委託: forbidden unless planned subcontracting says how)."""
    opening = [text] if text else []
    if given:
        return tuple(opening + given)
    return tuple(opening + ([otherwise] if otherwise else []))
