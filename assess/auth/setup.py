"""How staff sign in on this app: read from the settings once, checked, kept on the app."""

from flask import Flask

from assess.auth.directory import DirectorySettings, normalise_dn
from assess.auth.directory_users import SignIn
from assess.auth.policy import PolicyError, local_accounts, mapping_from

_KEY = "assess_signin"


def build(config) -> SignIn:
    """SignIn from the settings; PolicyError saying what is wrong."""
    settings = DirectorySettings.from_config(config)
    local = local_accounts(config.get("AUTH_LOCAL_ACCOUNTS"), settings is not None)
    if settings is None:
        return SignIn(local_accounts=local)
    mapping = mapping_from(config.get("AUTH_LDAP_ROLE_GROUPS") or {},
                           config.get("AUTH_LDAP_DEPARTMENT_GROUPS") or {}, normalise_dn)
    if not any(mapping.roles.values()):
        raise PolicyError("AUTH_LDAP_ROLE_GROUPS に、役割（admin / staff / auditor）ごとの"
                          "ディレクトリのグループを設定してください。")
    minutes = int(config.get("AUTH_LDAP_RECHECK_MINUTES") or 15)
    return SignIn(local_accounts=local, directory=settings, mapping=mapping, recheck_minutes=minutes)


def signin_of(app: Flask) -> SignIn:
    found = app.extensions.get(_KEY)
    if found is None:
        try:
            found = app.extensions[_KEY] = build(app.config)
        except PolicyError as e:
            raise RuntimeError(f"ログインの設定に誤りがあります: {e}") from None
    return found
