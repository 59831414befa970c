"""A PostgreSQL password in QUOTETRACK_DB never shows: not in output, errors, files or
the job history stored in the database.

The local test server trusts 127.0.0.1, so a URL carrying any password connects; every
command runs with one and everything it printed or wrote is searched for it, on success
and on the failures that print the database URL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from reliability_cli import Run, run_quotetrack
from reliability_corpus import write_articles
from sqlalchemy import create_engine, text

PASSWORD = "Hunter2-S3cret"  # noqa: S105 - a made-up password to search for


def with_password(url: str, password: str = PASSWORD) -> str:
    """The URL with ``password`` added after its user name (percent-encoded as given)."""
    user = re.match(r"^[^:]+://([^:@/]+)@", url)
    if user is None:
        pytest.skip("the PostgreSQL test URL has no user or already has a password")
    return url.replace(f"://{user.group(1)}@", f"://{user.group(1)}:{password}@", 1)


@pytest.fixture
def secret_url(db_url) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("a SQLite path has no password")
    return with_password(db_url)


def leaks(run: Run, secret: str = PASSWORD) -> bool:
    return secret in run.stdout or secret in run.stderr


def test_password_never_printed_by_any_command(secret_url, tmp_path):
    env = {"QUOTETRACK_DB": secret_url}
    articles = write_articles(tmp_path / "articles", 3, seed=41)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01binary")
    export = tmp_path / "out.csv"
    feedless = tmp_path / "inbox"
    feedless.mkdir()
    (feedless / "a.txt").write_text(articles[0].read_text())
    (feedless / "b.txt").write_bytes(b"\xff\xfe\x00broken")
    runs = [
        run_quotetrack("init", env=env),
        run_quotetrack("ingest", *map(str, articles), str(bad), env=env),
        run_quotetrack("quotes", "--format", "json", env=env),
        run_quotetrack("quotes", "--speaker", "Nobody Atall", env=env),
        run_quotetrack("ask", "what did Dahl say", env=env),
        run_quotetrack("ask", "make me a sandwich", env=env),
        run_quotetrack("speakers", env=env),
        run_quotetrack("export", "timeline", "-o", str(export), env=env),
        run_quotetrack("jobs", "add", "inbox", str(feedless), "--every", "1h", env=env),
        run_quotetrack("jobs", "add", "gone", str(tmp_path / "gone"), "--every", "1h", env=env),
        run_quotetrack("jobs", "run", "--due", env=env),
        run_quotetrack("jobs", "list", "--format", "json", env=env),
        run_quotetrack("jobs", "history", "--format", "json", env=env),
    ]
    assert runs[0].exit_code == 0 and "***" in runs[0].stderr
    assert runs[1].exit_code == 3
    history = json.loads(runs[-1].stdout)
    assert history and any(r["error"] for r in history)
    for run in runs:
        assert not leaks(run), run
    assert PASSWORD not in export.read_text(encoding="utf-8")


def test_password_not_stored_anywhere_in_the_database(secret_url, db_url, tmp_path):
    """Job runs record their errors in the database: search every text column."""
    env = {"QUOTETRACK_DB": secret_url}
    inbox = tmp_path / "inbox"
    write_articles(inbox, 2, seed=43)
    assert (
        run_quotetrack("jobs", "add", "inbox", str(inbox), "--every", "1m", env=env).exit_code == 0
    )
    assert run_quotetrack("jobs", "run", "--due", env=env).exit_code == 0
    engine = create_engine(db_url)
    found = []
    with engine.connect() as conn:
        columns = conn.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() "
                "AND data_type IN ('text', 'character varying', 'json', 'jsonb')"
            )
        ).all()
        assert len(columns) > 10
        for table, column in columns:
            hits = conn.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE "{column}"::text LIKE :p'),
                {"p": f"%{PASSWORD}%"},
            ).scalar()
            if hits:
                found.append(f"{table}.{column}")
    engine.dispose()
    assert found == []


def test_password_never_in_what_jobs_serve_prints(secret_url, tmp_path):
    """The long-running form, whose output ends up in container logs: serve until a run
    with a failed file is recorded, then stop it with SIGTERM."""
    import signal
    import subprocess
    import time

    from reliability_soak import QUOTETRACK, _env

    env = {"QUOTETRACK_DB": secret_url}
    inbox = tmp_path / "inbox"
    write_articles(inbox, 2, seed=47)
    (inbox / "broken.txt").write_bytes(b"\xff\xfe\x00broken")
    assert (
        run_quotetrack("jobs", "add", "inbox", str(inbox), "--every", "1h", env=env).exit_code == 0
    )
    serving = subprocess.Popen(
        [str(QUOTETRACK), "jobs", "serve"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**_env(), **env},
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and serving.poll() is None:
            history = run_quotetrack("jobs", "history", "--format", "json", env=env)
            if any(r["finished"] for r in json.loads(history.stdout or "[]")):
                break
            time.sleep(0.5)
    finally:
        serving.send_signal(signal.SIGTERM)
        out, err = serving.communicate(timeout=120)
    run = Run(serving.returncode, out.decode(), err.decode())
    assert run.exit_code == 0, run.stderr
    assert "broken.txt" in run.stdout + run.stderr  # the failure was reported
    assert not leaks(run), run


@pytest.mark.parametrize(
    "broken",
    [
        lambda url: re.sub(r"/[^/?]+(\?|$)", r"/no_such_database\1", url, count=1),
        lambda url: re.sub(r":(\d+)/", ":99999/", url, count=1),
        lambda url: url + ("&" if "?" in url else "?") + "sslmode=bogus",
    ],
    ids=["no-such-database", "bad-port", "bad-option"],
)
def test_password_not_in_connection_errors(secret_url, broken):
    result = run_quotetrack("quotes", env={"QUOTETRACK_DB": broken(secret_url)})
    assert result.exit_code == 1
    assert len(result.error_lines) == 1 and "cannot open database" in result.stderr
    assert not leaks(result), result.stderr


def test_password_as_a_query_parameter_is_not_printed(db_url):
    """libpq also takes the password as ``?password=``; it used to be printed whole."""
    if not db_url.startswith("postgresql"):
        pytest.skip("a SQLite path has no password")
    url = db_url + ("&" if "?" in db_url else "?") + f"password={PASSWORD}"
    ready = run_quotetrack("init", env={"QUOTETRACK_DB": url})
    assert ready.exit_code == 0, ready.stderr
    assert "password=***" in ready.stderr
    failed = run_quotetrack("quotes", env={"QUOTETRACK_DB": re.sub(r":(\d+)/", ":99999/", url)})
    assert failed.exit_code == 1 and "cannot open database" in failed.stderr
    for run in (ready, failed):
        assert not leaks(run), run.stderr


def test_a_password_with_an_unencoded_at_sign_is_not_printed(db_url):
    """``user:pa:ss@Secret@host``: the host is what follows the last "@". The URL parser
    used to end the password at the first one, so the rest was printed, and taken for the
    host name, which the connection error printed again."""
    if not db_url.startswith("postgresql"):
        pytest.skip("a SQLite path has no password")
    url = with_password(db_url, "pa:ss@" + PASSWORD)
    ready = run_quotetrack("init", env={"QUOTETRACK_DB": url})
    assert ready.exit_code == 0, ready.stderr  # it reaches the right host
    assert "postgres:***@127.0.0.1" in ready.stderr
    failed = run_quotetrack("quotes", env={"QUOTETRACK_DB": re.sub(r":(\d+)/", ":99999/", url)})
    assert failed.exit_code == 1 and "cannot open database" in failed.stderr
    for run in (ready, failed):
        assert not leaks(run), run.stderr


def test_the_sqlite_path_is_not_a_secret_but_is_shown_plainly(tmp_path: Path):
    """Control for the tests above: the redaction does not mangle an ordinary path."""
    db = tmp_path / "quotes.db"
    result = run_quotetrack("init", env={"QUOTETRACK_DB": str(db)})
    assert result.exit_code == 0
    assert str(db) in result.stderr and "***" not in result.stderr
