"""INSERT … ON CONFLICT DO NOTHING on whichever backend the session uses.

Rows that concurrent writers may both create (a speaker, an alias, a source) are
inserted this way and read back, so neither writer fails on the other's row.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session


def insert_ignore(session: Session, table: Table, values: dict, conflict: list[str]) -> int | None:
    """Insert ``values`` unless a row with the same ``conflict`` columns exists; the new
    row's id, or None when it already existed."""
    conn = session.connection()
    stmt = _ignoring(conn.dialect.name, table, tuple(conflict))
    if "id" not in table.c:
        conn.execute(stmt, values)
        return None
    return conn.execute(stmt, values).scalar()


@lru_cache(maxsize=64)
def _ignoring(dialect: str, table: Table, conflict: tuple[str, ...]):
    """The INSERT … ON CONFLICT DO NOTHING statement, built once: the values are passed as
    parameters (a statement built with ``.values()`` per row costs more than the insert)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).on_conflict_do_nothing(index_elements=list(conflict))
    return stmt.returning(table.c.id) if "id" in table.c else stmt


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


def insert_rows(
    session: Session, table: Table, columns: tuple[str, ...], rows: list[tuple], ignore=False
) -> None:
    """Insert plain rows (integers, floats, text: values every driver passes as they are)
    through the driver, skipping SQLAlchemy's per-row parameter processing: the bulk rows
    of a document (index keys, links) are most of its rows. SQLite: one executemany (a
    loop in C). PostgreSQL: one statement whose columns are arrays (``unnest``), since
    psycopg's executemany sends and processes every row as a statement of its own, which
    cost more client CPU than all the rest of storing. ``ignore``: a row that conflicts
    with one already there is skipped."""
    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        sql = _unnest_sql(table, columns, ignore)
        conn.exec_driver_sql(sql, tuple(list(column) for column in zip(*rows, strict=True)))
        return
    sql = _insert_sql(table.name, columns, placeholder(conn), ignore)
    conn.exec_driver_sql(sql, rows)


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], mark: str, ignore: bool) -> str:
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join(mark for _ in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({marks})' + (
        " ON CONFLICT DO NOTHING" if ignore else ""
    )


def placeholder(conn) -> str:
    """The driver's parameter mark, for SQL sent to it as it is: ``?`` (sqlite3) or ``%s``."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


@lru_cache(maxsize=64)
def _unnest_sql(table: Table, columns: tuple[str, ...], ignore: bool) -> str:
    """``INSERT … SELECT * FROM unnest(%s::type[], …)``: every row in one statement, each
    column one array parameter cast to the column's type."""
    from sqlalchemy.dialects import postgresql

    dialect = postgresql.dialect()
    names = ", ".join(f'"{c}"' for c in columns)
    arrays = ", ".join(f"%s::{table.c[c].type.compile(dialect)}[]" for c in columns)
    return f'INSERT INTO "{table.name}" ({names}) SELECT * FROM unnest({arrays})' + (
        " ON CONFLICT DO NOTHING" if ignore else ""
    )
