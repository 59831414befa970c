"""SIGKILL mid-ingest and parallel ingests lose nothing and duplicate nothing.

Small versions of the soaks in benchmarks/crash_soak.py and
benchmarks/concurrency_soak.py (whose full-size figures are in docs/RELIABILITY.md):
the same code, fewer articles and kills, so the suite stays quick. Seeds are fixed, so
a failure replays with the same kill points.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest
from reliability_corpus import write_articles
from reliability_soak import concurrency_soak, crash_soak


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    return write_articles(tmp_path_factory.mktemp("corpus"), 60)


def test_kill_9_during_ingest_leaves_whole_documents_and_a_rerun_completes(db_url, corpus):
    result = crash_soak(db_url, corpus, kills=4, seed=7)
    for kill in result.kills:
        assert kill.problems == [], kill
    # the kills landed during the ingest, not after it had finished, and at least one
    # left part of the set stored, for a later run to complete. Which kill that is
    # depends on the machine's speed: on a loaded machine a 60-article ingest can
    # store the rest between reading its last line and the signal, so this does not
    # ask it of the last kill.
    assert not any(k.finished_first for k in result.kills)
    assert any(0 < k.documents_after < len(corpus) for k in result.kills), result.kills
    assert result.final_exit == 0, result.final_summary
    assert result.final.problems == []
    assert (result.final.documents, result.missing, result.lost_reported) == (len(corpus), 0, 0)
    assert result.final_summary.endswith(", 0 failed")


def test_kill_9_during_a_parallel_ingest_leaves_no_worker_behind(tmp_path, corpus):
    """``ingest --jobs 2`` forks extraction workers; a SIGKILLed parent cannot stop them.
    They used to wait for work forever (two orphans per kill, each holding the
    extractor); now they end with their parent. The store is checked as above (SQLite:
    the workers never touch the database, so the backend makes no difference here)."""
    url = "sqlite:///" + str(tmp_path / "quotes.db")
    result = crash_soak(url, corpus[:40], kills=2, seed=5, options=("--jobs", "2"))
    for kill in result.kills:
        assert (kill.left_running, kill.problems) == (0, []), kill
    assert not any(k.finished_first for k in result.kills)
    assert result.final_exit == 0, result.final_summary
    assert (result.final.documents, result.missing, result.lost_reported) == (40, 0, 0)


def test_four_ingests_of_the_same_articles_at_once(db_url, corpus):
    result = concurrency_soak(db_url, corpus[:30], processes=4, seed=11)
    for worker in result.workers:
        assert (worker.exit_code, worker.failed, worker.stderr.count("\n")) == (0, 0, 1), worker
    assert result.locked_messages == 0
    # every article reported "new" by exactly one process, "unchanged" by the others
    assert sorted(result.new_by_origin.values()) == [1] * 30
    assert result.check.problems == []
    assert (result.check.documents, result.missing) == (30, 0)


def _waits_on_a_lock(db_url: str, pid: int) -> bool:
    """Whether process ``pid`` is blocked on the migration lock: PostgreSQL shows it in
    pg_stat_activity; for SQLite, the process has the database file open (the first
    migration's transaction is still open, so whatever it reads then is an empty
    database, and it must wait for the write lock)."""
    from sqlalchemy import text

    from quotetrack.store.engine import make_engine

    if db_url.startswith("postgresql"):
        with make_engine(db_url).connect() as watcher:
            return bool(
                watcher.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                    )
                ).scalar()
            )
    path = db_url.removeprefix("sqlite:///")
    with contextlib.suppress(OSError):
        return any(os.readlink(fd) == path for fd in Path(f"/proc/{pid}/fd").iterdir())
    return False


def test_a_second_process_waits_for_the_first_to_create_the_schema(db_url, monkeypatch):
    """Four cron jobs pointed at a new database start together: the one that loses the
    race to create the schema must use it, not fail. It used to fail with 'database is
    locked' (SQLite) or 'duplicate key value violates unique constraint
    "pg_type_typname_nsp_index"' (PostgreSQL). Made deterministic by pausing the first
    migration (quotetrack's own code, in a thread) before it commits, until the second
    process is waiting behind it. A new SQLite file is created from the shipped schema
    (migrate._create), a PostgreSQL schema by the migrations: the first pauses in either."""
    import subprocess
    import threading

    from reliability_soak import QUOTETRACK, _env

    from alembic import command
    from quotetrack.store import migrate
    from quotetrack.store.engine import make_engine

    paused, release = threading.Event(), threading.Event()
    real_upgrade, real_create = command.upgrade, migrate._create

    def upgrade_then_pause(config, target):
        real_upgrade(config, target)
        paused.set()
        release.wait(120)

    def create_then_pause(cursor, statements):
        real_create(cursor, statements)
        paused.set()
        release.wait(120)

    monkeypatch.setattr(command, "upgrade", upgrade_then_pause)
    monkeypatch.setattr(migrate, "_create", create_then_pause)
    engine = make_engine(db_url)
    first = threading.Thread(target=migrate.ensure_current, args=(engine,))
    first.start()
    assert paused.wait(120)
    second = subprocess.Popen(
        [str(QUOTETRACK), "init", "--db", db_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    deadline = time.monotonic() + 60
    waiting = False
    while not waiting and second.poll() is None and time.monotonic() < deadline:
        waiting = _waits_on_a_lock(db_url, second.pid)
        time.sleep(0.05)
    if waiting and not db_url.startswith("postgresql"):
        time.sleep(1.0)  # let it read the empty database and reach the write
    release.set()
    first.join()
    _, err = second.communicate(timeout=120)
    engine.dispose()
    assert waiting, f"the second process never waited for the first: {err}"
    assert (second.returncode, err.count("Error")) == (0, 0), err
    assert migrate.current_revision(make_engine(db_url)) == migrate.HEAD


def test_four_ingests_racing_on_a_new_database(db_url, corpus):
    """The same race without the pause: four ingests start on a database with no schema."""
    result = concurrency_soak(db_url, corpus[:6], processes=4, init_first=False)
    for worker in result.workers:
        assert (worker.exit_code, worker.failed) == (0, 0), worker.stderr
    assert sorted(result.new_by_origin.values()) == [1] * 6
    assert result.check.problems == []
    assert (result.check.documents, result.missing) == (6, 0)
