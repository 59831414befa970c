"""Which database a command uses, and that passwords never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotetrack.config import redact, resolve_db_url
from quotetrack.errors import ConfigError


def test_path_means_sqlite_file(tmp_path):
    assert resolve_db_url(str(tmp_path / "news.db")) == "sqlite:///" + str(tmp_path / "news.db")


def test_relative_path_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert resolve_db_url("news.db") == "sqlite:///" + str(Path(tmp_path, "news.db").resolve())


def test_environment_is_used_when_no_option(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTETRACK_DB", str(tmp_path / "env.db"))
    assert resolve_db_url(None).endswith("env.db")
    assert resolve_db_url(str(tmp_path / "opt.db")).endswith("opt.db")


def test_default_is_a_file_in_the_data_directory(monkeypatch):
    monkeypatch.delenv("QUOTETRACK_DB", raising=False)
    url = resolve_db_url(None)
    assert url.startswith("sqlite:///") and url.endswith("quotetrack.db")


@pytest.mark.parametrize("given", ["postgresql://me@db/news", "postgres://me@db/news"])
def test_postgres_urls_use_psycopg3(given):
    assert resolve_db_url(given) == "postgresql+psycopg://me@db/news"


def test_unknown_scheme_is_an_error():
    with pytest.raises(ConfigError, match="unsupported database URL"):
        resolve_db_url("mongodb://localhost/news")


def test_password_is_redacted():
    assert redact("postgresql+psycopg://editor:s3cret@db.example/news") == (
        "postgresql+psycopg://editor:***@db.example/news"
    )
