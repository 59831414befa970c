"""Telling the user how runs go: a progress line on a terminal, plain log lines otherwise.

Under cron or systemd stderr is a file or the journal, where a progress bar is noise:
there each document gets one timestamped line. On a terminal, long runs show a single
updating line instead, and failures still get a line each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TextIO

from quotetrack.jobs.clock import iso, now

if TYPE_CHECKING:
    from quotetrack.ingest.runner import Outcome
    from quotetrack.jobs.run import RunResult

PROGRESS_FROM = 20  # entries; shorter runs need no progress line


class Reporter(Protocol):
    def started(self, job: str, total: int | None) -> None: ...
    def handled(self, job: str, outcome: Outcome, skipped: bool) -> None: ...
    def passed(self, job: str) -> None: ...
    def finished(self, result: RunResult) -> None: ...
    def note(self, message: str) -> None: ...


class LogReporter:
    """One timestamped line per document, run and notice."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def line(self, text: str) -> None:
        self.out.write(f"{iso(now())} {text}\n")
        self.out.flush()

    def started(self, job: str, total: int | None) -> None:
        size = "" if total is None else f" ({total} entries)"
        self.line(f"{job}: started{size}")

    def handled(self, job: str, outcome: Outcome, skipped: bool) -> None:
        self.line(f"{job}: {describe(outcome, skipped)}")

    def passed(self, job: str) -> None:
        """An entry seen before and left alone: not worth a log line."""

    def finished(self, result: RunResult) -> None:
        self.line(f"{result.job}: {summary(result)}")

    def note(self, message: str) -> None:
        self.line(message)


class TerminalReporter(LogReporter):
    """A progress line that rewrites itself; failures and summaries stay on screen."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.total: int | None = None
        self.done = 0

    def started(self, job: str, total: int | None) -> None:
        self.total, self.done = total, 0

    def handled(self, job: str, outcome: Outcome, skipped: bool) -> None:
        if outcome.status == "failed":
            self._clear()
            self.line(f"{job}: {describe(outcome, skipped)}")
        self.passed(job)

    def passed(self, job: str) -> None:
        self.done += 1
        if self.total is None or self.total >= PROGRESS_FROM:
            of = f"/{self.total}" if self.total is not None else ""
            self.out.write(f"\r{job}: {self.done}{of} {_bar(self.done, self.total)}")
            self.out.flush()

    def finished(self, result: RunResult) -> None:
        self._clear()
        super().finished(result)

    def _clear(self) -> None:
        self.out.write("\r\033[K")


def describe(outcome: Outcome, skipped: bool = False) -> str:
    if outcome.status == "failed":
        return f"failed {outcome.origin}: {outcome.reason}"
    if skipped:
        return f"seen {outcome.origin} (document {outcome.document_id})"
    if outcome.status == "new":
        return (
            f"new {outcome.origin} (document {outcome.document_id}, "
            f"{outcome.attributions} attributions)"
        )
    return f"unchanged {outcome.origin} (document {outcome.document_id})"


def summary(result: RunResult) -> str:
    c = result.counts
    text = (
        f"{result.status}: {c.new} new, {c.unchanged} unchanged, "
        f"{c.skipped} skipped, {c.failed} failed"
    )
    if result.status == "failed" and result.error:
        text += f" ({result.error})"
    return text


def _bar(done: int, total: int | None, width: int = 30) -> str:
    if not total:
        return ""
    filled = min(width, width * done // total)
    return "[" + "#" * filled + "-" * (width - filled) + "]"
