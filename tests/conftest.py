"""Fixtures shared by the suite: a fresh database on each backend, and a CLI runner.

Every database test runs on SQLite and, when ``QUOTETRACK_TEST_POSTGRES`` holds a
PostgreSQL URL, on PostgreSQL too. Each PostgreSQL test gets a schema of its own, dropped
afterwards, so tests never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
PG_ENV = "QUOTETRACK_TEST_POSTGRES"


def _postgres_url() -> str | None:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        return None
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A URL of an empty database on each backend."""
    if request.param == "sqlite":
        yield "sqlite:///" + str(tmp_path / "quotes.db")
        return
    base = _postgres_url()
    if base is None:
        pytest.skip(f"{PG_ENV} is not set")
    from sqlalchemy import create_engine, text

    schema = "qt_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def engine(db_url):
    from quotetrack.store.engine import make_engine
    from quotetrack.store.migrate import ensure_current

    eng = make_engine(db_url)
    ensure_current(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def run(runner, db_url):
    """Invoke a quotetrack command against the test database."""
    from quotetrack.cli import cli

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, [*args, "--db", db_url], input=input, catch_exceptions=False)

    return invoke
