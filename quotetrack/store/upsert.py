"""INSERT … ON CONFLICT DO NOTHING on whichever backend the session uses, and SQL sent
to the driver as it is.

Rows that concurrent writers may both create (a speaker, an alias, a source) are
inserted this way and read back, so neither writer fails on the other's row.

Storing a document takes about twenty statements. Through SQLAlchemy each costs 0.05-0.2
ms of Python (a cache key, an execution context, every parameter and row processed),
more than SQLite itself spends on most of them; the ingest path therefore sends its
fixed statements to the driver's own connection (:func:`driver_execute`), inside the
session's transaction, with the column types' bind processors applied where SQLAlchemy
would apply them (dates, datetimes, booleans), so the stored values are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from itertools import chain
from operator import itemgetter

from sqlalchemy import Connection, Date, Table
from sqlalchemy.orm import Session


def connection_of(session: Session | Connection) -> Connection:
    """The session's connection (in its transaction), or the Connection given. Storing a
    document fetches it once and hands it on: each ``session.connection()`` goes through
    the session's state machine again (about 1 us, some 25 times a document)."""
    return session.connection() if isinstance(session, Session) else session


def insert_ignore(
    session: Session | Connection, table: Table, values: dict, conflict: list[str]
) -> int | None:
    """Insert ``values`` unless a row with the same ``conflict`` columns exists; the new
    row's id, or None when it already existed. (``INSERT … ON CONFLICT (…) DO NOTHING
    RETURNING id`` reads the same on SQLite and PostgreSQL.)"""
    conn = connection_of(session)
    columns = tuple(values)
    sql = _ignoring_sql(table, columns, tuple(conflict), placeholder(conn))
    row = bind_row(conn.dialect, table, columns, tuple(values.values()))
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute(sql, row)
    if "id" not in table.c:
        return None
    found = cursor.fetchone()
    return None if found is None else found[0]


@lru_cache(maxsize=64)
def _ignoring_sql(
    table: Table, columns: tuple[str, ...], conflict: tuple[str, ...], mark: str
) -> str:
    """The INSERT … ON CONFLICT DO NOTHING statement for these columns, built once."""
    target = ", ".join(f'"{c}"' for c in conflict)
    sql = _insert_sql(table.name, columns, mark, False) + f" ON CONFLICT ({target}) DO NOTHING"
    return sql + ' RETURNING "id"' if "id" in table.c else sql


def bind_row(dialect, table: Table, columns: tuple[str, ...], row: tuple) -> tuple:
    """``row`` as SQLAlchemy would send it to the driver: each value through its column
    type's bind processor (SQLite: dates and datetimes as text, booleans as 0/1)."""
    processors = _processors(dialect, table, columns)
    if not processors:
        return row
    values = list(row)
    for i, process in processors:
        if values[i] is not None:
            values[i] = process(values[i])
    return tuple(values)


@lru_cache(maxsize=128)
def _processors(dialect, table: Table, columns: tuple[str, ...]) -> tuple:
    """(position, processor) of the columns whose type converts values for this driver."""
    found = []
    for i, name in enumerate(columns):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            found.append((i, process))
    return tuple(found)


def driver_execute(session: Session | Connection, sql: str, params: tuple | list = ()):
    """Run ``sql`` (parameters marked ``?``) on the driver's connection, in the session's
    transaction; the driver's cursor, to fetch from. For statements whose values need no
    conversion (integers, text): the results are the driver's, unprocessed. Given a
    Connection that has begun nothing, the statement runs outside a transaction on
    SQLite (autocommit, see store/engine.py)."""
    conn = connection_of(session)
    cursor = conn.connection.driver_connection.cursor()
    cursor.execute(_marked(sql, placeholder(conn)), params)
    return cursor


def driver_executemany(session: Session | Connection, sql: str, rows: list[tuple]) -> None:
    """:func:`driver_execute` of one statement for each of ``rows``."""
    conn = connection_of(session)
    cursor = conn.connection.driver_connection.cursor()
    cursor.executemany(_marked(sql, placeholder(conn)), rows)


@lru_cache(maxsize=8)
def day_reader(dialect) -> Callable[[object], date]:
    """How a DATE column read through the driver becomes a date, as SQLAlchemy reads it
    (SQLite stores text; PostgreSQL's driver gives dates already)."""
    process = Date().dialect_impl(dialect).result_processor(dialect, None)
    return process if process is not None else _same


def _same(value):
    return value


@lru_cache(maxsize=256)
def _marked(sql: str, mark: str) -> str:
    return sql if mark == "?" else sql.replace("?", mark)


@lru_cache(maxsize=64)
def in_list(count: int) -> str:
    """``?, ?, …``: the marks of an IN list of ``count`` values."""
    return ", ".join("?" * count)


def insert_many(
    session: Session | Connection, table: Table, rows: list, columns: tuple[str, ...] | None = None
) -> list[int]:
    """Insert ``rows`` (dicts with the same keys, or tuples of ``columns``) in one
    executemany; their new ids, in the order of ``rows``.

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
    conn = connection_of(session)
    if conn.dialect.name == "sqlite":
        driver = conn.connection.driver_connection
        first = (driver.execute(f'SELECT max("id") FROM "{table.name}"').fetchone()[0] or 0) + 1
        ids = list(range(first, first + len(rows)))
        if columns is None:
            columns = tuple(rows[0])
            pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
        else:
            pick = tuple
        columns = ("id", *columns)
        processors = _processors(conn.dialect, table, columns)  # looked up once, not per row
        params = []
        for i, row in zip(ids, rows, strict=True):
            values = [i, *pick(row)]
            for at, process in processors:
                if values[at] is not None:
                    values[at] = process(values[at])
            params.append(values)
        driver.executemany(_insert_sql(table.name, columns, "?", False), params)
        return ids
    if columns is not None:
        rows = [dict(zip(columns, row, strict=True)) for row in rows]
    stmt = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    return list(conn.execute(stmt, rows).scalars())


def insert_rows(
    session: Session | Connection,
    table: Table,
    columns: tuple[str, ...],
    rows: list[tuple],
    ignore=False,
) -> None:
    """Insert plain rows (integers, floats, text: values every driver passes as they are)
    through the driver, skipping SQLAlchemy's per-row parameter processing: the bulk rows
    of a document (index keys, links) are most of its rows. SQLite: a few multi-row
    INSERTs (:func:`_insert_chunks`). PostgreSQL: one statement whose columns are arrays
    (``unnest``), since psycopg's executemany sends and processes every row as a statement
    of its own, which cost more client CPU than all the rest of storing. ``ignore``: a row
    that conflicts with one already there is skipped."""
    if not rows:
        return
    conn = connection_of(session)
    cursor = conn.connection.driver_connection.cursor()
    if conn.dialect.name == "postgresql":
        sql = _unnest_sql(table, columns, ignore)
        cursor.execute(sql, tuple(list(column) for column in zip(*rows, strict=True)))
        return
    _insert_chunks(cursor, table.name, columns, rows, ignore)


#: Rows per INSERT at most on SQLite.
ROWS_PER_INSERT = 256
#: Parameters per statement at most: SQLite's limit before 3.32 (999; 32,766 since), which
#: a Python built against an older system SQLite still has.
SQLITE_PARAMETERS = 999


def _insert_chunks(cursor, table: str, columns: tuple[str, ...], rows: list, ignore: bool) -> None:
    """Insert ``rows`` in order, in INSERTs of many rows each (the same rows and rowids as
    one INSERT per row, and the same rows skipped with ``ignore``).

    An executemany runs the one-row statement again for every row: SQLite begins it,
    opens its table and index cursors and seeks from the root each time (a document's
    ~240 statement keys, 35 topic links, ...). A multi-row INSERT does that once. The
    batch is cut into powers of two (236 rows: 128 + 64 + 32 + 8 + 4), so that each
    table has at most nine statement texts, each parsed once and then taken from the
    connection's statement cache, and a batch takes at most nine statements. A statement
    holds at most :data:`SQLITE_PARAMETERS` values (a 6-column row: 128 rows)."""
    most = min(ROWS_PER_INSERT, 1 << ((SQLITE_PARAMETERS // len(columns)).bit_length() - 1))
    at = 0
    while at < len(rows):
        size = min(most, 1 << ((len(rows) - at).bit_length() - 1))
        params = list(chain.from_iterable(rows[at : at + size]))
        cursor.execute(_values_sql(table, columns, size, ignore), params)
        at += size


@lru_cache(maxsize=128)
def _values_sql(table: str, columns: tuple[str, ...], rows: int, ignore: bool) -> str:
    """``INSERT INTO table (columns) VALUES (?, …), (?, …), …`` for ``rows`` rows."""
    one = "(" + ", ".join("?" * len(columns)) + ")"
    names = ", ".join(f'"{c}"' for c in columns)
    return (
        f'INSERT INTO "{table}" ({names}) VALUES '
        + ", ".join([one] * rows)
        + (" ON CONFLICT DO NOTHING" if ignore else "")
    )


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
