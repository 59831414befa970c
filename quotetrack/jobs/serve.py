"""``jobs serve``: run jobs as they fall due until told to stop, for containers.

SIGTERM and SIGINT set a flag that the runs check between documents: the current
document is finished and stored, its run is recorded as stopped, and the loop exits.
A second signal stops at once (every document is one transaction, so even that leaves
no partial document).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from quotetrack.config import redact
from quotetrack.jobs.clock import now
from quotetrack.jobs.report import Reporter
from quotetrack.jobs.run import Settings
from quotetrack.jobs.runner import next_due, run_jobs

MAX_SLEEP = 60.0
MIN_SLEEP = 1.0


@contextlib.contextmanager
def stopping(reporter: Reporter) -> Iterator[threading.Event]:
    """An event set by the first SIGTERM/SIGINT (the second exits at once); the previous
    handlers are back when the block ends."""
    stop = threading.Event()

    def handle(signum, _frame) -> None:
        if stop.is_set():
            raise SystemExit(128 + signum)
        stop.set()
        name = signal.Signals(signum).name
        reporter.note(f"{name}: finishing the current document, then stopping")

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(engine: Engine, settings: Settings, stop: threading.Event, reporter: Reporter) -> None:
    reporter.note("serving: running jobs as they fall due (stop with SIGTERM or Ctrl-C)")
    while not stop.is_set():
        try:
            run_jobs(engine, None, settings, stop, reporter)
            pause = _sleep(next_due(engine))
        except SQLAlchemyError as exc:
            # The database restarting must not end a long-lived loop: wait and try again.
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            reporter.note(f"database error: {redact(detail)}; trying again in {MAX_SLEEP:g} s")
            pause = MAX_SLEEP
        stop.wait(pause)
    reporter.note("stopped")


def _sleep(due) -> float:
    if due is None:
        return MAX_SLEEP
    return min(MAX_SLEEP, max(MIN_SLEEP, (due - now()).total_seconds()))
