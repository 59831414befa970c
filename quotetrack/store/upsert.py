"""INSERT … ON CONFLICT DO NOTHING on whichever backend the session uses.

Rows that concurrent writers may both create (a speaker, an alias, a source) are
inserted this way and read back, so neither writer fails on the other's row.
"""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.orm import Session


def insert_ignore(session: Session, table: Table, values: dict, conflict: list[str]) -> int | None:
    """Insert ``values`` unless a row with the same ``conflict`` columns exists; the new
    row's id, or None when it already existed."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict)
    if "id" not in table.c:
        session.execute(stmt)
        return None
    return session.execute(stmt.returning(table.c.id)).scalar()
