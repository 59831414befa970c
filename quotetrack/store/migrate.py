"""Bring a database's schema up to date with the migrations shipped in the package.

Commands that touch the database call :func:`ensure_current`. It reads the stored revision
with one query and compares it with :data:`HEAD`; only when the database is behind does it
import Alembic and upgrade, so the common case costs one SELECT. A database stamped with a
revision this version does not know was written by a newer quotetrack: it is refused,
never altered.

A new SQLite database is created at :data:`HEAD` in one go, from the schema the
migrations build (``sqlite_head.sql`` beside this module, checked against them by a test):
running the thirteen migrations imported Alembic and took about 0.17 s of every first
``ingest`` into a new file, before anything was read. PostgreSQL databases, and SQLite
databases that exist already, go through the migrations as before.

Importing this module is cheap (no SQLAlchemy, no Alembic until a function needs them), so
the lean read path (:mod:`quotetrack.query.lean`) can compare a revision with :data:`HEAD`.
"""

from __future__ import annotations

from quotetrack.config import redact
from quotetrack.errors import DatabaseError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms)
if TYPE_CHECKING:  # nor pathlib: 5% of a lean listing's start-up
    from pathlib import Path

    from sqlalchemy import Engine

#: The newest migration's revision. A test checks it equals the scripts' head.
HEAD = "0013"


def migrations_dir() -> Path:
    """The Alembic script folder: inside the installed wheel, or beside the source tree."""
    from importlib import resources
    from pathlib import Path

    shipped = resources.files("quotetrack") / "_migrations"
    if shipped.is_dir():
        return Path(str(shipped))
    return Path(__file__).resolve().parents[2] / "alembic"


def alembic_config(engine: Engine | None = None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        url = engine.url.render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # configparser syntax
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database, or None for a database with no schema yet."""
    from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError

    try:
        return _stored_revision(engine)
    except (OperationalError, ProgrammingError) as exc:
        present = _has_version_table(engine)
        if present is False:
            return None
        if present is None:  # the database cannot be read at all
            raise _cannot_open(engine, exc) from exc
    except SQLAlchemyError as exc:
        raise _cannot_open(engine, exc) from exc
    # The table is there after all: a process started at the same moment (parallel
    # ingests on a new database) created the schema between the two looks. Read again.
    try:
        return _stored_revision(engine)
    except SQLAlchemyError as exc:
        raise _cannot_open(engine, exc) from exc


def _stored_revision(engine: Engine) -> str | None:
    from sqlalchemy import text

    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _cannot_open(engine: Engine, exc: Exception) -> DatabaseError:
    return DatabaseError(f"cannot open database {redact(str(engine.url))}: {_first_line(exc)}")


def ensure_current(engine: Engine) -> str:
    """Upgrade the schema when it is behind; return the revision it is at."""
    revision = current_revision(engine)
    if revision == HEAD:
        return revision
    if revision is None and engine.dialect.name == "sqlite" and _created_at_head(engine):
        return HEAD
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"this database is at schema revision {revision}, written by a newer quotetrack; "
            "upgrade quotetrack to use it (it has not been changed)"
        )
    upgrade(engine, "head")
    return HEAD


#: The SQLite schema at HEAD, as the migrations leave a new database (see sqlite_script).
SQLITE_HEAD = "sqlite_head.sql"
_REVISION_LINE = "-- revision: "


def _created_at_head(engine: Engine) -> bool:
    """Create the schema of a new SQLite database at HEAD from :data:`SQLITE_HEAD`, in one
    transaction that holds the write lock; False (nothing done) when the file is not for
    HEAD, or when another process created the schema first (the migrations then take
    over, as for any database that is behind)."""
    import sqlite3

    from sqlalchemy.exc import SQLAlchemyError

    from quotetrack.store.engine import writer

    statements = _head_statements()
    if statements is None:
        return False
    try:
        with writer(engine).begin() as conn:
            cursor = conn.connection.driver_connection.cursor()
            if cursor.execute(_HAS_VERSION_TABLE).fetchone() is not None:
                return False
            _create(cursor, statements)
    except (SQLAlchemyError, sqlite3.Error) as exc:  # the statements go to the driver
        raise DatabaseError(f"cannot create {redact(str(engine.url))}: {_first_line(exc)}") from exc
    return True


def _create(cursor, statements: list[str]) -> None:
    """Run the schema's statements, in the transaction that holds the write lock."""
    for statement in statements:
        cursor.execute(statement)


_HAS_VERSION_TABLE = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"


def _head_statements() -> list[str] | None:
    """The statements of :data:`SQLITE_HEAD`, or None when it was written for another
    revision than HEAD."""
    import sqlite3
    from importlib import resources

    lines = resources.files("quotetrack.store").joinpath(SQLITE_HEAD).read_text("utf-8")
    statements: list[str] = []
    pending = ""
    revision = None
    for line in lines.splitlines(keepends=True):
        if line.startswith("--"):
            if line.startswith(_REVISION_LINE):
                revision = line[len(_REVISION_LINE) :].strip()
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements if revision == HEAD else None


def sqlite_script(engine: Engine) -> str:
    """The text of :data:`SQLITE_HEAD` for a SQLite database the migrations have brought
    to HEAD: its schema's statements in the order they stand in ``sqlite_master`` (the
    tables a full-text table makes for itself left out: creating it makes them), the
    full-text indexes rebuilt as migration 0003 did, and the revision stamped. A test
    checks that the shipped file is this; after a new migration, write it again with
    ``write_sqlite_script()``."""
    from sqlalchemy import text

    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid")
        ).all()
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    virtual = [name for _, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    out = [
        "-- The schema of a new SQLite database, as the migrations build it: made by",
        "-- quotetrack.store.migrate.sqlite_script, do not edit by hand.",
        f"{_REVISION_LINE}{revision}",
    ]
    for kind, name, sql in rows:
        if kind == "table" and any(name.startswith(f"{v}_") for v in virtual):
            continue
        out.append(f"{sql};")
    for name in virtual:
        out.append(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\');')
    out.append(f"INSERT INTO alembic_version (version_num) VALUES ('{revision}');")
    return "\n".join(out) + "\n"


def write_sqlite_script() -> None:
    """Migrate a new SQLite database to HEAD and write :data:`SQLITE_HEAD` from it."""
    import tempfile
    from pathlib import Path

    from quotetrack.store.engine import make_engine

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/head.db")
        upgrade(engine, "head")
        script = sqlite_script(engine)
        engine.dispose()
    Path(__file__).with_name(SQLITE_HEAD).write_text(script, encoding="utf-8")


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    _run(engine, command.upgrade, target)


def downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    _run(engine, command.downgrade, target)


def _run(engine: Engine, action, target: str) -> None:
    """Run an Alembic command in one transaction that holds the migration lock.

    Processes started together on a new database (cron jobs, parallel ingests) all find
    it behind and all migrate: the lock makes them take turns, and Alembic, reading the
    revision inside the transaction, finds nothing left to do for all but the first.
    SQLite: the write lock, taken when the transaction begins (waiting up to the busy
    timeout). PostgreSQL: an advisory lock for the schema, released at commit.
    """
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    from quotetrack.store.engine import writer

    config = alembic_config(engine)
    try:
        with writer(engine).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:key || current_schema()))"),
                    {"key": "quotetrack migrations "},
                )
            config.attributes["connection"] = conn
            action(config, target)
    except SQLAlchemyError as exc:
        raise DatabaseError(
            f"cannot migrate {redact(str(engine.url))}: {_first_line(exc)}"
        ) from exc


def _has_version_table(engine: Engine) -> bool | None:
    """Whether the database holds Alembic's version table; None when it cannot be read."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return inspect(engine).has_table("alembic_version")
    except SQLAlchemyError:
        return None


def _first_line(exc: Exception) -> str:
    message = str(getattr(exc, "orig", None) or exc)
    return message.strip().splitlines()[0] if message.strip() else type(exc).__name__
