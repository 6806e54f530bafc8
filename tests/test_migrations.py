"""Migrations are the only schema path: after `upgrade head` the database equals the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from assess.extensions import db


def test_migrated_schema_matches_the_models(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
