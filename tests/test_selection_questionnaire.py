"""The selection questionnaire is one a small firm can answer before award: the key items a 選定委員会
needs to tell bidders apart and to 足切り (about 30–40 a project), asked as capability, with
evidence that exists before award. Everything else waits for the contract-start round."""

import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.catalog.applicability import Profile
from assess.catalog.loader import load_cached
from assess.demo import CALL_CENTER_PROJECT, MY_NUMBER_PROJECT
from assess.extensions import db
from assess.projects.models import Project
from assess.projects.requirements import build
from assess.questionnaires import services

CONTROLS = Path(__file__).resolve().parents[1] / "controls"
MOST = 40

# 「本業務…ていますか」: asks about work that has not started (「本業務で…を定めていますか」).
ABOUT_THIS_WORK_NOW = re.compile(r"本業務[^。]*ていますか")
# Other people's personal data (who came and went) and the firewall's rules are seen on site after award.
NOT_BEFORE_AWARD = ("入退室記録", "来訪者記録", "ルールセット")

# Profiles cities really outsource besides the demo's two (the city's model: αモデル).
LGWAN_COUNTER = Profile(data=frozenset({"personal", "sensitive"}), zone="lgwan",
                        location=frozenset({"city_office"}), residents_contact=True, records=50_000,
                        work_type="counter", network_model="alpha")
MY_NUMBER_SYSTEM_OPS = Profile(data=frozenset({"personal", "my_number"}), zone="my_number",
                               location=frozenset({"city_office", "vendor_site"}), cloud=True, subcontract=True,
                               records=200_000, work_type="system_ops", sector=frozenset({"tax"}),
                               standard_systems=True, network_model="alpha")


# ---------------------------------------------------------------- the catalog (pure)

def test_no_selection_question_asks_about_this_work_as_if_it_had_started():
    catalog = load_cached(CONTROLS)
    found = {c.id: c.selection.question.ja for c in catalog.controls
             if c.selection and c.selection.question and ABOUT_THIS_WORK_NOW.search(c.selection.question.ja)}
    assert found == {}


def test_selection_evidence_is_what_a_bidder_can_hand_over_before_award():
    catalog = load_cached(CONTROLS)
    found = [(c.id, e.ja) for c in catalog.controls for e in c.evidence("selection")
             if any(word in e.ja for word in NOT_BEFORE_AWARD)]
    assert found == []


def test_the_city_states_its_network_and_the_bidder_proposes_its_environment():
    net = load_cached(CONTROLS).control("NET-01")
    question = net.selection.question.ja
    assert "発注者が公募資料で示すネットワーク構成" in question and "提案してください" in question
    assert "どの系統" not in question  # the bidder is not asked to guess the city's network
    assert net.answer.type == "text" and net.expect.form == "review"


@pytest.mark.parametrize("profile", [LGWAN_COUNTER, replace(LGWAN_COUNTER, network_model="beta_prime"),
                                     MY_NUMBER_SYSTEM_OPS],
                         ids=["lgwan-counter", "lgwan-counter-beta-prime", "my-number-system-ops"])
def test_other_common_projects_ask_no_more_than_the_key_items_either(profile):
    asked = [r.id for r in build(load_cached(CONTROLS), profile, {}) if r.included and r.asked_in("selection")]
    assert 20 <= len(asked) <= MOST, asked


def test_a_control_without_a_selection_question_is_still_asked_or_checked_after_the_contract():
    """Nothing the catalog asked before is lost: it moved to the contract-start round (or the
    contract and the meeting checklist)."""
    for control in load_cached(CONTROLS).controls:
        if control.selection is None:
            assert control.contract is not None or control.operations is not None, control.id


# ---------------------------------------------------------------- the demo

@pytest.fixture
def demo(app, demo_output):
    with app.app_context():
        yield {p.name: p for p in db.session.scalars(select(Project))}


@pytest.mark.parametrize("name", [MY_NUMBER_PROJECT, CALL_CENTER_PROJECT])
def test_each_demo_procurement_asks_at_most_forty_key_items(demo, name):
    project = demo[name]
    items = services.current_content(db.session, project)["items"]
    assert 20 <= len(items) <= MOST, len(items)
    published = services.latest_version(db.session, project.id)  # what the demo vendors answered
    assert len(published.content["items"]) <= MOST

    asked = {i["id"] for i in items}
    # the key items: 認証, 管理体制, 規程, アクセス管理, ログ, 暗号化, 作業場所, 持出し, 廃棄, 事故報告, 誓約・教育, 監査
    assert {"GOV-03", "GOV-05", "GOV-02", "GOV-01", "GOV-09", "GOV-13", "GOV-12", "PHY-10", "PHY-07", "GOV-16",
            "INC-01", "INC-03", "HR-02", "HR-04", "CON-08", "OPS-13"} <= asked
    for item in items:
        assert not ABOUT_THIS_WORK_NOW.search(item["question"]), (item["id"], item["question"])
        for evidence in item["evidence"]:
            assert not any(word in evidence["ja"] for word in NOT_BEFORE_AWARD), (item["id"], evidence["ja"])
    # what selection no longer asks waits for the contract-start round
    later = {i["id"] for i in services.current_content(db.session, project, "operations")["items"]}
    assert {"PHY-02", "GOV-14", "INC-02"} <= later - asked


def test_each_demo_project_keeps_its_pack_and_its_own_key_items(demo):
    entry = {i["id"] for i in services.current_content(db.session, demo[MY_NUMBER_PROJECT])["items"]}
    calls = {i["id"] for i in services.current_content(db.session, demo[CALL_CENTER_PROJECT])["items"]}
    assert {"OPS-25", "GOV-07", "HR-10"} <= entry  # ベリファイ; 特定個人情報の取扱規程と研修
    assert {"OPS-27", "OPS-31", "NET-01", "GOV-06", "SUB-01", "SUB-03"} <= calls  # 応答率; network; cloud; 再委託
    assert not {"SUB-01", "NET-01"} & entry  # no subcontracting planned; offline
