from datetime import date, datetime

import pytest

from assess.scoring import reasons, rules
from assess.scoring.model import AnswerIn, DecisionIn, EvidenceIn, ObservationIn, Req
from assess.scoring.rules import Facts

TODAY = date(2026, 4, 1)  # 令和8年4月1日
DEADLINE = date(2026, 4, 20)  # 令和8年4月20日, the answer deadline
START = date(2026, 7, 1)  # 令和8年7月1日, the contract start


def req(**changes) -> Req:
    fields = dict(control_id="GOV-01", domain_id="GOV", title="責任者の選任", priority="must",
                  weight=3, answer_type="yes_no", expect_form="equals", expect_value="yes")
    return Req(**(fields | changes))


LOGS = dict(control_id="LOG-01", domain_id="LOG", answer_type="number", expect_form="gte",
            expect_value=365, threshold_label="ログ保管日数", unit="日")
REPORT = dict(control_id="INC-01", domain_id="INC", answer_type="number", expect_form="lte",
              expect_value=2, threshold_label="一次報告までの時間", unit="時間")
EXPIRY = dict(answer_type="date", expect_form="valid_at", expect_value="回答期限日")
AT_START = dict(answer_type="date", expect_form="valid_at", expect_value="契約開始日")
STORAGE = dict(answer_type="choice", option_labels={"paper": "紙で保管", "digital": "電子で保管",
                                                    "cloud": "クラウドで保管"})


def judge(r: Req, value=None, *, na=False, evidence=(), observations=(), decisions=(),
          deadline=DEADLINE, start=START, today=TODAY, answered=True):
    answers = (AnswerIn(r.control_id, value, na),) if answered else ()
    return rules.judge(r, Facts(today, answer_deadline=deadline, contract_start=start, answers=answers,
                                evidence=tuple(evidence), observations=tuple(observations),
                                decisions=tuple(decisions)))


def expect(result, status: str, reason: str = "") -> None:
    assert (result.status, result.reason) == (status, reason)


# --- no answer, 該当なし -----------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "  ", "\u3000"])
def test_a_blank_answer_is_unanswered(value):
    expect(judge(req(), value), "unanswered", "回答がありません")


def test_no_answer_row_at_all_is_unanswered():
    expect(judge(req(), answered=False), "unanswered", "回答がありません")


def test_na_where_allowed_is_left_out_of_the_score():
    result = judge(req(allow_na=True), "no", na=True)
    expect(result, "na")
    assert result.credit == 0.0


def test_na_where_not_allowed_is_a_gap():
    expect(judge(req(), None, na=True), "gap", "該当なしは認められていない要件です")


# --- equals, one_of ----------------------------------------------------------------------


def test_equals_met_when_the_answer_is_the_expected_value():
    result = judge(req(), "yes")
    expect(result, "met")
    assert result.credit == 1.0
    assert (result.automatic_status, result.overridden) == ("met", False)


def test_equals_gap_names_answer_and_expectation_in_words():
    expect(judge(req(), "no"), "gap", "回答「いいえ」（要件: はい）")


def test_equals_on_a_choice_uses_the_option_labels():
    r = req(**STORAGE, expect_value="digital")
    expect(judge(r, "digital"), "met")
    expect(judge(r, "paper"), "gap", "回答「紙で保管」（要件: 電子で保管）")


def test_one_of_met_for_any_listed_value():
    r = req(**STORAGE, expect_form="one_of", expect_value=("digital", "cloud"))
    expect(judge(r, "cloud"), "met")


def test_one_of_gap_lists_the_acceptable_labels():
    r = req(**STORAGE, expect_form="one_of", expect_value=("digital", "cloud"))
    expect(judge(r, "paper"), "gap", "回答「紙で保管」（要件: 電子で保管、クラウドで保管 のいずれか）")


# --- gte, lte ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["365", "400", "１，０００", "1,000", "400日", " 365.0 "])
def test_gte_met_at_or_above_the_threshold(value):
    expect(judge(req(**LOGS), value), "met")


def test_gte_gap_reason_gives_the_answer_then_the_requirement():
    expect(judge(req(**LOGS), "180"), "gap", "回答 180日（基準 365日以上）")


def test_full_width_numbers_are_read_and_printed_plainly():
    expect(judge(req(**LOGS), "１８０"), "gap", "回答 180日（基準 365日以上）")


def test_large_figures_get_thousands_separators():
    r = req(**LOGS | dict(expect_value="20000", threshold_label="保管件数", unit="件"))
    expect(judge(r, "１２，０００"), "gap", "回答 12,000件（基準 20,000件以上）")


def test_an_upper_limit_is_never_called_the_answer():
    """The parameter's title (誤処理率の上限) names the requirement, not the vendor's figure."""
    r = req(**REPORT | dict(expect_value=0.5, threshold_label="誤処理率の上限", unit="%"))
    expect(judge(r, "1"), "gap", "回答 1%（基準 0.5%以下）")


WHOLE = LOGS | dict(expect_value=3, threshold_label="受託実績", unit="件", whole=True)


@pytest.mark.parametrize("value", ["1.5", "２．５", "3.5件"])
def test_a_count_that_is_not_whole_is_a_gap(value):
    result = judge(req(**WHOLE), value)
    assert result.status == "gap" and result.reason.startswith("整数でない回答です: ")
    expect(judge(req(**WHOLE), "3.5"), "gap", "整数でない回答です: 3.5件")


@pytest.mark.parametrize("value", ["3", "3.0", "１０", "12件"])
def test_a_whole_count_is_compared_as_usual(value):
    expect(judge(req(**WHOLE), value), "met")
    expect(judge(req(**WHOLE), "2"), "gap", "回答 2件（基準 3件以上）")


def test_a_fraction_is_fine_where_the_answer_is_not_a_count():
    expect(judge(req(**LOGS | dict(expect_value=1)), "1.5"), "met")


def test_lte_met_at_or_below_the_threshold():
    expect(judge(req(**REPORT), "2"), "met")
    expect(judge(req(**REPORT), "0.5"), "met")


def test_lte_gap_reason():
    expect(judge(req(**REPORT), "4"), "gap", "回答 4時間（基準 2時間以下）")
    expect(judge(req(**REPORT), "2.5"), "gap", "回答 2.5時間（基準 2時間以下）")


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "三百六十五", "1.2.3"])
def test_a_figure_that_is_not_a_number_is_a_gap(value):
    expect(judge(req(**LOGS), value), "gap", f"数値として読めない回答です: {value!r}")


def test_the_not_a_number_reason_quotes_the_answer():
    expect(judge(req(**LOGS), "abc"), "gap", "数値として読めない回答です: 'abc'")


def test_a_threshold_that_is_not_a_number_goes_to_staff():
    expect(judge(req(**LOGS | dict(expect_value="xyz")), "400"),
           "pending_review", reasons.BAD_THRESHOLD)


@pytest.mark.parametrize(("figure", "text"), [
    (365.0, "365"), (1000, "1000"), (9999.5, "9999.5"), (10000, "10,000"),
    (12345.5, "12,345.5"), (-20000, "-20,000"),
])
def test_numbers_print_without_trailing_zero(figure, text):
    assert reasons.number(float(figure)) == text


# --- valid_at: valid on the answer deadline (or the contract start), not to the contract end ---


@pytest.mark.parametrize("value", ["2026-04-20", "2028-04-19", "２０２６－０４－２０"])
def test_a_date_on_or_after_the_answer_deadline_is_met(value):
    """A Pマーク valid two years from the deadline is met on a three-year contract: renewing it
    is the contract's business, and the certificate reminders warn before it lapses."""
    expect(judge(req(**EXPIRY), value), "met")


def test_a_date_before_the_answer_deadline_is_a_gap():
    expect(judge(req(**EXPIRY), "2026-04-19"), "gap",
           "有効期限 令和8年4月19日 が回答期限日 令和8年4月20日 より前")


def test_the_parameter_may_ask_for_the_contract_start():
    expect(judge(req(**AT_START), "2026-07-01"), "met")
    expect(judge(req(**AT_START), "2026-06-30"), "gap",
           "有効期限 令和8年6月30日 が契約開始日 令和8年7月1日 より前")


def test_a_day_not_yet_set_falls_back_to_today():
    expect(judge(req(**EXPIRY), "2026-04-01", deadline=None), "met")
    expect(judge(req(**EXPIRY), "2026-03-31", deadline=None), "gap",
           "有効期限 令和8年3月31日 が既に過ぎている")
    expect(judge(req(**AT_START), "2026-03-31", start=None), "gap",
           "有効期限 令和8年3月31日 が既に過ぎている")


def test_a_questionnaire_frozen_with_after_contract_end_is_judged_on_the_deadline():
    legacy = req(answer_type="date", expect_form="after_contract_end", expect_value=True)
    expect(judge(legacy, "2026-04-20"), "met")
    expect(judge(legacy, "2026-04-19"), "gap", "有効期限 令和8年4月19日 が回答期限日 令和8年4月20日 より前")


def test_an_unknown_reference_day_goes_to_staff():
    expect(judge(req(**EXPIRY | dict(expect_value="契約終了日")), "2030-01-01"),
           "pending_review", reasons.UNKNOWN_REFERENCE)


@pytest.mark.parametrize("value", ["2027/03/31", "2027-02-30", "令和9年3月31日", "soon", "0000-01-01"])
def test_a_date_that_cannot_be_read_is_a_gap(value):
    expect(judge(req(**EXPIRY), value), "gap", "日付として読めない回答です")


def test_a_date_before_meiji_is_shown_in_western_years():
    expect(judge(req(**EXPIRY), "0001-01-01"), "gap", "有効期限 1年1月1日 が回答期限日 令和8年4月20日 より前")


def test_a_date_answer_may_be_na_where_allowed():
    expect(judge(req(**EXPIRY | dict(allow_na=True)), None, na=True), "na")


# --- review, unknown form ----------------------------------------------------------------


def test_a_written_answer_waits_for_staff():
    result = judge(req(answer_type="text", expect_form="review"), "ISMS の運用手順に従う")
    expect(result, "pending_review", "記述式の回答のため職員の判断待ち")
    assert result.credit == 0.0


def test_a_blank_written_answer_is_unanswered():
    expect(judge(req(answer_type="text", expect_form="review"), " "), "unanswered", "回答がありません")


def test_an_unknown_expect_form_goes_to_staff():
    expect(judge(req(expect_form="between"), "yes"), "pending_review", reasons.UNKNOWN_FORM)


# --- evidence ----------------------------------------------------------------------------


def cert(valid_until, control_id="GOV-01"):
    return EvidenceIn(control_id, "certificate", valid_until)


def test_required_evidence_present_keeps_met():
    r = req(required_evidence=("diagram", "record"))
    evidence = (EvidenceIn("GOV-01", "diagram"), EvidenceIn("GOV-01", "record"))
    expect(judge(r, "yes", evidence=evidence), "met")


def test_missing_required_evidence_is_named():
    r = req(required_evidence=("certificate", "diagram"))
    expect(judge(r, "yes", evidence=[EvidenceIn("GOV-01", "diagram")]), "evidence_missing",
           "必須の証跡がありません: 証明書")
    expect(judge(r, "yes"), "evidence_missing", "必須の証跡がありません: 証明書、図面")


@pytest.mark.parametrize(("kind", "label"), list(reasons.EVIDENCE_LABELS.items()))
def test_every_evidence_kind_has_a_japanese_label(kind, label):
    expect(judge(req(required_evidence=(kind,)), "yes"), "evidence_missing",
           f"必須の証跡がありません: {label}")


def test_evidence_is_checked_only_when_the_answer_is_met():
    expect(judge(req(required_evidence=("document",)), "no"), "gap", "回答「いいえ」（要件: はい）")


def test_a_certificate_without_expiry_is_missing_evidence():
    r = req(required_evidence=("certificate",))
    expect(judge(r, "yes", evidence=[cert(None)]), "evidence_missing", "証明書の有効期限が未入力です")


def test_an_expired_certificate():
    r = req(required_evidence=("certificate",))
    expect(judge(r, "yes", evidence=[cert(date(2026, 3, 31))]), "evidence_expired",
           "証明書の有効期限 令和8年3月31日 が回答期限日 令和8年4月20日 より前")
    expect(judge(r, "yes", evidence=[cert(date(2026, 3, 31))], deadline=None), "evidence_expired",
           "証明書の有効期限 令和8年3月31日 が既に過ぎている")


def test_a_certificate_ending_during_the_contract_is_valid():
    r = req(required_evidence=("certificate",))
    expect(judge(r, "yes", evidence=[cert(date(2027, 3, 31))]), "met")


def test_the_certificate_follows_the_same_day_as_the_answer():
    r = req(**AT_START, required_evidence=("certificate",))
    valid_at_deadline = [cert(date(2026, 5, 31))]
    expect(judge(r, "2028-06-30", evidence=valid_at_deadline), "evidence_expired",
           "証明書の有効期限 令和8年5月31日 が契約開始日 令和8年7月1日 より前")
    expect(judge(req(**EXPIRY, required_evidence=("certificate",)), "2028-06-30",
                 evidence=valid_at_deadline), "met")


@pytest.mark.parametrize("order", [1, -1])
def test_the_latest_of_several_certificates_counts(order):
    r = req(required_evidence=("certificate",))
    certs = [cert(date(2025, 1, 1)), cert(None), cert(datetime(2026, 4, 20, 12))][::order]
    expect(judge(r, "yes", evidence=certs), "met")


def test_an_optional_certificate_does_not_change_the_status():
    expect(judge(req(), "yes", evidence=[cert(date(2020, 1, 1))]), "met")


# --- site visit --------------------------------------------------------------------------


def test_unconfirmed_on_site_is_partial():
    seen = [ObservationIn("GOV-01", "unconfirmed", "入退室記録を確認できず")]
    result = judge(req(), "yes", observations=seen)
    expect(result, "partial", "現地視察で未確認: 入退室記録を確認できず")
    assert result.credit == 0.5


def test_the_last_observation_counts():
    seen = [ObservationIn("GOV-01", "unconfirmed", "x"), ObservationIn("GOV-01", "confirmed")]
    expect(judge(req(), "yes", observations=seen), "met")


def test_a_site_visit_does_not_soften_a_gap():
    seen = [ObservationIn("GOV-01", "unconfirmed", "x")]
    expect(judge(req(), "no", observations=seen), "gap", "回答「いいえ」（要件: はい）")


# --- staff decisions ---------------------------------------------------------------------


def test_accept_overrides_and_keeps_what_the_rules_said():
    r = req(required_evidence=("certificate",))
    result = judge(r, "yes", decisions=[DecisionIn("GOV-01", "accept")])
    expect(result, "met", "職員判断により適合（自動判定: 証跡不足 — 必須の証跡がありません: 証明書）")
    assert (result.automatic_status, result.overridden, result.credit) == (
        "evidence_missing", True, 1.0)


def test_accept_of_an_already_met_answer_says_so():
    result = judge(req(), "yes", decisions=[DecisionIn("GOV-01", "accept")])
    expect(result, "met", "職員判断により適合（自動判定: 適合）")


def test_reject_with_a_comment():
    result = judge(req(), "yes", decisions=[DecisionIn("GOV-01", "reject", "体制図が古い")])
    expect(result, "gap", "職員判断により不適合: 体制図が古い")
    assert (result.automatic_status, result.overridden, result.credit) == ("met", True, 0.0)


def test_query_returns_the_answer_without_credit():
    result = judge(req(), "no", decisions=[DecisionIn("GOV-01", "query", "根拠資料を追加")])
    expect(result, "query", "職員判断により要確認: 根拠資料を追加")
    assert (result.automatic_status, result.credit) == ("gap", 0.0)


def test_the_last_decision_wins_and_unknown_ones_are_ignored():
    decisions = [DecisionIn("GOV-01", "reject"), DecisionIn("GOV-01", "accept"),
                 DecisionIn("GOV-01", "maybe")]
    expect(judge(req(), "no", decisions=decisions), "met",
           "職員判断により適合（自動判定: 不適合 — 回答「いいえ」（要件: はい））")


def test_a_decision_overrides_na_and_unanswered_too():
    rejected = judge(req(allow_na=True), na=True, decisions=[DecisionIn("GOV-01", "reject")])
    accepted = judge(req(), answered=False, decisions=[DecisionIn("GOV-01", "accept")])
    assert (rejected.status, rejected.automatic_status) == ("gap", "na")
    assert (accepted.status, accepted.automatic_status) == ("met", "unanswered")


@pytest.mark.parametrize(("status", "credit"), [
    ("met", 1.0), ("partial", 0.5), ("gap", 0.0), ("unanswered", 0.0), ("na", 0.0),
    ("evidence_missing", 0.0), ("evidence_expired", 0.0), ("query", 0.0), ("pending_review", 0.0),
])
def test_credit_per_status(status, credit):
    assert rules.CREDIT.get(status, 0.0) == credit
