"""「ISMS又はプライバシーマークのいずれか」: an any-of group judged once (rules.py, rule 5)."""

from datetime import date

import pytest

from assess.scoring.engine import score
from assess.scoring.model import AnswerIn, EvidenceIn, Req, ScoreInput

DEADLINE = date(2026, 4, 20)
GROUP = dict(domain_id="GOV", priority="must", answer_type="date", expect_form="valid_at",
             expect_value="回答期限日", allow_na=True, any_of="certification",
             any_of_label="ISMS認証又はプライバシーマーク")
ISMS = Req("GOV-03", title="ISMS認証の有効期限", weight=4, **GROUP)
PMARK = Req("GOV-05", title="プライバシーマークの有効期限", weight=3, **GROUP)
OTHER = Req("GOV-01", "GOV", "基本方針", "must", 4, "yes_no", "equals", "yes")
VALID, LAPSED, NA = "2028-04-19", "2026-03-31", None  # a 2-year Pマーク from the deadline; expired


def result(isms, pmark, *, evidence=(), reqs=(ISMS, PMARK)):
    answers = [AnswerIn("GOV-01", "yes")] + [AnswerIn(cid, value, value is None)
                                             for cid, value in (("GOV-03", isms), ("GOV-05", pmark))]
    return score(ScoreInput((OTHER, *reqs), tuple(answers), tuple(evidence), answer_deadline=DEADLINE,
                            today=date(2026, 5, 1)))


def rows(found):
    return {r.control_id: (r.status, r.reason) for r in found.results if r.control_id != "GOV-01"}


@pytest.mark.parametrize(("isms", "pmark"), [(VALID, NA), (NA, VALID), (VALID, LAPSED), (LAPSED, VALID)])
def test_either_certificate_passes(isms, pmark):
    found = result(isms, pmark)
    assert found.verdict == "pass" and not found.must_gaps
    assert found.overall == 100.0  # the member not held drops out like 該当なし


def test_the_member_not_needed_says_why():
    assert rows(result(NA, VALID)) == {
        "GOV-03": ("na", "GOV-05 が適合のため、いずれか一方で足りる"),
        "GOV-05": ("met", "")}
    assert rows(result(LAPSED, VALID))["GOV-03"] == (
        "na", "GOV-05 が適合のため、いずれか一方で足りる（この項目: 不適合）")


def test_both_held_both_count():
    assert rows(result(VALID, VALID)) == {"GOV-03": ("met", ""), "GOV-05": ("met", "")}


def test_neither_held_disqualifies_once():
    found = result(NA, NA)
    assert [(g.control_id, g.reason) for g in found.must_gaps] == [
        ("GOV-03", "いずれも「該当なし」（ISMS認証又はプライバシーマークのいずれかが必要）")]
    assert rows(found)["GOV-05"] == ("na", "いずれか一方で足りる要件のため GOV-03 で判定")


def test_when_neither_is_met_the_best_failure_decides():
    found = result(LAPSED, NA, evidence=())
    assert [(g.control_id, g.status) for g in found.must_gaps] == [("GOV-03", "gap")]
    assert rows(found)["GOV-03"][1] == "有効期限 令和8年3月31日 が回答期限日 令和8年4月20日 より前"
    # a valid ISMS answer without its certificate (証跡不足) beats an expired Pマーク (不適合)
    with_cert = (Req("GOV-03", required_evidence=("certificate",), title="ISMS", weight=4, **GROUP), PMARK)
    found = result(VALID, LAPSED, reqs=with_cert)
    assert [(g.control_id, g.status) for g in found.must_gaps] == [("GOV-03", "evidence_missing")]
    assert rows(found)["GOV-05"] == ("na", "いずれか一方で足りる要件のため GOV-03 で判定（この項目: 不適合）")


def test_the_certificate_file_follows_the_answer_deadline():
    with_cert = (Req("GOV-05", required_evidence=("certificate",), title="Pマーク", weight=3, **GROUP), ISMS)
    ok = result(NA, VALID, reqs=with_cert, evidence=(EvidenceIn("GOV-05", "certificate", date(2028, 4, 19)),))
    assert ok.verdict == "pass"
    lapsed = result(NA, VALID, reqs=with_cert, evidence=(EvidenceIn("GOV-05", "certificate", date(2026, 3, 31)),))
    assert [(g.control_id, g.status, g.reason) for g in lapsed.must_gaps] == [
        ("GOV-05", "evidence_expired", "証明書の有効期限 令和8年3月31日 が回答期限日 令和8年4月20日 より前")]


def test_a_single_member_left_by_tailoring_still_needs_its_certificate():
    found = result(NA, NA, reqs=(ISMS,))
    assert [(g.control_id, g.status) for g in found.must_gaps] == [("GOV-03", "gap")]
    assert result(VALID, NA, reqs=(ISMS,)).verdict == "pass"


def test_members_outside_the_group_are_untouched():
    plain = Req("GOV-05", title="Pマーク", weight=3, **(GROUP | {"any_of": "", "allow_na": False}))
    found = result(VALID, NA, reqs=(ISMS, plain))
    assert rows(found)["GOV-05"] == ("gap", "該当なしは認められていない要件です")
