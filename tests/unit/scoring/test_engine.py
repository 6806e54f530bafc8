from dataclasses import replace
from datetime import date, timedelta

import pytest

from assess.scoring.engine import compare, round1, score
from assess.scoring.model import (
    VERDICT_LABELS,
    AnswerIn,
    DecisionIn,
    EvidenceIn,
    ObservationIn,
    Req,
    ScoreInput,
    rank_label,
)
from assess.util import clock

TODAY = date(2026, 4, 1)


def req(control_id: str, priority: str = "must", weight: int = 1, **changes) -> Req:
    fields = dict(control_id=control_id, domain_id=control_id.split("-")[0], title=control_id,
                  priority=priority, weight=weight, answer_type="yes_no", expect_form="equals",
                  expect_value="yes")
    return Req(**(fields | changes))


def yes(*ids: str) -> tuple[AnswerIn, ...]:
    return tuple(AnswerIn(i, "yes") for i in ids)


def inp(reqs, answers=(), **more) -> ScoreInput:
    return ScoreInput(tuple(reqs), tuple(answers), today=TODAY, **more)


# GOV: must×3 met (w 9), important×2 partial (w 4), nice×1 gap (w 1) → 100 × (9 + 2) / 14
# NET: must×1 met (w 3), nice×5 該当なし (left out)                    → 100 × 3 / 3
# overall: 100 × (11 + 3) / (14 + 3) = 82.35…, not the mean of the domains (89.3)
MIXED = inp(
    [req("GOV-01", "must", 3), req("GOV-02", "important", 2), req("GOV-03", "nice", 1),
     req("NET-01", "must", 1), req("NET-02", "nice", 5, allow_na=True)],
    yes("GOV-01", "GOV-02", "NET-01") + (AnswerIn("GOV-03", "no"), AnswerIn("NET-02", None, True)),
    observations=(ObservationIn("GOV-02", "unconfirmed", "施錠を確認できず"),),
)


def test_weighted_formula_by_hand():
    result = score(MIXED)
    gov, net = result.domains
    assert (gov.domain_id, gov.score, gov.earned, gov.possible) == ("GOV", 78.6, 11.0, 14.0)
    assert (net.domain_id, net.score, net.earned, net.possible) == ("NET", 100.0, 3.0, 3.0)
    assert result.overall == 82.4
    assert [r.status for r in result.results] == ["met", "partial", "gap", "met", "na"]
    assert not result.disqualified and result.points is None and gov.points is None


def test_results_follow_the_input_order():
    reqs = [req("NET-01"), req("GOV-01"), req("NET-02")]
    result = score(inp(reqs))
    assert [r.control_id for r in result.results] == ["NET-01", "GOV-01", "NET-02"]
    assert [d.domain_id for d in result.domains] == ["NET", "GOV"]


def test_a_domain_all_na_scores_100():
    result = score(inp([req("PHY-01", allow_na=True)], [AnswerIn("PHY-01", None, True)]))
    assert result.domains[0].score == 100.0 and result.domains[0].possible == 0
    assert result.overall == 100.0


def test_nothing_to_score_is_100():
    assert score(inp([])).overall == 100.0


def test_rounding_is_half_up_only_at_the_end():
    # 1 / 16 = 6.25 %: nice×1 met, must×5 gap → 6.3 (Python's round() would say 6.2)
    result = score(inp([req("GOV-01", "nice", 1), req("GOV-02", "must", 5)],
                       yes("GOV-01") + (AnswerIn("GOV-02", "no"),)))
    assert (result.domains[0].earned, result.domains[0].possible) == (1.0, 16.0)
    assert result.overall == 6.3 and round(6.25, 1) == 6.2
    assert round1(2.25) == 2.3 and round1(66.66666) == 66.7


@pytest.mark.parametrize(("answer", "evidence", "status"), [
    ("no", (), "gap"),
    (None, (), "unanswered"),
    ("yes", (), "evidence_missing"),
    ("yes", (EvidenceIn("GOV-01", "certificate", date(2025, 1, 1)),), "evidence_expired"),
])
def test_a_failed_must_disqualifies(answer, evidence, status):
    r = req("GOV-01", required_evidence=("certificate",))
    result = score(inp([r, req("GOV-02")], [AnswerIn("GOV-01", answer)] + list(yes("GOV-02")),
                       evidence=evidence))
    assert result.disqualified
    assert [(g.control_id, g.status) for g in result.must_gaps] == [("GOV-01", status)]


def test_a_question_to_the_vendor_does_not_clear_a_must_failure():
    result = score(inp([req("GOV-01")], [AnswerIn("GOV-01", "no")], decisions=(DecisionIn("GOV-01", "query"),)))
    assert result.disqualified and [(g.control_id, g.status) for g in result.must_gaps] == [("GOV-01", "query")]


@pytest.mark.parametrize(("priority", "answers", "more"), [
    ("important", [AnswerIn("GOV-01", "no")], {}),
    ("must", [AnswerIn("GOV-01", "yes")], {"decisions": (DecisionIn("GOV-01", "query"),)}),
    ("must", [AnswerIn("GOV-01", "yes")],
     {"observations": (ObservationIn("GOV-01", "unconfirmed"),)}),
    ("must", [AnswerIn("GOV-01", "x")], {}),  # review → pending_review
])
def test_what_does_not_disqualify(priority, answers, more):
    r = req("GOV-01", priority, expect_form="review" if answers[0].value == "x" else "equals")
    result = score(inp([r], answers, **more))
    assert not result.disqualified and result.must_gaps == ()


def test_staff_accept_lifts_the_disqualification():
    result = score(inp([req("GOV-01")], [AnswerIn("GOV-01", "no")],
                       decisions=(DecisionIn("GOV-01", "accept"),)))
    assert not result.disqualified and result.overall == 100.0


def test_points_per_domain_and_total():
    result = score(MIXED, {"GOV": 30, "NET": 20})
    assert [d.points for d in result.domains] == [23.6, 20.0]  # 30 × 78.57…% ; 20 × 100 %
    assert result.points == 43.6


def test_a_domain_without_an_allocation_has_no_points():
    result = score(MIXED, {"GOV": 30, "XXX": 50})
    assert [d.points for d in result.domains] == [23.6, None]
    assert result.points == 23.6


def test_records_for_unknown_controls_and_unknown_decisions_are_ignored():
    result = score(inp([req("GOV-01")], yes("GOV-01") + yes("ZZZ-99"),
                       evidence=(EvidenceIn("ZZZ-99", "photo"),),
                       decisions=(DecisionIn("ZZZ-99", "reject"), DecisionIn("GOV-01", "veto"))))
    assert [r.status for r in result.results] == ["met"]
    assert result.overall == 100.0


def test_without_a_date_today_is_the_city_clock():
    r = req("GOV-01", answer_type="date", expect_form="valid_at", expect_value="回答期限日")
    today = clock.to_jst(clock.utcnow()).date()
    yesterday = (today - timedelta(days=1)).isoformat()
    result = score(ScoreInput((r,), (AnswerIn("GOV-01", yesterday),)))
    assert result.results[0].status == "gap"
    assert score(ScoreInput((r,), (AnswerIn("GOV-01", today.isoformat()),))).overall == 100.0


# --- comparison --------------------------------------------------------------------------

FOUR = [req("GOV-01"), req("GOV-02"), req("NET-01"), req("NET-02")]


def test_ranking_ties_share_a_rank():
    ranked = compare({"A": inp(FOUR, yes("GOV-01", "GOV-02", "NET-01", "NET-02")),
                      "B": inp(FOUR, yes("GOV-01", "GOV-02", "NET-01", "NET-02")),
                      "C": inp([req("GOV-01", "nice"), req("GOV-02", "nice")], yes("GOV-01"))})
    assert [(r.vendor_key, r.rank, r.result.overall) for r in ranked] == [
        ("A", 1, 100.0), ("B", 1, 100.0), ("C", 3, 50.0)]


def test_disqualified_candidates_are_not_ranked_whatever_their_score():
    ranked = compare({"high_but_out": inp(FOUR, yes("GOV-01", "GOV-02", "NET-01")),
                      "low": inp([req("GOV-01", "nice"), req("GOV-02", "nice")], yes("GOV-01"))})
    assert [(r.vendor_key, r.rank, r.unranked, r.result.verdict) for r in ranked] == [
        ("low", 1, "", "pass"), ("high_but_out", None, "fail", "fail")]
    assert [rank_label(r.rank, r.unranked) for r in ranked] == ["1位", "順位なし（失格）"]


def test_when_every_candidate_fails_nobody_is_first():
    ranked = compare({"A": inp(FOUR, yes("GOV-01")), "B": inp(FOUR, yes("GOV-01", "GOV-02"))})
    assert [(r.vendor_key, r.rank, r.unranked) for r in ranked] == [("B", None, "fail"), ("A", None, "fail")]


def test_only_submitted_candidates_are_ranked():
    full = yes("GOV-01", "GOV-02", "NET-01", "NET-02")
    ranked = compare({"draft": inp(FOUR, full), "returned": inp(FOUR, full), "sent": inp(FOUR, yes("GOV-01", "GOV-02", "NET-01", "NET-02")),
                      "sent_out": inp(FOUR, yes("GOV-01"))},
                     states={"draft": "open", "returned": "returned", "sent": "submitted", "sent_out": "submitted"})
    assert [(r.vendor_key, rank_label(r.rank, r.unranked)) for r in ranked] == [
        ("sent", "1位"), ("returned", "順位なし（差戻し中）"), ("sent_out", "順位なし（失格）"),
        ("draft", "順位なし（未提出）")]


def test_ranks_count_only_the_ranked_candidates():
    """An unsubmitted candidate with a higher score takes no place: the next one is still 2位."""
    nice = [req("GOV-01", "nice"), req("NET-01", "nice")]
    ranked = compare({"top_draft": inp(nice, yes("GOV-01", "NET-01")), "a": inp(nice, yes("GOV-01", "NET-01")),
                      "b": inp(nice, yes("NET-01"))}, states={"top_draft": "open"})
    assert [(r.vendor_key, r.rank) for r in ranked] == [("a", 1), ("b", 2), ("top_draft", None)]


# --- 判定保留 ------------------------------------------------------------------------------

WRITTEN = req("GOV-02", answer_type="text", expect_form="review")


def test_a_must_written_answer_awaiting_review_is_pending_not_pass():
    result = score(inp([req("GOV-01"), WRITTEN], yes("GOV-01") + (AnswerIn("GOV-02", "手順書に従う"),)))
    assert (result.verdict, result.disqualified) == ("pending", False)
    assert [g.control_id for g in result.must_pending] == ["GOV-02"]
    assert VERDICT_LABELS[result.verdict] == "判定保留（必須項目の審査待ち）"


def test_staff_acceptance_turns_pending_into_pass():
    result = score(inp([req("GOV-01"), WRITTEN], yes("GOV-01") + (AnswerIn("GOV-02", "手順書に従う"),),
                       decisions=(DecisionIn("GOV-02", "accept"),)))
    assert (result.verdict, result.must_pending) == ("pass", ())


def test_a_must_item_returned_to_the_vendor_is_pending_while_its_answer_was_met():
    result = score(inp([req("GOV-01")], yes("GOV-01"), decisions=(DecisionIn("GOV-01", "query", "根拠は"),)))
    assert result.verdict == "pending" and [g.status for g in result.must_pending] == ["query"]


def test_a_failure_outweighs_pending_and_pending_items_of_lower_priority_do_not_count():
    failed = score(inp([req("GOV-01"), WRITTEN], (AnswerIn("GOV-01", "no"), AnswerIn("GOV-02", "x"))))
    assert failed.verdict == "fail" and [g.control_id for g in failed.must_pending] == ["GOV-02"]
    nice = replace(WRITTEN, priority="nice")
    assert score(inp([req("GOV-01"), nice], yes("GOV-01") + (AnswerIn("GOV-02", "x"),))).verdict == "pass"


def test_pending_candidates_are_not_ranked():
    ranked = compare({"pending": inp([req("GOV-01"), WRITTEN], yes("GOV-01") + (AnswerIn("GOV-02", "x"),)),
                      "passed": inp([req("GOV-01"), WRITTEN], yes("GOV-01") + (AnswerIn("GOV-02", "x"),),
                                    decisions=(DecisionIn("GOV-02", "accept"),))})
    assert [(r.vendor_key, rank_label(r.rank, r.unranked)) for r in ranked] == [
        ("passed", "1位"), ("pending", "順位なし（判定保留）")]


def test_points_break_a_tie_on_the_overall_score():
    nice = [req("GOV-01", "nice"), req("NET-01", "nice")]
    ranked = compare({"B": inp(nice, yes("NET-01")), "A": inp(nice, yes("GOV-01"))},
                     {"GOV": 80, "NET": 20})
    assert [(r.vendor_key, r.rank, r.result.overall, r.result.points) for r in ranked] == [
        ("A", 1, 50.0, 80.0), ("B", 2, 50.0, 20.0)]


def test_no_candidates():
    assert compare({}) == []
