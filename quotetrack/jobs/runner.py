"""Running jobs: the named ones, or those that are due, each under its lock.

Two overlapping invocations (two cron lines, two machines on one PostgreSQL) both walk
the due jobs; for each, only the one that claims the lock runs it, and after claiming it
checks again that the job is still due, since the other may have just run it. A job
that fails in an unexpected way is recorded and the others still run.
"""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import Engine, func, select

from quotetrack.jobs import locks, state
from quotetrack.jobs.clock import aware, now
from quotetrack.jobs.definitions import get_job
from quotetrack.jobs.report import Reporter
from quotetrack.jobs.run import RunResult, Settings, run_job
from quotetrack.store.engine import session_factory, writer
from quotetrack.store.jobs_models import Job, JobRun


def run_jobs(
    engine: Engine,
    names: list[str] | None,
    settings: Settings,
    stop: threading.Event,
    reporter: Reporter,
) -> list[RunResult]:
    """Run the named jobs now, or (``names`` None) every job that is due."""
    sessions = session_factory(engine)
    with sessions() as session:
        ids = [get_job(session, name).id for name in names] if names else due_ids(session)
    results = []
    for job_id in ids:
        if stop.is_set():
            break
        result = run_locked(engine, job_id, settings, stop, reporter, due_only=not names)
        if result is not None:
            results.append(result)
    return results


def due_ids(session) -> list[int]:
    """Jobs whose time has come, and jobs whose last run died before finishing: the
    next run finishes their work without waiting for the schedule."""
    due = list(session.scalars(select(Job.id).where(Job.next_run_at <= now()).order_by(Job.id)))
    died = sorted(j for j in state.unfinished(session) if locks.holder(session, j) is None)
    return due + [j for j in died if j not in due]


def run_locked(
    engine: Engine,
    job_id: int,
    settings: Settings,
    stop: threading.Event,
    reporter: Reporter,
    due_only: bool,
) -> RunResult | None:
    """Run the job if its lock can be claimed (and, for ``due_only``, it is still due)."""
    sessions = session_factory(writer(engine))
    owner = locks.new_owner()
    with sessions.begin() as session:
        claimed = locks.acquire(session, job_id, owner, settings.ttl)
        name = session.scalar(select(Job.name).where(Job.id == job_id))
    if not claimed:
        reporter.note(f"{name}: skipped, another run holds it")
        return RunResult(name or "?", "locked", state.Counts())
    try:
        with session_factory(engine)() as session:
            job = session.get(Job, job_id)
            # holding the lock, a run still marked running is one that died
            died = job_id in state.unfinished(session)
        if job is None or (due_only and aware(job.next_run_at) > now() and not died):
            return None
        return _run_guarded(engine, job, owner, settings, stop, reporter)
    finally:
        with sessions.begin() as session:
            locks.release(session, job_id, owner)


def _run_guarded(engine, job, owner, settings, stop, reporter) -> RunResult:
    """run_job, with anything unexpected recorded in the history instead of raised."""
    try:
        return run_job(engine, job, owner, settings, stop, reporter)
    except Exception as exc:  # noqa: BLE001 - one job's crash must not stop the others
        message = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
        _record_crash(engine, job.id, message)
        result = RunResult(job.name, "failed", state.Counts(), message)
        reporter.finished(result)
        return result


def _record_crash(engine: Engine, job_id: int, message: str) -> None:
    from sqlalchemy import update

    with session_factory(writer(engine)).begin() as session:
        session.execute(
            update(JobRun)
            .where(JobRun.job_id == job_id, JobRun.status == "running")
            .values(status="failed", finished_at=now(), error=message)
        )


def next_due(engine: Engine) -> datetime | None:
    """When the earliest job falls due, for the serve loop's sleep."""
    with session_factory(engine)() as session:
        return aware(session.scalar(select(func.min(Job.next_run_at))))
