"""Helpers the tests import (fixtures live in conftest.py)."""

import re

PASSWORD = "correct-horse-battery-9"


def csrf_token(client) -> str:
    """The token every page carries (in the language switch form)."""
    html = client.get("/login", follow_redirects=True).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def post(client, url, data=None, **kwargs):
    """A form POST the way a browser sends it: with the CSRF token."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf_token(client)}, **kwargs)


def scratch_database(tmp_path, name: str):
    """A database of its own for a test that runs servers or migrations outside the shared one:
    a SQLite file, or `<test db>_<name>` on the PostgreSQL server of TEST_DATABASE_URL (dropped
    after). A generator for a fixture to `yield from`."""
    import os

    from sqlalchemy import create_engine, text

    from assess.db import normalise_url

    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    engine = create_engine(normalise_url(base), isolation_level="AUTOCOMMIT")
    scratch = f"{engine.url.database}_{name}"
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield engine.url.set(database=scratch).render_as_string(hide_password=False)
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    engine.dispose()
