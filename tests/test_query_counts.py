"""Pages run a constant number of SQL queries whatever the number of requirements."""

from contextlib import contextmanager
from datetime import date

from sqlalchemy import event

from assess.extensions import db
from tests import factories

ROOT_CONTROLS = factories.FIXTURE.parent.parent.parent / "controls"


@contextmanager
def counted(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _vendor_page_queries(app, folder, profile):
    with app.app_context():
        project = factories.project(name=f"案件{folder.name}", folder=folder, profile=profile,
                                    deadline=date(2027, 1, 29))
        invited = factories.invite(project)
        db.session.commit()
    client = app.test_client()
    client.get(f"/q/{invited.token}")  # warm caches
    with counted(app) as statements:
        assert client.get(f"/q/{invited.token}").status_code == 200
    return len(statements)


def test_vendor_page_queries_do_not_grow_with_the_questionnaire(app):
    small = _vendor_page_queries(app, factories.FIXTURE, dict(factories.PERSONAL))
    big_profile = dict(factories.PERSONAL, data=["my_number", "personal", "sensitive"],
                       location=["vendor_site", "cloud"], cloud=True, subcontract=True)
    big = _vendor_page_queries(app, ROOT_CONTROLS, big_profile)
    assert big == small
