"""The assess application: `create_app` builds a configured Flask app."""

from pathlib import Path

from flask import Flask

from assess import config as cfg
from assess.db import normalise_url
from assess.extensions import babel, csrf, db, login_manager, migrate

MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(config: dict | None = None) -> Flask:
    from assess.core import logmask

    logmask.install()  # vendor and calendar tokens never reach a log line
    instance = cfg.instance_path()
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.config.from_mapping(cfg.defaults(instance))
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(cfg.from_environment())
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = cfg.development_secret(instance)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if (app.config.get("BASE_URL") or "").startswith("https://") and "SESSION_COOKIE_SECURE" not in cfg.from_environment():
        app.config["SESSION_COOKIE_SECURE"] = True  # served over HTTPS: the cookie never travels in clear
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX"], x_proto=app.config["PROXY_FIX"])
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        app.config["MAX_CONTENT_LENGTH"] = 5 * app.config["EVIDENCE_MAX_BYTES"] + 1024 * 1024
    app.jinja_env.globals["max_upload_bytes"] = app.config["EVIDENCE_MAX_BYTES"]
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config.get("AUDIT_KEY"):
        from assess.audit.keys import load_or_create

        app.config["AUDIT_KEY"] = load_or_create(Path(app.config["AUDIT_KEY_FILE"]))

    _init_extensions(app)
    _register_blueprints(app)

    from assess.auth import access
    from assess.core import errors, guard, i18n, proxycheck, templating, web

    errors.register(app)
    guard.register(app)
    proxycheck.register(app)
    web.register(app)
    i18n.register(app)
    templating.register(app)
    access.register(app)
    return app


def _init_extensions(app: Flask) -> None:
    from assess import models  # noqa: F401  (all tables known before the first query)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    from assess.core.i18n import select_locale

    babel.init_app(app, locale_selector=select_locale)


def _register_blueprints(app: Flask) -> None:
    from assess.audit.views import bp as audit_bp
    from assess.auth.admin_views import bp as staff_admin_bp
    from assess.auth.views import bp as auth_bp
    from assess.catalog.views import bp as catalog_bp
    from assess.core.views import bp as core_bp
    from assess.documents.views import bp as documents_bp
    from assess.evidence.views import bp as evidence_bp
    from assess.exchange.views import bp as exchange_bp
    from assess.projects.views import bp as projects_bp
    from assess.questionnaires.staff_views import bp as questionnaires_bp
    from assess.questionnaires.vendor_views import bp as vendor_bp
    from assess.reviews.views import bp as reviews_bp
    from assess.schedule.views import bp as schedule_bp
    from assess.vendors.views import bp as vendors_bp

    for bp in (core_bp, auth_bp, staff_admin_bp, audit_bp, catalog_bp, projects_bp, vendors_bp,
               questionnaires_bp, vendor_bp, evidence_bp, reviews_bp, documents_bp, schedule_bp, exchange_bp):
        app.register_blueprint(bp)
