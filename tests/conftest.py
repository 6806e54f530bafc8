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


_DEMO: dict = {}


@pytest.fixture
def demo_output(app, runner) -> str:
    """The demo city loaded (as `assess demo` does) and its CLI output. `assess demo` takes ~20 s,
    so the first test runs it and keeps its rows and files; later tests get them back in well
    under a second. Tests of the command itself (tests/cli/test_setup.py) still run it."""
    from sqlalchemy import insert, select

    from assess.extensions import db

    evidence = Path(app.config["EVIDENCE_DIR"])
    with app.app_context():
        tables = db.metadata.sorted_tables
        if not _DEMO:
            result = runner.invoke(["demo"])
            assert result.exit_code == 0, result.output
            with db.engine.connect() as conn:
                _DEMO["rows"] = {t.name: [dict(r) for r in conn.execute(select(t)).mappings()] for t in tables}
            _DEMO["files"] = _TMP / "demo-evidence"
            shutil.rmtree(_DEMO["files"], ignore_errors=True)
            if evidence.exists():
                shutil.copytree(evidence, _DEMO["files"])
            _DEMO["output"] = result.output
            return _DEMO["output"]
        with db.engine.begin() as conn:
            postgres = conn.dialect.name == "postgresql"
            conn.exec_driver_sql("SET session_replication_role = replica" if postgres else "PRAGMA foreign_keys=OFF")
            for t in tables:
                if _DEMO["rows"][t.name]:
                    conn.execute(insert(t), _DEMO["rows"][t.name])
            if postgres:
                conn.exec_driver_sql("SET session_replication_role = DEFAULT")
                for t in tables:  # explicit ids were inserted: move each sequence past them
                    if "id" in t.c and t.c.id.autoincrement in (True, "auto") and _DEMO["rows"][t.name]:
                        conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{t.name}', 'id'), "
                                             f"(SELECT MAX(id) FROM {t.name}))")
        if not postgres:
            with db.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        if _DEMO["files"].exists():
            shutil.copytree(_DEMO["files"], evidence, dirs_exist_ok=True)
    return _DEMO["output"]
