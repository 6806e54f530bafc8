"""What the frozen question set carries for the scorer (pure): the day a certificate must be valid
on, the any-of group, whole-number counts; and the vendor's save refusing 1.5件."""

from pathlib import Path

import pytest

from assess.catalog.applicability import Profile
from assess.catalog.loader import load
from assess.projects.requirements import Change, build
from assess.questionnaires import snapshot
from assess.questionnaires.answers import Entry, value_problem
from assess.reviews.facts import requirement

CATALOG = load(Path(__file__).resolve().parents[3] / "controls")
PROFILE = Profile(data=frozenset({"personal"}))


def items(changes=None, stage="selection"):
    reqs = build(CATALOG, PROFILE, changes or {})
    return {i["id"]: i for i in snapshot.build(reqs, [], stage)["items"]}


def test_the_certificate_pair_is_one_must_group_valid_on_the_answer_deadline():
    found = items()
    for cid in ("GOV-03", "GOV-05"):
        item = found[cid]
        assert item["priority"] == "must" and item["answer"]["allow_na"]
        assert item["expect"] == {"form": "valid_at", "value": "回答期限日"}
        assert item["threshold"] == "有効期限が回答期限日以後"
        assert item["any_of"] == {"id": "certification", "label": "ISMS認証又はプライバシーマーク"}
        assert "回答期限日の時点で有効" in item["question"] and "「該当なし」" in item["question"]
        req = requirement(item)
        assert (req.any_of, req.any_of_label, req.expect_value) == (
            "certification", "ISMS認証又はプライバシーマーク", "回答期限日")


def test_a_city_may_ask_for_validity_at_the_contract_start():
    item = items({"GOV-05": Change(params={"certificate_valid_at": "契約開始日"})})["GOV-05"]
    assert item["expect"]["value"] == "契約開始日" and item["threshold"] == "有効期限が契約開始日以後"
    assert "契約開始日の時点で有効" in item["question"]


def test_counts_are_marked_whole_and_other_items_are_unchanged():
    found = items()
    counts = {cid for cid, i in found.items() if i["answer"].get("whole")}
    assert counts and all(found[cid]["answer"]["unit"].startswith(("件", "回", "階層")) for cid in counts)
    assert "whole" not in found["GOV-13"]["answer"]  # days: a question set frozen before stays equal
    assert all("any_of" not in i for cid, i in found.items() if cid not in ("GOV-03", "GOV-05"))
    assert requirement(found[next(iter(counts))]).whole


COUNT = {"answer": {"type": "number", "unit": "件", "allow_na": False, "whole": True, "max": None, "options": []}}


@pytest.mark.parametrize(("value", "problem"), [
    ("1.5", "件数は整数で入力してください（入力: 1.5）。"),
    ("２．５", "件数は整数で入力してください（入力: ２．５）。"),
    ("3", None), ("3.0", None), ("１２", None),
])
def test_a_count_must_be_whole_when_the_vendor_saves(value, problem):
    assert value_problem(COUNT, Entry(value)) == problem


@pytest.mark.parametrize(("unit", "word"), [("回/年", "回数"), ("階層", "階層数"), ("人", "人数"), ("日", "この項目")])
def test_the_message_names_what_is_counted(unit, word):
    item = {"answer": COUNT["answer"] | {"unit": unit}}
    assert value_problem(item, Entry("0.5")) == f"{word}は整数で入力してください（入力: 0.5）。"


def test_a_fraction_stays_fine_where_the_answer_is_no_count():
    item = {"answer": COUNT["answer"] | {"whole": False, "unit": "時間"}}
    assert value_problem(item, Entry("1.5")) is None
