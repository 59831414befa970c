"""Adding, listing and removing jobs.

A job's kind is read from its source once, when it is added: an http(s) URL (a page or a
feed, which the response tells apart at each run), a folder, or a .jsonl file. Paths are
stored absolute, so cron, which runs in another directory, finds the same files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, desc, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from quotetrack.errors import InputError, NotFound, QuotetrackError
from quotetrack.ingest.sources import DEFAULT_GLOB
from quotetrack.jobs.clock import iso, now
from quotetrack.jobs.schedule import Schedule
from quotetrack.store.jobs_models import Job, JobRun

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


class JobExists(QuotetrackError):
    """A job with that name is already defined."""


class JobArgumentError(QuotetrackError):
    """A job name or source that is malformed whatever the machine holds: a usage error,
    exit 2, like an --every or --cron that cannot be read."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A job as ``jobs add`` was given it, before it is stored."""

    name: str
    location: str
    schedule: Schedule
    source_name: str | None = None
    glob: str | None = None


def source_kind(location: str) -> tuple[str, str]:
    """(kind, location to store) for what the user typed, or a one-line error."""
    if re.match(r"^https?://", location, re.IGNORECASE):
        return "url", location
    if "://" in location:
        raise JobArgumentError(f"only http and https URLs can be fetched, not {location!r}")
    path = Path(location).expanduser()
    if path.is_dir():
        return "folder", str(path.resolve())
    if path.is_file() and path.suffix.lower() == ".jsonl":
        return "jsonl", str(path.resolve())
    if path.exists():
        raise InputError(f"{location}: a job's source is a folder, a .jsonl file or a URL")
    raise InputError(f"{location}: no such folder or file")


def add_job(session: Session, spec: JobSpec) -> Job:
    """Store the job, due at once so that the next ``jobs run --due`` picks it up."""
    if not _NAME.match(spec.name):
        raise JobArgumentError(
            f"job name {spec.name!r}: use letters, digits, '.', '_' or '-' (at most 100)"
        )
    kind, location = source_kind(spec.location)
    moment = now()
    job = Job(
        name=spec.name,
        kind=kind,
        location=location,
        every_seconds=spec.schedule.every_seconds,
        cron=spec.schedule.cron,
        source_name=spec.source_name,
        glob=(spec.glob or DEFAULT_GLOB) if kind == "folder" else None,
        next_run_at=moment,
        failures=0,
        created_at=moment,
    )
    session.add(job)
    try:
        session.flush()
    except IntegrityError as exc:
        raise JobExists(f"a job named {spec.name!r} already exists") from exc
    return job


def get_job(session: Session, name: str) -> Job:
    job = session.scalar(select(Job).where(Job.name == name))
    if job is None:
        raise NotFound(f"no job named {name!r} (list them with: quotetrack jobs list)")
    return job


def remove_job(session: Session, name: str) -> None:
    """Delete the job with its history, lock and remembered entries (not its documents)."""
    job = get_job(session, name)
    session.execute(delete(Job).where(Job.id == job.id))


def schedule_of(job: Job) -> Schedule:
    return Schedule(every_seconds=job.every_seconds, cron=job.cron)


def job_rows(session: Session) -> list[dict]:
    """What ``jobs list`` shows: each job with its schedule and its last run."""
    rows = []
    for job in session.scalars(select(Job).order_by(Job.name)):
        last = session.scalars(
            select(JobRun).where(JobRun.job_id == job.id).order_by(desc(JobRun.id)).limit(1)
        ).first()
        rows.append(
            {
                "name": job.name,
                "kind": job.kind,
                "source": job.location,
                "schedule": schedule_of(job).describe(),
                "next_run": iso(job.next_run_at),
                "last_run": iso(last.started_at) if last else None,
                "last_status": last.status if last else None,
            }
        )
    return rows
