"""The per-job lock: one holder at a time, expiring, reclaimed from dead processes."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from quotetrack.jobs import locks
from quotetrack.jobs.definitions import JobSpec, add_job
from quotetrack.jobs.schedule import Schedule
from quotetrack.store.engine import session_factory, writer
from quotetrack.store.jobs_models import JobLock

TTL = timedelta(minutes=10)


@pytest.fixture
def job_id(engine, tmp_path) -> int:
    with session_factory(engine).begin() as session:
        return add_job(session, JobSpec("inbox", str(tmp_path), Schedule(every_seconds=60))).id


def claim(engine, job_id, owner, ttl=TTL) -> bool:
    with session_factory(writer(engine)).begin() as session:
        return locks.acquire(session, job_id, owner, ttl)


def dead_owner() -> str:
    """An owner string naming a process of this machine that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return f"{locks.machine()}:{proc.pid}:deadbeef"


def test_one_holder_at_a_time(engine, job_id):
    assert claim(engine, job_id, "elsewhere:1:a")
    assert not claim(engine, job_id, "elsewhere:2:b")
    with session_factory(engine).begin() as session:
        assert locks.holder(session, job_id) == "elsewhere:1:a"
        locks.release(session, job_id, "elsewhere:1:a")
    assert claim(engine, job_id, "elsewhere:2:b")


def test_an_expired_lock_is_taken_over_and_its_heartbeat_fails(engine, job_id):
    assert claim(engine, job_id, "elsewhere:1:a")
    with engine.begin() as conn:
        conn.execute(update(JobLock).values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert claim(engine, job_id, "elsewhere:2:b")
    with session_factory(engine).begin() as session:
        assert not locks.heartbeat(session, job_id, "elsewhere:1:a", TTL)
        assert locks.heartbeat(session, job_id, "elsewhere:2:b", TTL)
        locks.release(session, job_id, "elsewhere:1:a")  # not the holder: no effect
        assert locks.holder(session, job_id) == "elsewhere:2:b"


def test_a_dead_process_on_this_machine_loses_its_lock_at_once(engine, job_id):
    assert claim(engine, job_id, dead_owner())
    assert claim(engine, job_id, locks.new_owner())


def test_a_dead_pid_on_another_machine_waits_for_expiry(engine, job_id):
    owner = dead_owner().replace(locks.machine(), "other-host@1", 1)
    assert claim(engine, job_id, owner)
    assert not claim(engine, job_id, locks.new_owner())


def test_a_live_process_keeps_its_lock(engine, job_id):
    assert claim(engine, job_id, locks.new_owner())
    assert not claim(engine, job_id, "elsewhere:2:b")


def test_removing_the_job_removes_its_lock(run, engine, job_id):
    assert claim(engine, job_id, "elsewhere:1:a")
    assert run("jobs", "remove", "inbox").exit_code == 0
    with engine.connect() as conn:
        assert conn.execute(JobLock.__table__.select()).first() is None


def test_a_job_held_elsewhere_is_skipped_not_waited_for(run, engine, job_id):
    assert claim(engine, job_id, "elsewhere:1:a")
    result = run("jobs", "run", "inbox", "--format", "json")
    assert result.exit_code == 0
    assert "inbox: skipped, another run holds it" in result.stderr
    assert '"status": "locked"' in result.stdout
