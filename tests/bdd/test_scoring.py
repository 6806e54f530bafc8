"""Steps for specs/scoring: they build the scorer's plain inputs and call the scorer itself."""

from dataclasses import replace
from datetime import date

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from assess.scoring.engine import compare, score
from assess.scoring.model import (
    STATUS_LABELS,
    VERDICT_LABELS,
    AnswerIn,
    DecisionIn,
    EvidenceIn,
    ObservationIn,
    Req,
    ScoreInput,
    rank_label,
)

scenarios("scoring")

PRIORITIES = {"必須の": "must", "重要な": "important", "望ましい": "nice"}
DOMAINS = {"情報管理体制": "GOV", "物理的セキュリティ": "PHY", "インシデント対応": "INC", "運用品質": "OPS"}
STATES = {"提出済み": "submitted", "回答中": "open", "差戻し中": "returned"}


@pytest.fixture
def case():
    return {"reqs": [], "answers": [], "evidence": [], "decisions": [], "observations": [],
            "points": None, "candidates": {}}


@given(parsers.parse("回答期限日は {deadline}、契約開始日は {start}、今日は {today} である"))
def dates(case, deadline, start, today):
    case["deadline"], case["start"], case["today"] = (date.fromisoformat(d) for d in (deadline, start, today))


@given(parsers.parse("契約期間は {start} から {end} までの3年である"))
def contract_term(case, start, end):
    """Said for the reader: the scorer is not told the contract's end, which decides nothing."""
    case["term"] = (date.fromisoformat(start), date.fromisoformat(end))


@given(parsers.parse("{priority}要件 \"{cid}\"（{domain}・重み {weight:d}）は「{label}」が {value:g}{unit} 以下であること"))
def upper_limit(case, priority, cid, domain, weight, label, value, unit):
    case["reqs"].append(Req(cid, DOMAINS[domain], label, PRIORITIES[priority], weight, "number", "lte",
                            value, threshold_label=label, unit=unit))


@given(parsers.parse("{priority}要件 \"{cid}\"（{domain}・重み {weight:d}）は「{label}」が {value:d}件 以上の件数であること"))
def count_requirement(case, priority, cid, domain, weight, label, value):
    case["reqs"].append(Req(cid, DOMAINS[domain], label, PRIORITIES[priority], weight, "number", "gte",
                            value, threshold_label=label, unit="件", whole=True))


@given(parsers.parse("{priority}要件 \"{cid}\"（{domain}・重み {weight:d}）は記述式で答えること"))
def written_requirement(case, priority, cid, domain, weight):
    case["reqs"].append(Req(cid, DOMAINS[domain], "記述", PRIORITIES[priority], weight, "text", "review"))


@given(parsers.parse("{priority}要件 \"{a}\"（{a_title}）と \"{b}\"（{b_title}）は、いずれか一方で足りる（{group}）"))
def any_of(case, priority, a, a_title, b, b_title, group):
    for cid, title, weight in ((a, a_title, 4), (b, b_title, 3)):
        case["reqs"].append(Req(cid, "GOV", title, PRIORITIES[priority], weight, "date", "valid_at", "回答期限日",
                                allow_na=True, any_of="certification", any_of_label=group))


@given(parsers.parse("\"{cid}\" には登録証（証明書）の写しを必須とする"))
def certificate_required(case, cid):
    case["reqs"] = [replace(r, required_evidence=("certificate",)) if r.control_id == cid else r
                    for r in case["reqs"]]


@given(parsers.parse("認証が有効であるべき日は「{day}」である"))
def valid_at(case, day):
    case["reqs"] = [replace(r, expect_value=day) if r.expect_form == "valid_at" else r for r in case["reqs"]]


def _candidate(case, name, state, gov, inc, accepted=False):
    case["candidates"][name] = (STATES[state], [AnswerIn("GOV-01", gov), AnswerIn("INC-02", inc)],
                                [DecisionIn("INC-02", "accept")] if accepted else [])


@given(parsers.parse("候補 \"{name}\" は{state}で、\"GOV-01\" に \"{gov}\"、\"INC-02\" に \"{inc}\" と回答し、職員が \"INC-02\" を承認した"))
def accepted_candidate(case, name, state, gov, inc):
    _candidate(case, name, state, gov, inc, accepted=True)


@given(parsers.parse("候補 \"{name}\" は{state}で、\"GOV-01\" に \"{gov}\"、\"INC-02\" に \"{inc}\" と回答した"))
def candidate(case, name, state, gov, inc):
    _candidate(case, name, state, gov, inc)


@given(parsers.parse("{priority}要件 \"{cid}\"（{domain}・重み {weight:d}）は「{label}」が {value:d}日 以上であること"))
def number_requirement(case, priority, cid, domain, weight, label, value):
    case["reqs"].append(Req(cid, DOMAINS[domain], label, PRIORITIES[priority], weight, "number", "gte",
                            value, threshold_label=label, unit="日"))


@given(parsers.parse("{priority}要件 \"{cid}\"（{domain}・重み {weight:d}）は「はい」と答え、証明書を必須とすること"))
def certificate_requirement(case, priority, cid, domain, weight):
    case["reqs"].append(Req(cid, DOMAINS[domain], "認証", PRIORITIES[priority], weight, "yes_no", "equals",
                            "yes", required_evidence=("certificate",)))


@given(parsers.parse("{priority}要件 \"{cid}\"（{domain}・重み {weight:d}）は「はい」と答えること"))
def yes_requirement(case, priority, cid, domain, weight):
    case["reqs"].append(Req(cid, DOMAINS[domain], "入退室管理", PRIORITIES[priority], weight, "yes_no",
                            "equals", "yes"))


@given(parsers.parse("配点は 情報管理体制 {gov:d}点、物理的セキュリティ {phy:d}点 である"))
def allocation(case, gov, phy):
    case["points"] = {"GOV": gov, "PHY": phy}


@when(parsers.parse('事業者が "{cid}" に "{value}" と回答する'))
def answer(case, cid, value):
    case["answers"].append(AnswerIn(cid, value))


@when(parsers.parse('事業者が "{cid}" に「該当なし」と回答する'))
def answer_na(case, cid):
    case["answers"].append(AnswerIn(cid, None, na=True))


@when(parsers.parse('事業者が "{cid}" に有効期限 {until} の証明書を添付する'))
def certificate(case, cid, until):
    case["evidence"].append(EvidenceIn(cid, "certificate", date.fromisoformat(until)))


@when(parsers.parse('現地視察で "{cid}" は未確認（"{note}"）だった'))
def unconfirmed(case, cid, note):
    case["observations"].append(ObservationIn(cid, "unconfirmed", note))


@when(parsers.parse('職員が "{cid}" を承認する'))
def accept(case, cid):
    case["decisions"].append(DecisionIn(cid, "accept"))


def _input(case, answers, decisions):
    return ScoreInput(tuple(case["reqs"]), tuple(answers), tuple(case["evidence"]), tuple(decisions),
                      tuple(case["observations"]), answer_deadline=case["deadline"],
                      contract_start=case["start"], today=case["today"])


def _result(case):
    return score(_input(case, case["answers"], case["decisions"]), case["points"])


def _status(case, cid):
    return next(r for r in _result(case).results if r.control_id == cid)


@then(parsers.parse('"{cid}" の判定は "{label}" で、理由は "{reason}"'))
def status_and_reason(case, cid, label, reason):
    found = _status(case, cid)
    assert (STATUS_LABELS[found.status], found.reason) == (label, reason)


@then(parsers.parse('"{cid}" の判定は "{label}" である'))
def status_only(case, cid, label):
    assert STATUS_LABELS[_status(case, cid).status] == label


@then("事業者は失格になる")
def disqualified(case):
    assert _result(case).disqualified


@then("事業者は失格にならない")
def not_disqualified(case):
    assert not _result(case).disqualified


@then(parsers.parse("総合点は {value:g} 点である"))
def overall(case, value):
    assert _result(case).overall == value


@then(parsers.parse('分野 "{a}" の点数は {sa:g} 点、分野 "{b}" の点数は {sb:g} 点である'))
def domain_scores(case, a, sa, b, sb):
    scores = {d.domain_id: d.score for d in _result(case).domains}
    assert (scores[a], scores[b]) == (sa, sb)


@then(parsers.parse("評価点は {value:g} 点である"))
def total_points(case, value):
    assert _result(case).points == value


@then(parsers.parse('事業者の判定は "{label}" である'))
def verdict(case, label):
    assert VERDICT_LABELS[_result(case).verdict] == label


@then(parsers.parse('失格の理由は "{cid}" の1件だけである'))
def one_must_gap(case, cid):
    assert [g.control_id for g in _result(case).must_gaps] == [cid]


@then("候補の順位と判定は次のとおりである")
def ranking(case, datatable):
    states = {name: state for name, (state, _a, _d) in case["candidates"].items()}
    ranked = compare({name: _input(case, answers, decisions)
                      for name, (_s, answers, decisions) in case["candidates"].items()}, None, states)
    shown = [[r.vendor_key, rank_label(r.rank, r.unranked), VERDICT_LABELS[r.result.verdict]] for r in ranked]
    assert shown == [[cell.strip() for cell in row] for row in datatable[1:]]
