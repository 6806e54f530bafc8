"""Requirements = rules × tailoring (pure): manual changes survive a profile change."""

from dataclasses import replace
from pathlib import Path

from assess.catalog.applicability import Profile
from assess.catalog.loader import load
from assess.projects.requirements import Change, build, included_ids

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "catalog"
CATALOG = load(FIXTURE)
NO_DATA = Profile(data=frozenset({"none"}))
PERSONAL = Profile(data=frozenset({"personal"}))


def by_id(reqs):
    return {r.id: r for r in reqs}


def test_rules_select_and_say_why():
    reqs = by_id(build(CATALOG, PERSONAL, {}))
    assert reqs["GOV-01"].included and reqs["GOV-01"].why == "取り扱う情報: 個人情報"
    assert reqs["GOV-02"].included and reqs["GOV-02"].why == "すべての案件に適用"
    assert not by_id(build(CATALOG, NO_DATA, {}))["GOV-01"].included


def test_staff_can_add_remove_and_tailor():
    changes = {"GOV-01": Change(mode="add", priority="important", params={"log_retention_days": 730}),
               "GOV-02": Change(mode="remove", reason="別規程で担保")}
    reqs = by_id(build(CATALOG, NO_DATA, changes))
    gov1 = reqs["GOV-01"]
    assert gov1.included and gov1.why == "職員が追加" and gov1.priority == "important"
    assert gov1.clause == "受託者は、アクセスログを730日以上保管すること。"
    assert gov1.threshold == "730日以上"
    assert not reqs["GOV-02"].included and reqs["GOV-02"].why == "職員が除外（理由: 別規程で担保）"


def test_a_profile_change_keeps_manual_changes():
    changes = {"GOV-02": Change(mode="remove", reason="別規程で担保"),
               "GOV-01": Change(params={"log_retention_days": 1095})}
    before = build(CATALOG, NO_DATA, changes)
    after = build(CATALOG, PERSONAL, changes)
    assert included_ids(after) - included_ids(before) == {"GOV-01"}
    assert by_id(after)["GOV-01"].params == {"log_retention_days": 1095}
    assert not by_id(after)["GOV-02"].included


def test_unknown_parameters_in_tailoring_are_ignored():
    reqs = by_id(build(CATALOG, PERSONAL, {"GOV-01": Change(params={"gone": 1})}))
    assert reqs["GOV-01"].params == {"log_retention_days": 365}


def test_thresholds_in_words():
    reqs = by_id(build(CATALOG, replace(PERSONAL), {}))
    assert reqs["GOV-02"].threshold == "「はい」"
    assert reqs["NET-01"].threshold == "「LGWAN接続系」 のいずれか"
