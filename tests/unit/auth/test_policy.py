"""The pure sign-in rules: which local accounts may sign in, and what directory groups grant."""

import pytest

from assess.auth.policy import (
    PolicyError,
    Refused,
    decide,
    local_accounts,
    local_allowed,
    mapping_from,
)

STAFF, AUDIT, ADMIN = "cn=staff,ou=g", "cn=audit,ou=g", "cn=admin,ou=g"
ZEI, KOSO = "cn=zei,ou=g", "cn=koso,ou=g"
MAPPING = mapping_from({"admin": [ADMIN], "staff": [STAFF], "auditor": AUDIT},
                       {ZEI: ("shiminzei", "市民税課"), KOSO: "kosodate"}, str.lower)


def test_local_accounts_default_follows_whether_there_is_a_directory():
    assert local_accounts(None, directory_enabled=False) == "all"
    assert local_accounts(None, directory_enabled=True) == "admin"
    assert local_accounts(" NONE ", directory_enabled=False) == "none"
    with pytest.raises(PolicyError, match="AUTH_LOCAL_ACCOUNTS"):
        local_accounts("some", directory_enabled=True)


def test_local_allowed():
    assert local_allowed("all", "staff") and local_allowed("admin", "admin")
    assert not local_allowed("admin", "staff") and not local_allowed("none", "admin")


def test_groups_give_role_and_department_in_a_fixed_order():
    assert decide({STAFF, ZEI}, MAPPING) == decide({STAFF, ZEI}, MAPPING)
    grant = decide({STAFF, KOSO, ZEI}, MAPPING)
    assert (grant.role, grant.department) == ("staff", ("shiminzei", "市民税課"))  # config order
    assert decide({AUDIT, STAFF, ZEI}, MAPPING).role == "staff"  # admin > staff > auditor
    assert decide({AUDIT}, MAPPING).department is None
    assert decide({ADMIN, KOSO}, MAPPING).department == ("kosodate", "kosodate")


def test_no_role_group_or_staff_without_department_is_refused():
    with pytest.raises(Refused, match="権限"):
        decide({ZEI}, MAPPING)
    with pytest.raises(Refused, match="所属課"):
        decide({STAFF}, MAPPING)


def test_unknown_roles_in_the_mapping_are_a_settings_error():
    with pytest.raises(PolicyError, match="boss"):
        mapping_from({"boss": ["cn=x"]}, {}, str.lower)
