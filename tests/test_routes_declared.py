"""Default deny: every route declares who may reach it, and undeclared ones are refused."""

from flask import Blueprint

from assess.auth.access import ROLES, access_of
from tests.helpers import post


def test_every_route_declares_its_access(app):
    missing = [rule.rule for rule in app.url_map.iter_rules()
               if access_of(app, rule.endpoint) is None]
    assert missing == [], f"routes without an access declaration: {missing}"


def test_staff_routes_name_known_roles(app):
    for rule in app.url_map.iter_rules():
        access = access_of(app, rule.endpoint)
        if access.kind == "staff":
            assert set(access.roles) <= set(ROLES), rule.rule


def test_an_undeclared_route_is_refused_even_to_anonymous_visitors():
    from assess import create_app

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "SECRET_KEY": "x"})
    bp = Blueprint("forgotten", __name__)
    bp.add_url_rule("/forgotten", "page", lambda: "secret")
    app.register_blueprint(bp)
    response = app.test_client().get("/forgotten")
    assert response.status_code == 403
    assert "secret" not in response.get_data(as_text=True)


def test_staff_pages_send_anonymous_visitors_to_login(client):
    response = client.get("/catalog/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/catalog/")


def test_audit_log_is_for_auditors_and_admins_only(client, make_user, login):
    login(make_user("staff"))
    assert client.get("/audit/").status_code == 403
    post(client, "/logout")
    login(make_user("auditor", department=None))
    assert client.get("/audit/").status_code == 200
