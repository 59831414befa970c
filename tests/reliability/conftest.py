"""Fixtures for the reliability tests (helpers live in reliability_cli.py)."""

from __future__ import annotations

import pytest
from reliability_cli import Run, run_quotetrack


@pytest.fixture
def qt(db_url):
    """``quotetrack`` against the test database (SQLite, and PostgreSQL when configured)."""

    def invoke(*args: str, stdin: bytes | None = None, env: dict | None = None) -> Run:
        return run_quotetrack(*args, "--db", db_url, stdin=stdin, env=env)

    return invoke
