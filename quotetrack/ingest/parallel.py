"""``ingest --jobs N``: the CPU-heavy, pure part of ingesting in N worker processes.

Reading a document's date line and extracting its attributions are pure functions of
its text and take nearly all of an ingest's time, so they run in a process pool. All
the rest stays in the parent, exactly as in the serial runner: reading and decoding the
input, the "already stored?" check, and storing, one transaction per document. The
database therefore sees a single writer per run, and duplicates are prevented the same
way as in the serial path (content hash checked first, then ON CONFLICT DO NOTHING).

Outcomes come back in input order, so the report reads the same as a serial run's. At
most ``window`` documents are in flight at once (read but not yet stored), which keeps
memory flat however many files a folder holds.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date

from sqlalchemy import Engine

from quotetrack.errors import InputError
from quotetrack.ingest.collector import run_collection
from quotetrack.ingest.runner import (
    Meta,
    Outcome,
    Target,
    _prepare,
    _store,
    analyse,
    analyse_packed,
    stored_id,
)
from quotetrack.ingest.sources import Item

#: Documents in flight per worker: two batches (BATCH), one being analysed and one
#: queued, so that no worker waits for the parent to gather its next batch; few enough
#: that memory does not grow with the size of the folder.
IN_FLIGHT_PER_JOB = 8


def _warm() -> None:
    """Load the rules and lexicons once, in the parent, before the workers are forked
    from it; otherwise every worker would load them again on its first document."""
    analyse('WARMTON, March 3, 2025 — "Ready," the worker said.', None)


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the ingest that forked it is gone.

    A parent killed with SIGKILL (or by the OOM killer, or a laptop's cron job being cut
    off) cannot shut its pool down, and idle workers would otherwise wait for work
    forever, each holding a copy of the extractor."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def ingest_parallel(
    engine: Engine, items: Iterable[Item], meta: Meta, jobs: int, window: int | None = None
) -> Iterator[Outcome]:
    """Like :func:`quotetrack.ingest.runner.ingest`, with extraction in ``jobs`` processes."""
    target = Target(engine)
    window = window or jobs * IN_FLIGHT_PER_JOB
    # Workers are forked where fork is available: they start at once, with the extractor
    # already imported. They never touch the parent's database connections.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with run_collection() as freeze:  # the warm-up too makes many objects
        try:
            _warm()
            freeze()  # before the fork: the workers inherit it
            yield from _run(target, items, meta, jobs, window, context)
        finally:
            target.close()


def _run(
    target: Target, items: Iterable[Item], meta: Meta, jobs: int, window: int, context
) -> Iterator[Outcome]:
    pending: deque[tuple[Item, Outcome | tuple[str, str, _Batch | None, int]]] = deque()
    in_flight: set[str] = set()  # hashes of the texts the workers have now
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=context,
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        batches = _Batches(pool)
        try:
            for item in items:
                pending.append((item, _submit(batches, target, item, meta, in_flight)))
                while len(pending) >= window:
                    yield _finish(batches, target, meta, in_flight, *pending.popleft())
            while pending:
                yield _finish(batches, target, meta, in_flight, *pending.popleft())
        finally:
            for _, job in pending:
                if not isinstance(job, Outcome) and job[2] is not None and job[2].future:
                    job[2].future.cancel()


#: Texts sent to a worker in one task. Each task costs the parent's pool threads about
#: the same whatever it carries (pickling, queues, wake-ups): over PolNeAR train with
#: ``--jobs 2`` they took 0.38-0.44 s of the parent's CPU with one text a task, 0.24-0.26
#: with two, 0.17-0.20 with four. The last batch of a run is at most a few documents of
#: work that one worker does alone.
BATCH = 4


class _Batch:
    """Texts sent to a worker together, and the future of their analyses (a list)."""

    __slots__ = ("texts", "future")

    def __init__(self) -> None:
        self.texts: list[tuple[str, date | None]] = []
        self.future: Future | None = None


class _Batches:
    """Gathers the texts to analyse into batches of ``BATCH``; a batch is submitted when
    full, or earlier when the parent needs one of its results."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool
        self.open = _Batch()

    def add(self, text: str, given: date | None) -> tuple[_Batch, int]:
        """Queue a text; its batch and its place in it."""
        batch = self.open
        batch.texts.append((text, given))
        if len(batch.texts) == BATCH:
            self.send()
        return batch, len(batch.texts) - 1

    def send(self) -> None:
        """Submit the open batch (not empty) and open another."""
        self.open.future = self.pool.submit(analyse_batch, self.open.texts)
        self.open = _Batch()

    def result(self, batch: _Batch, index: int) -> tuple:
        if batch.future is None:  # still open: the parent waits for it now
            self.send()
        return batch.future.result()[index]


def analyse_batch(texts: list[tuple[str, date | None]]) -> list[tuple]:
    """:func:`quotetrack.ingest.runner.analyse_packed` of each (text, given date): what
    one worker task does."""
    return [analyse_packed(text, given) for text, given in texts]


def _submit(batches: _Batches, target: Target, item: Item, meta: Meta, in_flight: set[str]):
    """Read and check the item here; queue its text for a worker when it is new.

    A text still in flight is not sent again: when the copy's turn comes, the first is
    stored and the copy is reported unchanged, as in a serial run (and no insert is
    attempted, so PostgreSQL spends no id on it). Texts already stored are caught by the
    database check in ``_prepare``, so ``in_flight`` never outgrows the window.
    """
    try:
        ready = _prepare(target, item, meta)
    except InputError as exc:
        return Outcome(item.origin, "failed", reason=str(exc))
    if isinstance(ready, Outcome):
        return ready
    text, digest = ready
    if digest in in_flight:
        return text, digest, None, 0
    in_flight.add(digest)
    return text, digest, *batches.add(text, item.published or meta.published)


def _finish(
    batches: _Batches, target: Target, meta: Meta, in_flight: set[str], item: Item, job
) -> Outcome:
    """Store what the worker found (one transaction); the item's outcome."""
    if isinstance(job, Outcome):
        return job
    text, digest, batch, index = job
    if batch is None:
        ready = _stored_already(target, item, digest)
        if isinstance(ready, Outcome):
            return ready
        publication, extracted, prepared = analyse(text, item.published or meta.published)
    else:
        publication, extracted, prepared = batches.result(batch, index)
    try:
        return _store(target, item, meta, text, digest, publication, extracted, prepared)
    except InputError as exc:
        return Outcome(item.origin, "failed", reason=str(exc))
    finally:
        if batch is not None:
            in_flight.discard(digest)


def _stored_already(target: Target, item: Item, digest: str) -> Outcome | None:
    """The outcome of a text seen earlier in this run: unchanged, now that it is stored."""
    existing = stored_id(target, digest)
    return None if existing is None else Outcome(item.origin, "unchanged", existing)
