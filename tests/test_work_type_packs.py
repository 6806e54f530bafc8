"""The kind of work (業務の種類) selects its pack of KPI and quality controls: the demo's データ入力
project gets ベリファイ and a zero-error target, its コールセンター project 応答率 and 放棄呼率, and
neither inherits the old EC-style defaults (a 12-hour first reply, a 0.5 % error tolerance)."""

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.catalog.applicability import Profile, reasons
from assess.catalog.browse import PROFILE_LABELS
from assess.catalog.loader import load_cached
from assess.demo import CALL_CENTER_PROJECT, MY_NUMBER_PROJECT
from assess.extensions import db
from assess.models import Contract, Meeting
from assess.projects.models import Project
from assess.projects.services import requirements_of
from assess.schedule import meetings, rules

CONTROLS = Path(__file__).resolve().parents[1] / "controls"
WORK_TYPES = tuple(PROFILE_LABELS["work_type"][1])

# Each pack and the kinds of work it serves (OPS-32, complaints and customer harassment, serves both
# kinds of work that face residents).
PACKS = {
    "OPS-25": {"data_entry"}, "OPS-26": {"data_entry"},
    "OPS-27": {"call_center"}, "OPS-28": {"call_center"}, "OPS-29": {"call_center"},
    "OPS-30": {"call_center"}, "OPS-31": {"call_center"}, "OPS-32": {"call_center", "counter"},
    "OPS-33": {"counter"}, "OPS-34": {"counter"},
    "OPS-05": {"print_mail"},
    "OPS-03": {"system_ops"},
}
SYSTEM_ONLY = ("OPS-01", "OPS-02", "OPS-20", "OPS-22")  # availability, RTO, vulnerability tests, outages

# A profile that switches every other rule on, so only the kind of work can leave a pack out.
EVERYTHING_BUT_CLOUD = Profile(data=frozenset({"personal", "sensitive", "my_number"}), zone="lgwan",
                               location=frozenset({"city_office", "vendor_site", "telework"}),
                               subcontract=True, residents_contact=True, records=1_000_000,
                               sector=frozenset({"tax"}), network_model="alpha")


def _texts(requirement) -> str:
    return "\n".join(text for _label, text in requirement.lines)


# ---------------------------------------------------------------- the rules (pure)

@pytest.mark.parametrize("work_type", WORK_TYPES)
def test_each_pack_is_selected_by_its_own_kind_of_work_only(work_type):
    catalog = load_cached(CONTROLS)
    profile = replace(EVERYTHING_BUT_CLOUD, work_type=work_type)
    selected = {cid for cid in PACKS if reasons(catalog.control(cid).applies_if, profile) is not None}
    assert selected == {cid for cid, kinds in PACKS.items() if work_type in kinds}
    label = f"業務の種類: {PROFILE_LABELS['work_type'][1][work_type]}"
    for cid in selected:  # the requirement page says why: the kind of work staff chose
        assert label in reasons(catalog.control(cid).applies_if, profile)


def test_a_project_without_a_kind_of_work_gets_no_pack():
    catalog = load_cached(CONTROLS)
    assert not [cid for cid in PACKS if reasons(catalog.control(cid).applies_if, EVERYTHING_BUT_CLOUD) is not None]


@pytest.mark.parametrize("work_type", WORK_TYPES)
def test_system_controls_apply_to_system_operation_or_a_cloud_service_only(work_type):
    catalog = load_cached(CONTROLS)
    on_premises = replace(EVERYTHING_BUT_CLOUD, work_type=work_type)
    for cid in SYSTEM_ONLY:
        condition = catalog.control(cid).applies_if
        assert (reasons(condition, on_premises) is not None) == (work_type == "system_ops"), cid
        assert reasons(condition, replace(on_premises, cloud=True)) is not None, cid


def test_pack_figures_are_cited_or_marked_as_the_citys_choice():
    """A default without a public source is the city's choice and its note says so."""
    catalog = load_cached(CONTROLS)
    for cid in PACKS:
        control = catalog.control(cid)
        cited = [r for r in control.references if not r.practice]
        for name, param in control.parameters.items():
            note = param.note.ja if param.note else ""
            assert "発注者（市）が定める" in note or cited, (cid, name)


# ---------------------------------------------------------------- the demo

@pytest.fixture
def demo(app, demo_output):
    with app.app_context():
        yield {p.name: p for p in db.session.scalars(select(Project))}


def _kpis(project) -> dict[str, tuple[float, str]]:
    """KPI name → (target, unit) of the project's included requirements."""
    out = {}
    for r in requirements_of(db.session, project):
        kpi = r.kpi
        if r.included and kpi is not None:
            out[kpi.ja] = (float(r.params[kpi.parameter]), r.control.parameters[kpi.parameter].unit)
    return out


def test_the_demo_data_entry_and_call_centre_projects_get_kpis_that_fit_their_work(demo):
    entry, calls = demo[MY_NUMBER_PROJECT], demo[CALL_CENTER_PROJECT]
    entry_kpis, call_kpis = _kpis(entry), _kpis(calls)

    assert {"応答率", "放棄呼率", "平均応答時間"} <= set(call_kpis)
    assert call_kpis["応答率"][1] == "%" and call_kpis["平均応答時間"][1] == "秒"
    assert not {"応答率", "放棄呼率"} & set(entry_kpis)
    assert entry_kpis["納品後に判明した誤りの件数"] == (0.0, "件")
    assert "納品後に判明した誤りの件数" not in call_kpis
    assert set(entry_kpis) != set(call_kpis)

    entry_texts = [_texts(r) for r in requirements_of(db.session, entry) if r.included]
    call_texts = [_texts(r) for r in requirements_of(db.session, calls) if r.included]
    assert any("ベリファイ" in t and "全件照合" in t for t in entry_texts)
    assert not any("ベリファイ" in t for t in call_texts)

    for project in (entry, calls):  # the EC-derived defaults are gone from both
        for name, (target, unit) in _kpis(project).items():
            assert (target, unit) not in ((12.0, "時間"), (0.5, "%")), (project.name, name)
        for r in requirements_of(db.session, project):
            if r.included:
                text = _texts(r)
                assert "12時間以内" not in text and "0.5%" not in text, (project.name, r.id)


def test_the_demo_review_meeting_reports_the_call_centres_own_kpis(demo):
    routine = db.session.scalars(select(Meeting).where(Meeting.kind == "routine")).one()
    targets = {t.control_id: t for t in meetings.kpi_targets(db.session, db.session.get(Contract, routine.contract_id))}
    reported = {targets[k.control_id].name: (k.value, rules.kpi_verdict(k.value, targets[k.control_id].target,
                                                                         targets[k.control_id].direction))
                for k in routine.kpis}
    assert reported == {"応答率": (93.0, "達成"), "放棄呼率": (5.0, "達成"), "平均応答時間": (45.0, "未達")}
