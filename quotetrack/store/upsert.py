"""INSERT … ON CONFLICT DO NOTHING on whichever backend the session uses.

Rows that concurrent writers may both create (a speaker, an alias, a source) are
inserted this way and read back, so neither writer fails on the other's row.
"""

from __future__ import annotations

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session


def insert_ignore(session: Session, table: Table, values: dict, conflict: list[str]) -> int | None:
    """Insert ``values`` unless a row with the same ``conflict`` columns exists; the new
    row's id, or None when it already existed."""
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict)
    if "id" not in table.c:
        conn.execute(stmt)
        return None
    return conn.execute(stmt.returning(table.c.id)).scalar()


def insert_many(session: Session, table: Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` in one executemany; their new ids, in the order of ``rows``.

    SQLAlchemy cannot promise the order of ids that SQLite's RETURNING gives for a
    multi-row insert, so with ``sort_by_parameter_order`` it inserts one row per
    statement there. On SQLite the ids are therefore given here, the next ones after the
    table's largest: what SQLite itself would choose, and safe since the transaction
    holds the only write lock from its first write (a stale read of the largest id makes
    the insert fail with "database is locked", never collide). PostgreSQL draws them from
    the sequence with ``RETURNING`` in parameter order, in one statement per batch.
    """
    if not rows:
        return []
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        first = (conn.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        conn.execute(table.insert(), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(stmt, rows).scalars())
