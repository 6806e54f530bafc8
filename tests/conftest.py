"""Shared fixtures: one migrated database per test run (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set), emptied after every test; an app, a client, a CLI runner, staff
factories and a login helper."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from assess.util import clock
from tests.helpers import PASSWORD, post
from tests.ldap_server import make_directory_app, slapd  # noqa: F401 (fixtures: a real slapd, apps using it)

ROOT = Path(__file__).resolve().parent.parent
_TMP = Path(tempfile.mkdtemp(prefix="assess-test-"))
os.environ["ASSESS_INSTANCE"] = str(_TMP / "instance")  # never the developer's instance/


def _database_url() -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"


def _reset_postgres(url: str) -> None:
    from sqlalchemy import create_engine

    from assess.db import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def app():
    from flask_migrate import upgrade

    from assess import create_app

    url = _database_url()
    if url.startswith("postgres"):
        _reset_postgres(url)
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret-key",
        "CATALOG_DIR": str(ROOT / "controls"),
    })
    with app.app_context():
        upgrade()
    yield app
    from assess.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()  # close pooled connections before the interpreter does


@pytest.fixture(autouse=True)
def _clean_database(request):
    yield
    clock.set_fixed(None)
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    from assess.extensions import db

    for folder in ("EVIDENCE_DIR", "OUTBOX_DIR"):  # files belong to the test that made them
        shutil.rmtree(app.config[folder], ignore_errors=True)

    with app.app_context():
        db.session.remove()
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            else:  # invitation ↔ review_round refer to each other: no order deletes both
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                for name in tables:
                    conn.execute(text(f"DELETE FROM {name}"))
                conn.commit()
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    from assess.cli import main

    cli_runner = app.test_cli_runner()

    class Runner:
        def invoke(self, args, **kwargs):
            return cli_runner.invoke(main, args, **kwargs)

    return Runner()


@pytest.fixture
def make_user(app):
    """make_user(role="staff", department="shiminzei") → the user's e-mail (password PASSWORD)."""
    from assess.audit.services import Actor
    from assess.auth import services
    from assess.extensions import db

    counter = iter(range(1, 10_000))

    def make(role="staff", department="shiminzei", email=None):
        with app.app_context():
            dept = services.ensure_department(db.session, department, department) if department else None
            email = email or f"{role}{next(counter)}@city.test.example.jp"
            services.create_user(db.session, email=email, name=f"{role} 職員", role=role,
                                 password=PASSWORD, department=dept, actor=Actor.cli("test"))
            db.session.commit()
        return email

    return make


@pytest.fixture
def login(client):
    def do(email, password=PASSWORD):
        return post(client, "/login", {"email": email, "password": password})

    return do
