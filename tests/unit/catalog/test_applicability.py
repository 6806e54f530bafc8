"""applies_if against a project profile: each field selects what it should, and says why."""

from dataclasses import replace
from pathlib import Path

import pytest

from assess.catalog.applicability import Profile, applies, reasons
from assess.catalog.loader import load_cached
from assess.catalog.schema import Condition

ROOT = Path(__file__).resolve().parents[3]
BASE = Profile(data=frozenset({"personal"}), zone="lgwan", location=frozenset({"city_office"}),
               cloud=False, subcontract=False, residents_contact=False, records=100,
               network_model="alpha")


def cond(**kw) -> Condition:
    return Condition.model_validate(kw, strict=False)


@pytest.mark.parametrize(("condition", "changed", "why"), [
    ({"data": ["my_number"]}, {"data": frozenset({"personal", "my_number"})},
     "取り扱う情報: 特定個人情報（マイナンバー）"),
    ({"zone": ["internet"]}, {"zone": "internet"}, "ネットワーク: インターネット接続系"),
    ({"location": ["vendor_site", "telework"]}, {"location": frozenset({"telework"})},
     "作業場所: テレワーク"),
    ({"network_model": ["beta", "beta_prime"]}, {"network_model": "beta"},
     "市のネットワークモデル: βモデル"),
    ({"cloud": True}, {"cloud": True}, "クラウドサービスの利用: あり"),
    ({"subcontract": True}, {"subcontract": True}, "再委託: あり"),
    ({"residents_contact": True}, {"residents_contact": True}, "住民への直接対応: あり"),
    ({"min_records": 1000}, {"records": 1000}, "件数: 1,000件（1,000件以上）"),
])
def test_each_profile_field_flips_its_controls(condition, changed, why):
    c = cond(**condition)
    assert not applies(c, BASE)
    assert reasons(c, replace(BASE, **changed)) == (why,)


def test_no_condition_always_applies_with_no_particular_reason():
    assert reasons(None, BASE) == ()


def test_all_fields_must_hold():
    c = cond(data=["personal"], cloud=True)
    assert not applies(c, BASE)
    assert reasons(c, replace(BASE, cloud=True)) == ("取り扱う情報: 個人情報", "クラウドサービスの利用: あり")


def test_several_shared_values_are_named_once_per_field():
    c = cond(data=["personal", "my_number"])
    profile = replace(BASE, data=frozenset({"personal", "my_number"}))
    assert reasons(c, profile) == ("取り扱う情報: 個人情報・特定個人情報（マイナンバー）",)


def test_any_holds_when_one_alternative_does():
    c = cond(any=[{"cloud": True}, {"location": ["cloud"]}])
    assert not applies(c, BASE)
    assert reasons(c, replace(BASE, location=frozenset({"cloud"}))) == ("作業場所: クラウド",)


FIELDS = {"data": {"data": frozenset({"personal", "sensitive", "my_number", "none"})},
          "zone": {"zone": "my_number"}, "location": {"location": frozenset({"vendor_site", "cloud", "telework"})},
          "network_model": {"network_model": "alpha_prime"}, "cloud": {"cloud": True},
          "subcontract": {"subcontract": True}, "residents_contact": {"residents_contact": True},
          "min_records": {"records": 10_000_000}}


def _mentions(c: Condition | None, field: str) -> bool:
    if c is None:
        return False
    return getattr(c, field) is not None or any(_mentions(a, field) for a in c.any or ())


@pytest.mark.parametrize("field", FIELDS)
def test_in_the_shipped_catalog_a_field_changes_only_controls_that_name_it(field):
    catalog = load_cached(ROOT / "controls")
    changed = replace(BASE, **FIELDS[field])
    flipped = [c.id for c in catalog.controls
               if applies(c.applies_if, BASE) != applies(c.applies_if, changed)]
    assert all(_mentions(catalog.control(cid).applies_if, field) for cid in flipped)
