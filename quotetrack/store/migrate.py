"""Bring a database's schema up to date with the migrations shipped in the package.

Commands that touch the database call :func:`ensure_current`. It reads the stored revision
with one query and compares it with :data:`HEAD`; only when the database is behind does it
import Alembic and upgrade, so the common case costs one SELECT. A database stamped with a
revision this version does not know was written by a newer quotetrack: it is refused,
never altered.

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
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"this database is at schema revision {revision}, written by a newer quotetrack; "
            "upgrade quotetrack to use it (it has not been changed)"
        )
    upgrade(engine, "head")
    return HEAD


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
