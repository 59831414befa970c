"""Engines and sessions for SQLite and PostgreSQL.

SQLite gets WAL mode, foreign keys and a generous busy timeout so that several ingest
processes can share one file without "database is locked" reaching the user.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from quotetrack.config import redact
from quotetrack.errors import ConfigError

SQLITE_BUSY_MS = 30_000
CACHE_KB = 32 * 1024  # page cache per connection (SQLite's default: 2 MB)
CHECKPOINT_PAGES = 10_000  # WAL pages between checkpoints, 40 MB (default: 1,000)
# Prepared statements kept per connection (the driver's default: 128). Storing a document
# sends lookups whose IN lists have as many marks as it has keys, topics or speakers, and
# its bulk rows in INSERTs of 1 to 256 rows (store/upsert.py): each length is a statement
# text of its own: with 128 the cache lost them before they came round again, and SQLite
# parsed about 8 statements a document again (some 80,000 instructions each).
STATEMENT_CACHE = 256


def make_engine(url: str) -> Engine:
    """An engine for ``url``, tuned for its backend; the SQLite file's folder is created."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise ConfigError(f"cannot read database URL {redact(url)!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise ConfigError(
            f"the driver for {parsed.get_backend_name()} is not installed "
            "(pip install 'quotetrack[postgres]')"
        ) from exc


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_MS / 1000, "cached_statements": STATEMENT_CACHE},
    )
    # The dialect's driver module (sqlite3), imported by SQLAlchemy for SQLite engines
    # only: a PostgreSQL process never loads it.
    driver = engine.dialect.dbapi

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        if database and database != ":memory:":
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            # An ingest rewrites the same index pages document after document: with the
            # default 2 MB cache it read a third of them back from the file, and every
            # 1,000 WAL pages a checkpoint copied and synced them (PolNeAR train: 56,000
            # reads and 296 syncs; now 12,500 and 38). Both cost system time in the
            # process that stores, the busiest of an ``ingest --jobs`` run.
            cur.execute(f"PRAGMA cache_size=-{CACHE_KB}")
            cur.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Writers take the write lock when they begin, so two writers wait for each
        # other (busy timeout) instead of failing when a read lock cannot be upgraded.
        immediate = conn.get_execution_options().get("sqlite_immediate", False)
        sql = "BEGIN IMMEDIATE" if immediate else "BEGIN"
        # Sent to the driver as it is: through exec_driver_sql it went through SQLAlchemy's
        # execution context and cursor handling, about 95,000 instructions a transaction
        # (one per document stored). A failure (the busy timeout spent) is raised as
        # SQLAlchemy raises it (OperationalError), for the callers that retry or report.
        try:
            conn.connection.driver_connection.execute(sql)
        except driver.Error as exc:
            raise DBAPIError.instance(sql, (), exc, driver.Error) from exc

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, but its transactions take SQLite's write lock when they begin."""
    return engine.execution_options(sqlite_immediate=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
