from datetime import date

import pytest

from assess.schedule import rules


def test_add_months_clamps_to_the_end_of_month():
    assert rules.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.add_months(date(2026, 12, 1), 12) == date(2027, 12, 1)
    assert rules.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


@pytest.mark.parametrize(("day", "year", "label"), [
    (date(2026, 4, 1), 2026, "令和8年度"), (date(2027, 3, 31), 2026, "令和8年度"),
    (date(2019, 4, 1), 2019, "平成31年度"), (date(2019, 3, 31), 2018, "平成30年度"),  # named at its April start
])
def test_fiscal_years_run_from_april(day, year, label):
    assert rules.fiscal_year(day) == year and rules.fiscal_label(year) == label


def test_states():
    today = date(2026, 11, 23)
    assert rules.state(date(2026, 11, 22), today) == "overdue"
    assert rules.state(date(2026, 12, 23), today) == "soon"
    assert rules.state(date(2026, 12, 24), today) == "later"


def test_vendor_deadline_reminders_step_down_and_stop_after_the_deadline():
    deadline = date(2027, 1, 29)
    keys = {d: rules.deadline_reminder(5, deadline, date(2027, 1, d)) for d in (20, 22, 26, 27, 28, 29, 30)}
    assert keys == {20: None, 22: "deadline:5:7", 26: "deadline:5:3", 27: "deadline:5:3", 28: "deadline:5:1",
                    29: "deadline:5:1", 30: None}


def test_certificate_steps_are_90_30_7_days():
    until = date(2027, 3, 31)
    assert rules.certificate_reminder("9", until, date(2026, 12, 30)) is None
    assert rules.certificate_reminder("9", until, date(2027, 1, 1)) == "certificate:9:90"
    assert rules.certificate_reminder("9", until, date(2027, 3, 10)) == "certificate:9:30"
    assert rules.certificate_reminder("9", until, date(2027, 3, 30)) == "certificate:9:7"
    assert rules.certificate_reminder("9", until, date(2027, 4, 1)) is None


def test_overdue_items_are_reminded_once_a_week():
    due = date(2026, 7, 31)
    assert rules.action_reminder(1, due, date(2026, 7, 31)) is None
    assert rules.action_reminder(1, due, date(2026, 8, 1)) == "action-overdue:1:w0"
    assert rules.action_reminder(1, due, date(2026, 8, 7)) == "action-overdue:1:w0"
    assert rules.action_reminder(1, due, date(2026, 8, 8)) == "action-overdue:1:w1"
    assert rules.round_reminder(2, date(2026, 12, 1), date(2026, 11, 24)) == "round-due:2:7"
    assert rules.round_reminder(2, date(2026, 12, 1), date(2026, 12, 2)) == "round-overdue:2:w0"


def test_kpi_verdicts():
    assert rules.kpi_verdict(25, 30, "lte") == "達成" and rules.kpi_verdict(35, 30, "lte") == "未達"
    assert rules.kpi_verdict(85, 80, "gte") == "達成" and rules.kpi_verdict(None, 80, "gte") == ""


@pytest.mark.parametrize(("valid_until", "today", "note"), [
    (date(2029, 6, 30), date(2027, 1, 5), None),  # years away, though before the contract ends
    (date(2027, 6, 30), date(2027, 1, 5), None),  # 176 days: the first reminder is at 90
    (date(2027, 6, 30), date(2027, 4, 1), "契約終了日より前に期限切れ"),  # 90 days: from the first reminder
    (date(2030, 5, 1), date(2030, 3, 1), "90日以内に期限切れ"),  # lapses after the contract ends
    (date(2027, 6, 30), date(2027, 7, 1), "期限切れ"),
    (date(2030, 4, 10), date(2030, 4, 1), None),  # the contract (to 2030-03-31) has ended
])
def test_a_certificate_is_due_from_its_first_reminder_while_the_contract_runs(valid_until, today, note):
    assert rules.certificate_due(valid_until, date(2030, 3, 31), today) == note
