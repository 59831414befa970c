"""The full-text index of attributions, filled by whoever inserts them (SQLite).

SQLite's FTS5 table ``attributions_fts`` indexes ``attributions.text`` as external
content. It is filled here, once per batch of new rows, not by a per-row trigger: in
SQLite 3.40 the index flushes its pending terms at every statement savepoint, and a
trigger made that one segment per attribution (migration 0011). PostgreSQL indexes a
generated ``tsvector`` column by itself, so there is nothing to do there.
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from quotetrack.store.upsert import connection_of, driver_execute

_INDEX_RANGE = (
    'INSERT INTO "attributions_fts" ("rowid", "text") '
    'SELECT "id", "text" FROM "attributions" WHERE "id" BETWEEN ? AND ?'
)


def index_attributions(session: Session | Connection, first_id: int, last_id: int) -> None:
    """Add the attributions with ids ``first_id`` to ``last_id`` (just inserted, none of
    them indexed yet) to the full-text index, in one statement."""
    conn = connection_of(session)
    if conn.dialect.name == "sqlite":
        driver_execute(conn, _INDEX_RANGE, (first_id, last_id))
