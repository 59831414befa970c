"""What jobs remember between runs: the entries they handled and the history of runs.

Entries are upserted by (job, SHA-256 of key). A failed entry gets a retry time that
doubles with each failure (5 minutes, 10, 20 … at most a day), so a page that is down
is not hammered on every run, yet is tried again without anyone stepping in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import desc, select, update
from sqlalchemy.orm import Session

from quotetrack.jobs.clock import aware, iso, now
from quotetrack.store.jobs_models import Job, JobEntry, JobRun

RETRY_BASE = timedelta(minutes=5)
RETRY_MAX = timedelta(days=1)
MAX_ERROR = 4000
INTERRUPTED = "the run stopped before finishing (killed or crashed); this run took over"


@dataclass(frozen=True, slots=True)
class Seen:
    status: str  # done | failed
    fingerprint: str | None
    etag: str | None
    last_modified: str | None
    failures: int
    retry_at: datetime | None


@dataclass(slots=True)
class Counts:
    new: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)

    def as_values(self) -> dict:
        return {
            "new": self.new,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": self.failed,
        }

    def summary(self) -> str | None:
        if not self.failures:
            return None
        text = f"{len(self.failures)} failed: " + "; ".join(self.failures)
        return text if len(text) <= MAX_ERROR else text[: MAX_ERROR - 1] + "…"


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def retry_delay(failures: int) -> timedelta:
    return min(RETRY_BASE * 2 ** max(failures - 1, 0), RETRY_MAX)


def retries_due(seen: dict[str, Seen]) -> set[str]:
    """Keys of failed entries whose wait is over."""
    moment = now()
    return {
        key
        for key, s in seen.items()
        if s.status == "failed" and s.retry_at is not None and s.retry_at <= moment
    }


def forget_failures(session: Session, job_id: int, keys: set[str]) -> None:
    """Failed entries the source no longer lists are "gone": no more retries for them
    (they would otherwise keep every request for the source unconditional)."""
    if keys:
        session.execute(
            update(JobEntry)
            .where(JobEntry.job_id == job_id, JobEntry.key_hash.in_([key_hash(k) for k in keys]))
            .values(status="gone", retry_at=None)
        )


def load_seen(session: Session, job_id: int) -> dict[str, Seen]:
    rows = session.execute(
        select(
            JobEntry.key,
            JobEntry.status,
            JobEntry.fingerprint,
            JobEntry.etag,
            JobEntry.last_modified,
            JobEntry.failures,
            JobEntry.retry_at,
        ).where(JobEntry.job_id == job_id)
    )
    return {r.key: Seen(r.status, *r[2:6], aware(r.retry_at)) for r in rows}


def save_entry(session: Session, job_id: int, key: str, **values) -> None:
    """Insert or update the job's row for ``key`` with ``values`` (JobEntry columns)."""
    values = {**values, "updated_at": now()}
    row = {"job_id": job_id, "key": key, "key_hash": key_hash(key), **values}
    row.setdefault("failures", 0)
    row.setdefault("status", "done")
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(JobEntry).values(**row)
    stmt = stmt.on_conflict_do_update(index_elements=["job_id", "key_hash"], set_=values)
    session.execute(stmt)


def done(session: Session, job_id: int, key: str, **values) -> None:
    save_entry(session, job_id, key, status="done", failures=0, retry_at=None, error=None, **values)


def failed(session: Session, job_id: int, key: str, seen: Seen | None, error: str, **values):
    failures = (seen.failures if seen else 0) + 1
    save_entry(
        session,
        job_id,
        key,
        status="failed",
        failures=failures,
        retry_at=now() + retry_delay(failures),
        error=error,
        **values,
    )


def start_run(session: Session, job: Job, next_run_at: datetime) -> int:
    """A new history row; earlier rows still "running" belong to runs that died."""
    moment = now()
    session.execute(
        update(JobRun)
        .where(JobRun.job_id == job.id, JobRun.status == "running")
        .values(status="interrupted", error=INTERRUPTED)
    )
    session.execute(update(Job).where(Job.id == job.id).values(next_run_at=next_run_at))
    run = JobRun(
        job_id=job.id,
        started_at=moment,
        status="running",
        new=0,
        unchanged=0,
        skipped=0,
        failed=0,
    )
    session.add(run)
    session.flush()
    return run.id


def unfinished(session: Session) -> set[int]:
    """Jobs with a run still marked running: live runs, or runs that died mid-way."""
    return set(session.scalars(select(JobRun.job_id).where(JobRun.status == "running")))


def record_progress(session: Session, run_id: int, counts: Counts) -> None:
    session.execute(update(JobRun).where(JobRun.id == run_id).values(**counts.as_values()))


def finish_run(
    session: Session, run_id: int, status: str, counts: Counts, error: str | None
) -> None:
    session.execute(
        update(JobRun)
        .where(JobRun.id == run_id)
        .values(status=status, finished_at=now(), error=error, **counts.as_values())
    )


def history_rows(session: Session, job_id: int | None = None, limit: int = 20) -> list[dict]:
    """Runs, newest first."""
    query = (
        select(JobRun, Job.name)
        .join(Job, Job.id == JobRun.job_id)
        .order_by(desc(JobRun.id))
        .limit(limit)
    )
    if job_id is not None:
        query = query.where(JobRun.job_id == job_id)
    return [_run_row(run, name) for run, name in session.execute(query)]


def _run_row(run: JobRun, name: str) -> dict:
    return {
        "job": name,
        "run": run.id,
        "started": iso(run.started_at),
        "finished": iso(run.finished_at),
        "status": run.status,
        "new": run.new,
        "unchanged": run.unchanged,
        "skipped": run.skipped,
        "failed": run.failed,
        "error": run.error,
    }
