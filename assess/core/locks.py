"""Row locks for check-then-change work that two requests may do at once (two browsers saving
one questionnaire, two staff starting one round). Lock first, then read the state and decide:
the second request waits for the first to commit and then sees what it did.

PostgreSQL: SELECT … FOR UPDATE on the row. SQLite has no row locks: an UPDATE that changes
nothing takes the database's write lock at once (WAL lets readers go on), which serialises the
writers the same way. Either way the row comes back re-read, with its collections reloaded.
"""

from sqlalchemy import select, text, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

LOCK_WAIT_SECONDS = 10  # PostgreSQL; SQLite waits busy_timeout (assess/db.py)


class Busy(Exception):
    """Another request held the row longer than we wait: answered 409, nothing was changed."""


def lock_row(session: Session, model, row_id: int):
    """The row of `model` with id `row_id`, locked until the transaction ends (None if gone)."""
    try:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT_SECONDS}s'"))
            query = select(model).where(model.id == row_id).with_for_update()
        else:
            table = model.__table__
            session.execute(update(table).where(table.c.id == row_id).values(id=table.c.id))
            query = select(model).where(model.id == row_id)
        return session.scalar(query.execution_options(populate_existing=True))
    except OperationalError as e:  # lock_timeout (PostgreSQL) or "database is locked" (SQLite)
        session.rollback()
        raise Busy(str(e.orig)) from None
