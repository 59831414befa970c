"""One run of one job, while the caller holds its lock.

Each entry is loaded and ingested on its own: the document in one transaction (the
ingest runner's), then the entry's state, the run's counts and the lock's heartbeat in
a second. A run killed between the two leaves a stored document the job has not marked
as seen; the next run loads it again and finds it unchanged by its content hash, so
nothing is lost or stored twice. A failing entry is recorded and the run goes on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from quotetrack.errors import InputError
from quotetrack.fetch.http import Limits
from quotetrack.ingest.runner import Meta, Outcome, ingest
from quotetrack.jobs import state
from quotetrack.jobs.clock import aware, now
from quotetrack.jobs.definitions import schedule_of
from quotetrack.jobs.entries import SOURCE_KEY, Entry, Listing
from quotetrack.jobs.locks import heartbeat
from quotetrack.jobs.report import Reporter
from quotetrack.jobs.sources import listing
from quotetrack.store.engine import session_factory, writer
from quotetrack.store.jobs_models import Job
from quotetrack.store.models import Document


class LockLost(Exception):
    """Another run took the job over (this one stalled past the lock's expiry)."""


@dataclass(frozen=True, slots=True)
class Settings:
    limits: Limits
    ttl: timedelta


@dataclass(frozen=True, slots=True)
class RunResult:
    job: str
    status: str  # ok | partial | failed | stopped, or locked (held by another run)
    counts: state.Counts
    error: str | None = None


def run_job(
    engine: Engine,
    job: Job,
    owner: str,
    settings: Settings,
    stop: threading.Event,
    reporter: Reporter,
) -> RunResult:
    sessions = session_factory(writer(engine))
    with sessions.begin() as session:
        run_id = state.start_run(session, job, schedule_of(job).next_after(now()))
    with session_factory(engine)() as session:
        seen = state.load_seen(session, job.id)
    counts = state.Counts()
    run = _Run(engine, sessions, job, owner, settings, run_id, seen, counts, reporter)
    try:
        found = listing(job, seen, settings.limits)
        reporter.started(job.name, found.total)
        status = run.handle(found, stop)
    except InputError as exc:
        return run.finish("failed", str(exc))
    except LockLost:
        return run.finish("failed", "lost the job's lock to another run (stalled too long)")
    return run.finish(status, counts.summary())


class _Run:
    """The state of a run in progress and the writes it makes."""

    def __init__(self, engine, sessions, job, owner, settings, run_id, seen, counts, reporter):
        self.engine = engine
        self.sessions = sessions
        self.job = job
        self.owner = owner
        self.settings = settings
        self.run_id = run_id
        self.seen = seen
        self.counts = counts
        self.reporter = reporter

    def handle(self, found: Listing, stop: threading.Event) -> str:
        """Every entry in turn; the source's validators are kept only when all were."""
        retrying = state.retries_due(self.seen)
        for entry in found.entries:
            if stop.is_set():
                return "stopped"
            retrying.discard(entry.key)
            self.entry(entry)
        with self.sessions.begin() as session:
            state.forget_failures(session, self.job.id, retrying)
            v = found.validators
            state.done(
                session,
                self.job.id,
                SOURCE_KEY,
                url=self.job.location if self.job.kind == "url" else None,
                etag=v.etag,
                last_modified=v.last_modified,
                fingerprint=v.fingerprint,
            )
        return "partial" if self.counts.failed else "ok"

    def entry(self, entry: Entry) -> None:
        previous = self.seen.get(entry.key)
        if _skip(entry, previous):
            self.counts.skipped += 1
            self.reporter.passed(self.job.name)
            return
        stored = self._stored_url(entry)
        if stored is not None:
            self._record(entry, Outcome(entry.key, "unchanged", stored), None, skipped=True)
            return
        outcome, author = self._ingest(entry)
        self._record(entry, outcome, author)

    def _stored_url(self, entry: Entry) -> int | None:
        """A document already stored from this URL (by any job or command)."""
        if not entry.url or entry.always:
            return None
        with session_factory(self.engine)() as session:
            return session.scalar(select(Document.id).where(Document.url == entry.url).limit(1))

    def _ingest(self, entry: Entry) -> tuple[Outcome, str | None]:
        """The entry loaded and stored; any failure but the database's is the entry's own."""
        origin = entry.url or entry.key
        try:
            loaded = entry.load()
        except InputError as exc:
            return Outcome(origin, "failed", reason=str(exc)), None
        except Exception as exc:  # noqa: BLE001 - one broken entry must not stop the run
            return Outcome(origin, "failed", reason=_unexpected("cannot read it", exc)), None
        try:
            return next(iter(ingest(self.engine, [loaded.item], Meta()))), loaded.author
        except SQLAlchemyError:
            raise  # the database, not this entry: the run stops and says so
        except Exception as exc:  # noqa: BLE001 - e.g. the extractor failing on one article
            return Outcome(origin, "failed", reason=_unexpected("cannot ingest it", exc)), None

    def _record(self, entry: Entry, outcome: Outcome, author, skipped: bool = False) -> None:
        self._count(outcome, skipped)
        with self.sessions.begin() as session:
            if outcome.status == "failed":
                state.failed(
                    session,
                    self.job.id,
                    entry.key,
                    self.seen.get(entry.key),
                    outcome.reason or "failed",
                    url=entry.url,
                    fingerprint=entry.fingerprint,
                )
            else:
                state.done(
                    session,
                    self.job.id,
                    entry.key,
                    url=entry.url,
                    fingerprint=entry.fingerprint,
                    document_id=outcome.document_id,
                    author=author,
                )
            state.record_progress(session, self.run_id, self.counts)
            alive = heartbeat(session, self.job.id, self.owner, self.settings.ttl)
        self.reporter.handled(self.job.name, outcome, skipped)
        if not alive:
            raise LockLost

    def _count(self, outcome: Outcome, skipped: bool) -> None:
        if skipped:
            self.counts.skipped += 1
        elif outcome.status == "failed":
            self.counts.failed += 1
            self.counts.failures.append(f"{outcome.origin}: {outcome.reason}")
        elif outcome.status == "new":
            self.counts.new += 1
        else:
            self.counts.unchanged += 1

    def finish(self, status: str, error: str | None) -> RunResult:
        with self.sessions.begin() as session:
            state.finish_run(session, self.run_id, status, self.counts, error)
            _reschedule(session, self.job, status)
        result = RunResult(self.job.name, status, self.counts, error)
        self.reporter.finished(result)
        return result


def _unexpected(what: str, exc: Exception) -> str:
    return f"{what}: {type(exc).__name__}: {exc}".strip().splitlines()[0]


def _skip(entry: Entry, previous: state.Seen | None) -> bool:
    """Seen and unchanged, or failed and still waiting for its retry time."""
    if previous is None or entry.always:
        return False
    same = entry.fingerprint is None or entry.fingerprint == previous.fingerprint
    if previous.status == "done":
        return same
    return same and previous.retry_at is not None and previous.retry_at > now()


def _reschedule(session, job: Job, status: str) -> None:
    """A source that could not be read waits longer each time (at least its schedule);
    a run stopped half-way leaves the job due, so the next run finishes its work."""
    failures = job.failures + 1 if status == "failed" else 0
    values: dict = {"failures": failures}
    if status == "failed":
        current = aware(session.scalar(select(Job.next_run_at).where(Job.id == job.id)))
        values["next_run_at"] = max(current, now() + state.retry_delay(failures))
    elif status == "stopped":
        values["next_run_at"] = now()
    session.execute(update(Job).where(Job.id == job.id).values(**values))
