"""Properties the scorer keeps whatever it is given."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from assess.scoring import rules
from assess.scoring.engine import compare, score
from assess.scoring.model import (
    UNRANKED_LABELS,
    AnswerIn,
    DecisionIn,
    EvidenceIn,
    ObservationIn,
    Req,
    ScoreInput,
    rank_label,
)

FAST = settings(max_examples=200, deadline=None, database=None)  # no .hypothesis/ folder
IDS = ["GOV-01", "GOV-02", "NET-01", "PHY-01", "ZZZ-99"]  # ZZZ-99 is in no requirement
KINDS = ["certificate", "document", "diagram", "photo", "log_sample", "record", "video"]
FORMS = ["equals", "one_of", "gte", "lte", "valid_at", "after_contract_end", "review", "bogus"]
SAMPLE_VALUES = ["yes", "no", "365", "１，０００", "180日", "2027-03-31", "9999-12-31", "abc", ""]

ids = st.sampled_from(IDS)
texts = st.text(max_size=12)
values = st.one_of(st.none(), texts, st.sampled_from(SAMPLE_VALUES))
forms = st.sampled_from(FORMS)
expect_values = st.one_of(st.none(), texts, st.integers(), st.floats(), st.tuples(texts, texts),
                          st.sampled_from(["yes", "365", "2", "回答期限日", "契約開始日"]))
groups = st.sampled_from(["", "", "certification", "other"])  # "" = in no group


@st.composite
def requirements(draw, forms=forms, expected=expect_values, group=groups):
    control_id = draw(ids.filter(lambda i: i != "ZZZ-99"))
    return Req(
        control_id=control_id,
        domain_id=draw(st.sampled_from([control_id[:3], "OTHER"])),
        title=draw(texts),
        priority=draw(st.sampled_from(["must", "important", "nice", "odd"])),
        weight=draw(st.integers(-2, 8)),
        answer_type=draw(st.sampled_from(["yes_no", "choice", "number", "date", "text"])),
        expect_form=draw(forms),
        expect_value=draw(expected),
        threshold_label=draw(texts),
        unit=draw(st.sampled_from(["", "日", "時間"])),
        allow_na=draw(st.booleans()),
        option_labels=draw(st.dictionaries(texts, texts, max_size=3)),
        required_evidence=tuple(draw(st.lists(st.sampled_from(KINDS), max_size=3))),
        whole=draw(st.booleans()),
        any_of=draw(group),
        any_of_label=draw(st.sampled_from(["", "ISMS認証又はプライバシーマーク"])),
    )


answers = st.builds(AnswerIn, ids, values, st.booleans(), texts)
evidence = st.builds(EvidenceIn, ids, st.sampled_from(KINDS), st.one_of(st.none(), st.dates()))
verdicts = st.sampled_from(["accept", "reject", "query", "veto", ""])
decisions = st.builds(DecisionIn, ids, verdicts, texts)
seen = st.sampled_from(["confirmed", "unconfirmed", "na", "?"])
observations = st.builds(ObservationIn, ids, seen, texts)


def inputs(reqs=None):
    return st.builds(
        ScoreInput,
        requirements=st.lists(requirements() if reqs is None else reqs, max_size=8).map(tuple),
        answers=st.lists(answers, max_size=10).map(tuple),
        evidence=st.lists(evidence, max_size=6).map(tuple),
        decisions=st.lists(decisions, max_size=4).map(tuple),
        observations=st.lists(observations, max_size=4).map(tuple),
        answer_deadline=st.one_of(st.none(), st.dates()),
        contract_start=st.one_of(st.none(), st.dates()),
        today=st.dates(),
    )


points = st.one_of(st.none(), st.dictionaries(st.sampled_from(["GOV", "NET", "PHY", "OTHER"]),
                                              st.one_of(st.integers(-10, 100), st.floats())))


@FAST
@given(inputs(), points)
def test_score_never_raises_and_stays_within_0_to_100(inp, allocation):
    result = score(inp, allocation)
    assert 0.0 <= result.overall <= 100.0
    assert all(0.0 <= d.score <= 100.0 for d in result.domains)
    assert [r.control_id for r in result.results] == [r.control_id for r in inp.requirements]
    assert result.disqualified == bool(result.must_gaps)


@FAST
@given(inputs())
def test_pending_whenever_a_must_item_awaits_staff_and_nothing_failed(inp):
    """判定保留, never 通過, while a 必須 answer waits for review or a returned item for its answer."""
    result = score(inp)
    awaiting = [r for r in result.results if r.priority == "must" and r.status in ("pending_review", "query")]
    if result.disqualified:
        assert result.verdict == "fail"
    elif awaiting:
        assert result.verdict == "pending" and set(result.must_pending) == set(awaiting)
    else:
        assert result.verdict == "pass" and result.must_pending == ()


@FAST
@given(inputs())
def test_an_any_of_group_disqualifies_at_most_once_and_never_when_a_member_is_met(inp):
    result = score(inp)
    gaps = {id(g) for g in result.must_gaps}  # by identity: two requirements may give equal results
    for group in {r.any_of for r in inp.requirements if r.any_of}:
        members = [res for req, res in zip(inp.requirements, result.results, strict=True) if req.any_of == group]
        counted = [m for m in members if m.status != "na"]
        assert len(counted) >= 1  # the group is always judged, even when every member said 該当なし
        if any(m.status == "met" for m in members):
            assert all(m.status in ("met", "na") for m in members)
            assert not [m for m in members if id(m) in gaps]
        else:
            assert len(counted) == 1
            assert len([m for m in members if id(m) in gaps]) <= 1


states = st.sampled_from(["open", "submitted", "submitted", "returned"])


@settings(max_examples=80, deadline=None, database=None)
@given(st.dictionaries(st.sampled_from("ABCD"), inputs(), max_size=4), st.data())
def test_ranking_never_includes_unsubmitted_failed_or_pending_candidates(candidates, data):
    given_states = {key: data.draw(states) for key in candidates}
    ranked = compare(candidates, None, given_states)
    assert sorted(r.vendor_key for r in ranked) == sorted(candidates)
    ranks = [r.rank for r in ranked if r.rank is not None]
    assert ranks == sorted(ranks) and (not ranks or ranks[0] == 1)
    assert all(rank <= place for place, rank in enumerate(ranks, start=1))  # 1, 1, 3: never a gap above
    for r in ranked:
        eligible = given_states[r.vendor_key] == "submitted" and r.result.verdict == "pass"
        assert (r.rank is not None) == eligible
        assert (r.unranked == "") == eligible and (eligible or r.unranked in UNRANKED_LABELS)
        assert rank_label(r.rank, r.unranked).startswith("順位なし（") != eligible
    seen_unranked = False
    for r in ranked:  # the ranked ones come first
        seen_unranked = seen_unranked or r.rank is None
        assert not (seen_unranked and r.rank is not None)


# (b) Requirements whose met answer we can write down, whatever the expected value.
@st.composite
def answerable(draw):
    form = draw(st.sampled_from(["equals", "one_of", "gte", "lte", "valid_at"]))
    word = st.text(min_size=1, max_size=8).filter(str.strip)
    expected = {"equals": word, "one_of": st.lists(word, min_size=1, max_size=3).map(tuple),
                "gte": st.integers(0, 10**6), "lte": st.integers(0, 10**9) if draw(st.booleans()) else st.floats(0, 1e9),
                "valid_at": st.sampled_from(["回答期限日", "契約開始日"])}[form]
    # Outside any group: a member met may rightly drop a partly met one of another domain.
    req = draw(requirements(forms=st.just(form), expected=expected, group=st.just("")))
    return req if form in ("gte", "lte") and float(req.expect_value).is_integer() else replace(req, whole=False)


def met_value(req: Req) -> str:
    if req.expect_form == "one_of":
        return req.expect_value[0]
    if req.expect_form == "valid_at":
        return "9999-12-31"
    if req.expect_form in ("gte", "lte"):  # figures are answered as plain digits, never 1e-07
        return format(Decimal(repr(req.expect_value)), "f")
    return str(req.expect_value)


@FAST
@given(inputs(answerable()), st.data())
def test_a_met_answer_never_lowers_a_score(inp, data):
    if not inp.requirements:
        return
    target = data.draw(st.sampled_from(inp.requirements))
    others = tuple(a for a in inp.answers if a.control_id != target.control_id)
    before = score(replace(inp, answers=others))
    after = score(replace(inp, answers=others + (AnswerIn(target.control_id, met_value(target)),)))
    facts = rules.Facts(inp.today, answer_deadline=inp.answer_deadline, contract_start=inp.contract_start,
                        answers=(AnswerIn("", met_value(target)),))
    assert rules.answer_status(target, facts) == ("met", "")
    assert after.overall >= before.overall
    for was, now in zip(before.domains, after.domains, strict=True):
        assert now.score >= was.score
