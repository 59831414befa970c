"""The installed command as cron and containers run it: real processes, started at once,
killed with SIGKILL, stopped with SIGTERM; on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from website import ARTICLES, RSS, article_entries, rss

from quotetrack.extraction.pipeline import extract
from quotetrack.store.jobs_models import JobRun
from quotetrack.store.models import Attribution, Document

ALL = list(ARTICLES)
ENV = {**os.environ, "QUOTETRACK_FETCH_TIMEOUT": "5"}


def command() -> str:
    beside = Path(sys.executable).parent / "quotetrack"
    found = str(beside) if beside.exists() else shutil.which("quotetrack")
    if not found:
        pytest.skip("quotetrack is not installed as a command")
    return found


def start(db_url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [command(), "jobs", *args, "--db", db_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def finish(proc: subprocess.Popen, timeout: float = 60) -> tuple[int, str]:
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err


def serve_feed(site, names, path="/feed.xml", delay=0.0) -> str:
    for name in names:
        site.article(name, delay=delay)
    return site.add(path, rss(site, "Wire", article_entries(names)), content_type=RSS)


def doc_count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Document)).scalar()


def wait_for(condition, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    """Poll ``condition`` while ``proc`` runs; its stderr tells why when it ends first."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"exited {proc.returncode}: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"timed out waiting; stderr: {proc.communicate()[1]}")
        time.sleep(0.05)


def assert_whole_documents(engine) -> None:
    """Each stored document has exactly the attributions a fresh extraction finds."""
    with engine.connect() as conn:
        docs = conn.execute(select(Document.id, Document.text)).all()
        stored = dict(
            conn.execute(
                select(Attribution.document_id, func.count()).group_by(Attribution.document_id)
            ).all()
        )
    for doc_id, text in docs:
        assert stored.get(doc_id, 0) == len(extract(text)), doc_id


def runs(engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(JobRun.job_id, JobRun.status))]


def test_two_runs_started_at_once_ingest_each_article_once(run, engine, site):
    feeds = {
        "north": serve_feed(site, ALL[:3], "/north.xml", delay=0.1),
        "valley": serve_feed(site, ALL[3:], "/valley.xml", delay=0.1),
    }
    for name, url in feeds.items():
        assert run("jobs", "add", name, url, "--every", "30m").exit_code == 0
    first, second = start(engine.url.render_as_string(False), "run", "--due"), None
    second = start(engine.url.render_as_string(False), "run", "--due")
    results = [finish(first), finish(second)]

    assert [code for code, _ in results] == [0, 0], results
    assert all(site.hits(f"/news/{name}") == 1 for name in ALL)
    assert site.hits("/north.xml") == 1 and site.hits("/valley.xml") == 1
    assert doc_count(engine) == len(ALL)
    assert sorted(status for _, status in runs(engine)) == ["ok", "ok"]
    assert_whole_documents(engine)


def test_a_killed_run_leaves_whole_documents_and_the_next_run_completes(run, engine, site):
    url = serve_feed(site, ALL, delay=0.4)
    run("jobs", "add", "wire", url, "--every", "30m")
    db = engine.url.render_as_string(False)
    victim = start(db, "run", "--due")
    wait_for(lambda: doc_count(engine) >= 2, victim)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert doc_count(engine) < len(ALL)
    assert_whole_documents(engine)

    code, err = finish(start(db, "run", "--due"))

    assert code == 0, err
    assert doc_count(engine) == len(ALL)
    assert_whole_documents(engine)
    assert [status for _, status in runs(engine)] == ["interrupted", "ok"]


def test_serve_runs_due_jobs_and_stops_cleanly_on_sigterm(run, engine, site):
    url = serve_feed(site, ALL, delay=0.4)
    run("jobs", "add", "wire", url, "--every", "30m")
    server = start(engine.url.render_as_string(False), "serve")
    wait_for(lambda: doc_count(engine) >= 1, server)
    server.send_signal(signal.SIGTERM)
    code, err = finish(server, timeout=20)

    assert code == 0, err
    assert "SIGTERM: finishing the current document, then stopping" in err
    assert err.rstrip().endswith("stopped")
    assert "Traceback" not in err
    assert [status for _, status in runs(engine)] == ["stopped"]
    assert doc_count(engine) < len(ALL)
    assert_whole_documents(engine)
    rerun = run("jobs", "run", "--due")
    assert rerun.exit_code == 0 and doc_count(engine) == len(ALL)


def test_serve_with_nothing_due_stops_at_once_on_sigint(run, engine):
    server = start(engine.url.render_as_string(False), "serve")
    assert "serving" in server.stderr.readline()  # the loop is up, nothing is due
    started = time.monotonic()
    server.send_signal(signal.SIGINT)
    code, err = finish(server, timeout=10)
    assert code == 0, err
    assert time.monotonic() - started < 5  # not after its minute of sleep
    assert "SIGINT: finishing the current document" in err and "Traceback" not in err
