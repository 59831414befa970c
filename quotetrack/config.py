"""Where the database is: ``--db``, then ``QUOTETRACK_DB``, then a SQLite file in the
user's data directory.

A bare path means SQLite; a URL is used as SQLAlchemy reads it, except that plain
``postgresql://`` and ``postgres://`` URLs are pointed at the psycopg 3 driver, the one
quotetrack installs, instead of SQLAlchemy's psycopg2 default.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from quotetrack.errors import ConfigError

ENV_DB = "QUOTETRACK_DB"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_PASSWORD = re.compile(r"(://[^:/@]*:)([^@]*)(@)")


def default_db_path() -> Path:
    """The SQLite file used when nothing else is configured."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("quotetrack", appauthor=False)) / "quotetrack.db"


def resolve_db_url(db: str | None = None) -> str:
    """Turn the user's ``--db`` value (or the environment, or the default) into a URL."""
    value = (db or os.environ.get(ENV_DB) or "").strip()
    if not value:
        return sqlite_url(default_db_path())
    if not _SCHEME.match(value):
        return sqlite_url(Path(value).expanduser())
    scheme = value.split("://", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if scheme.startswith("sqlite") or scheme.startswith("postgresql+"):
        return value
    raise ConfigError(
        f"unsupported database URL scheme {scheme!r}: use a file path, sqlite:///PATH "
        "or postgresql://USER@HOST/DB"
    )


def sqlite_url(path: Path) -> str:
    """A SQLite URL for a file path, made absolute so the working directory does not matter."""
    return "sqlite:///" + str(path.resolve())


def redact(url: str) -> str:
    """The URL with any password replaced, safe to print or log."""
    return _PASSWORD.sub(r"\1***\3", url)
