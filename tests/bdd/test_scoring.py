"""Steps for specs/scoring: they build the scorer's plain inputs and call the scorer itself."""

from datetime import date

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from assess.scoring.engine import score
from assess.scoring.model import (
    STATUS_LABELS,
    AnswerIn,
    DecisionIn,
    EvidenceIn,
    ObservationIn,
    Req,
    ScoreInput,
)

scenarios("scoring")

PRIORITIES = {"必須の": "must", "重要な": "important", "望ましい": "nice"}
DOMAINS = {"情報管理体制": "GOV", "物理的セキュリティ": "PHY"}


@pytest.fixture
def case():
    return {"reqs": [], "answers": [], "evidence": [], "decisions": [], "observations": [],
            "points": None}


@given(parsers.parse("契約終了日は {end}、今日は {today} である"))
def dates(case, end, today):
    case["contract_end"], case["today"] = date.fromisoformat(end), date.fromisoformat(today)


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


@when(parsers.parse('事業者が "{cid}" に有効期限 {until} の証明書を添付する'))
def certificate(case, cid, until):
    case["evidence"].append(EvidenceIn(cid, "certificate", date.fromisoformat(until)))


@when(parsers.parse('現地視察で "{cid}" は未確認（"{note}"）だった'))
def unconfirmed(case, cid, note):
    case["observations"].append(ObservationIn(cid, "unconfirmed", note))


@when(parsers.parse('職員が "{cid}" を承認する'))
def accept(case, cid):
    case["decisions"].append(DecisionIn(cid, "accept"))


def _result(case):
    return score(ScoreInput(tuple(case["reqs"]), tuple(case["answers"]), tuple(case["evidence"]),
                            tuple(case["decisions"]), tuple(case["observations"]), case["contract_end"],
                            case["today"]), case["points"])


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
