"""Where the database is: ``--db``, then ``QUOTETRACK_DB``, then a SQLite file in the
user's data directory.

A bare path means SQLite; a URL is used as SQLAlchemy reads it, except that plain
``postgresql://`` and ``postgres://`` URLs are pointed at the psycopg 3 driver, the one
quotetrack installs, instead of SQLAlchemy's psycopg2 default.
"""

from __future__ import annotations

import os
import re

from quotetrack.errors import ConfigError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (2 ms)
if TYPE_CHECKING:  # pathlib (and urllib.parse with it) is 5% of a listing's start-up
    from pathlib import Path

ENV_DB = "QUOTETRACK_DB"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# The password runs to the last "@" before the path: an unencoded "@" inside it must not
# leave its tail on show.
_PASSWORD = re.compile(r"(://[^:/@]*:)([^/]*)(@)")
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)
_USERINFO = re.compile(r"^(?P<head>[^:/]+://[^:/@]*:)(?P<password>[^/]*)@(?P<rest>[^@]*)$")


def default_db_path() -> Path:
    """The SQLite file used when nothing else is configured."""
    from pathlib import Path

    from platformdirs import user_data_dir

    return Path(user_data_dir("quotetrack", appauthor=False)) / "quotetrack.db"


def resolve_db_url(db: str | None = None) -> str:
    """Turn the user's ``--db`` value (or the environment, or the default) into a URL."""
    value = (db or os.environ.get(ENV_DB) or "").strip()
    if not value:
        return sqlite_url(default_db_path())
    if not _SCHEME.match(value):
        # str(Path(value).expanduser().resolve()), which is realpath in Python 3.10+
        return "sqlite:///" + os.path.realpath(os.path.expanduser(value))
    scheme = value.split("://", 1)[0].lower()
    value = _encode_at_signs(value)
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


def _encode_at_signs(url: str) -> str:
    """``user:p@ss@host`` as ``user:p%40ss@host``. The URL parser would end the password
    at its first "@" and take the rest of it for the host name, which the connection
    error then prints; the host is what follows the last "@"."""
    match = _USERINFO.match(url)
    if match is None or "@" not in match["password"]:
        return url
    return f"{match['head']}{match['password'].replace('@', '%40')}@{match['rest']}"


def redact(url: str) -> str:
    """The URL with any password replaced, safe to print or log: in the user part or as
    a ``password=`` query parameter (which libpq accepts too)."""
    return _QUERY_PASSWORD.sub(r"\1***", _PASSWORD.sub(r"\1***\3", url))
