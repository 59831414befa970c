"""Rows inserted through the driver (store/upsert.py) are the rows one INSERT per row
would store."""

from __future__ import annotations

import random
import sqlite3

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

from quotetrack.store.upsert import ROWS_PER_INSERT, insert_rows

_META = MetaData()
# A table with rowids given in insertion order, and one that is its primary key alone.
_DATES = Table(
    "dates",
    _META,
    Column("id", Integer, primary_key=True),
    Column("owner", Integer),
    Column("text", String(20)),
)
_KEYS = Table(
    "keys",
    _META,
    Column("key", Integer, primary_key=True),
    Column("owner", Integer, primary_key=True),
    sqlite_with_rowid=False,
)
_COLUMNS = {"dates": ("owner", "text"), "keys": ("key", "owner")}


def _reference(rows_by_batch: list[tuple[str, list[tuple], bool]]) -> dict:
    """The same batches, one INSERT per row (what the driver's executemany does)."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE dates (id INTEGER PRIMARY KEY, owner INTEGER, text VARCHAR(20))")
    con.execute(
        "CREATE TABLE keys (key INTEGER, owner INTEGER, PRIMARY KEY (key, owner)) WITHOUT ROWID"
    )
    for name, rows, ignore in rows_by_batch:
        names = ", ".join(_COLUMNS[name])
        conflict = " ON CONFLICT DO NOTHING" if ignore else ""
        con.executemany(f"INSERT INTO {name} ({names}) VALUES (?, ?){conflict}", rows)
    return {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in _COLUMNS}


def _batches(rnd: random.Random) -> list[tuple[str, list[tuple], bool]]:
    sizes = [0, 1, 2, 3, 255, ROWS_PER_INSERT, ROWS_PER_INSERT + 1, 700] + [
        rnd.randrange(1, 600) for _ in range(12)
    ]
    batches = []
    for size in sizes:
        batches.append(
            ("dates", [(rnd.randrange(50), f"d{rnd.randrange(9)}") for _ in range(size)], False)
        )
        # keys drawn from a small range: repeats within a batch and across batches
        batches.append(
            (
                "keys",
                [
                    (
                        rnd.randrange(-(2**62), 2**62) if rnd.random() < 0.5 else rnd.randrange(40),
                        rnd.randrange(3),
                    )
                    for _ in range(size)
                ],
                True,
            )
        )
    return batches


def test_multi_row_inserts_store_what_one_insert_per_row_stores(tmp_path):
    rnd = random.Random(6)
    batches = _batches(rnd)
    engine = create_engine(f"sqlite:///{tmp_path}/rows.db")
    _META.create_all(engine)
    with engine.begin() as conn:
        for name, rows, ignore in batches:
            insert_rows(conn, _META.tables[name], _COLUMNS[name], rows, ignore=ignore)
    con = sqlite3.connect(tmp_path / "rows.db")
    stored = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in _COLUMNS}
    con.close()
    engine.dispose()
    assert stored == _reference(batches)
    assert len(stored["dates"]) == sum(len(rows) for name, rows, _ in batches if name == "dates")


def test_wide_rows_fit_the_parameter_limit_of_an_older_sqlite(tmp_path):
    """SQLite before 3.32 takes at most 999 values a statement: 700 six-column rows (a
    document's dates are six columns) must go in statements that stay under it."""
    from sqlalchemy import event

    wide = Table(
        "wide",
        MetaData(),
        Column("id", Integer, primary_key=True),
        *(Column(f"c{i}", Integer) for i in range(6)),
    )
    engine = create_engine(f"sqlite:///{tmp_path}/wide.db")

    @event.listens_for(engine, "connect")
    def _old_limit(dbapi_conn, _record) -> None:
        dbapi_conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)

    wide.metadata.create_all(engine)
    rows = [tuple(range(n, n + 6)) for n in range(700)]
    with engine.begin() as conn:
        insert_rows(conn, wide, tuple(f"c{i}" for i in range(6)), rows)
    con = sqlite3.connect(tmp_path / "wide.db")
    assert con.execute("SELECT c0, c1, c2, c3, c4, c5 FROM wide ORDER BY id").fetchall() == rows
