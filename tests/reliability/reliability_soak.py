"""Crash and concurrency soaks: run the real ``quotetrack ingest`` and check what survives.

Shared by the test suite (small, fast runs) and ``benchmarks/crash_soak.py`` /
``benchmarks/concurrency_soak.py`` (the long runs whose figures are in
docs/RELIABILITY.md), so the numbers in the document come from the code the tests run.

What "loses nothing" means here, checked by :func:`verify`:

* the database passes its integrity check (SQLite ``PRAGMA integrity_check`` and
  ``foreign_key_check``; on PostgreSQL, no attribution without its document);
* no document is partial: each stored document has exactly the attributions the extractor
  finds in its stored text, no more and no fewer;
* nothing is stored twice: one row per text, per speaker key, per attribution span;
* every document an ingest reported as ``new`` before it died is still there;
* no process of a killed ingest outlives it (``--jobs N`` forks extraction workers).
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text as sql

QUOTETRACK = Path(sys.executable).parent / "quotetrack"


def expected_hashes(paths: list[Path]) -> dict[str, str]:
    """The content hash each file will be stored under, by file path."""
    from quotetrack.ingest import documents

    return {
        str(p): documents.content_hash(documents.normalise(p.read_text("utf-8"))) for p in paths
    }


def backend(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def integrity_problems(url: str) -> list[str]:
    """What the database's own checks find wrong (empty when it is sound)."""
    from quotetrack.store.engine import make_engine

    engine = make_engine(url)
    problems: list[str] = []
    try:
        with engine.connect() as conn:
            if backend(url) == "sqlite":
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                if result != ["ok"]:
                    problems.append(f"integrity_check: {result[:3]}")
                fk = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
                if fk:
                    problems.append(f"foreign_key_check: {len(fk)} rows")
            else:
                orphans = conn.execute(
                    sql(
                        "SELECT count(*) FROM attributions a "
                        "LEFT JOIN documents d ON d.id = a.document_id WHERE d.id IS NULL"
                    )
                ).scalar()
                if orphans:
                    problems.append(f"{orphans} attributions without a document")
    finally:
        engine.dispose()
    return problems


@dataclass
class StoreCheck:
    """What :func:`verify` found: counts, and every problem as a sentence."""

    documents: int = 0
    attributions: int = 0
    partial: int = 0
    duplicates: int = 0
    problems: list[str] = field(default_factory=list)
    revision: str | None = None  # None: no schema at all


def schema_state(url: str) -> tuple[str | None, list[str]]:
    """The schema revision (None for a database with no tables at all: an ingest killed
    before its first migration committed) and what is wrong with the schema: tables
    without a revision, or a revision that is not the head, is a half-made schema."""
    from sqlalchemy import inspect

    from quotetrack.store.engine import make_engine
    from quotetrack.store.migrate import HEAD

    engine = make_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        if not tables:
            return None, []
        if "alembic_version" not in tables:
            return "", [f"half-made schema: {len(tables)} tables and no revision"]
        with engine.connect() as conn:
            revision = conn.execute(sql("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    if revision != HEAD or "documents" not in tables:
        return revision or "", [f"half-made schema at revision {revision!r}"]
    return revision, []


def verify(
    url: str, expected: set[str] | None = None, checked: set[int] | None = None
) -> StoreCheck:
    """Check the store as described in the module docstring.

    ``expected`` is the set of content hashes that may be stored (anything else is a
    problem); ``checked`` holds ids of documents already compared with the extractor, so
    repeated checks during a soak re-extract only the new ones (it is updated).
    """
    from quotetrack.extraction.pipeline import extract
    from quotetrack.store.engine import make_engine

    out = StoreCheck()
    revision, problems = schema_state(url)
    out.revision, out.problems = revision, problems
    if revision is None or problems:  # no schema yet (nothing to check), or a broken one
        return out
    out.problems = integrity_problems(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            docs = conn.execute(sql("SELECT id, content_hash, text FROM documents")).all()
            spans: dict[int, list[tuple[int, int]]] = {}
            for doc_id, start, end in conn.execute(
                sql('SELECT document_id, start, "end" FROM attributions')
            ):
                spans.setdefault(doc_id, []).append((start, end))
            speaker_keys = [r[0] for r in conn.execute(sql("SELECT key FROM speakers"))]
    finally:
        engine.dispose()
    out.documents = len(docs)
    out.attributions = sum(len(v) for v in spans.values())
    hashes = Counter(h for _, h, _ in docs)
    dup_docs = sum(n - 1 for n in hashes.values() if n > 1)
    dup_spans = sum(len(v) - len(set(v)) for v in spans.values())
    dup_speakers = len(speaker_keys) - len(set(speaker_keys))
    out.duplicates = dup_docs + dup_spans + dup_speakers
    if out.duplicates:
        out.problems.append(
            f"duplicates: {dup_docs} documents, {dup_spans} attributions, {dup_speakers} speakers"
        )
    if expected is not None:
        strangers = set(hashes) - expected
        if strangers:
            out.problems.append(f"{len(strangers)} documents that were never ingested")
    known = {d for d, _, _ in docs}
    orphans = set(spans) - known
    if orphans:
        out.problems.append(f"attributions for {len(orphans)} missing documents")
    checked = checked if checked is not None else set()
    for doc_id, _, body in docs:
        if doc_id in checked:
            continue
        want = sorted((a.start, a.end) for a in extract(body))
        if sorted(spans.get(doc_id, [])) != want:
            out.partial += 1
            out.problems.append(
                f"document {doc_id} is partial: {len(spans.get(doc_id, []))} of "
                f"{len(want)} attributions stored"
            )
        else:
            checked.add(doc_id)
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"  # each outcome line reaches us as soon as it is printed
    env.pop("QUOTETRACK_DB", None)
    return env


def _group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) in process group ``pgid``; empty where there is no
    /proc to read."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended while we looked
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


def leftover_processes(pgid: int, wait: float = 5.0) -> int:
    """How many processes of a killed ingest (its own process group) are still alive
    after ``wait`` seconds; those are then killed so they cannot disturb what follows."""
    deadline = time.monotonic() + wait
    while (left := _group_members(pgid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return len(left)


@dataclass
class Kill:
    """One interrupted ingest: when it was killed and what the store looked like after."""

    number: int
    waited_for: int  # "new" lines awaited before the kill
    delay_ms: int  # extra delay after them
    reported_new: int  # "new" lines the process printed before it died
    documents_after: int
    finished_first: bool  # the ingest completed before the kill landed
    problems: list[str]
    left_running: int = 0  # processes of the killed ingest still alive seconds later
    schema_after: str | None = None  # the revision after the kill; None: no schema yet


@dataclass
class CrashResult:
    articles: int
    kills: list[Kill]
    final_exit: int
    final_summary: str
    final: StoreCheck
    missing: int  # expected documents absent after the final run
    lost_reported: int  # documents reported "new" by a killed run but absent afterwards
    seconds: float

    @property
    def ok(self) -> bool:
        return (
            self.final_exit == 0
            and not self.final.problems
            and self.missing == 0
            and self.lost_reported == 0
            and all(not k.problems for k in self.kills)
        )


def crash_soak(
    url: str, paths: list[Path], kills: int, seed: int = 7, options: tuple[str, ...] = ()
) -> CrashResult:
    """Ingest ``paths``, SIGKILL the ingest ``kills`` times at random moments, check the
    store after each kill, then let a last run finish and check that the set is complete.
    ``options`` are added to the ingest command line (``--jobs 2``...)."""
    rng = random.Random(seed)
    expected = expected_hashes(paths)
    wanted = set(expected.values())
    checked: set[int] = set()
    results: list[Kill] = []
    reported: set[str] = set()
    started = time.monotonic()
    args = [str(QUOTETRACK), "ingest", *map(str, paths), *options, "--db", url]
    for number in range(1, kills + 1):
        stored = verify(url, wanted, checked).documents if number > 1 else 0
        remaining = max(0, len(paths) - stored)
        budget = max(1, remaining // (kills - number + 2))
        wait_for = rng.randint(0, budget)
        delay = rng.uniform(0.0, 0.08)
        if number == 1:
            # the first kill at start-up (imports, creating the schema): within 0.4 s,
            # since a whole 60-article ingest can end in 1.1 s on a quiet machine
            wait_for, delay = 0, delay * 5
        with tempfile.TemporaryFile() as err:
            proc = subprocess.Popen(
                args,
                stdout=subprocess.PIPE,
                stderr=err,
                env=_env(),
                text=True,
                start_new_session=True,  # the ingest and any workers it forks: one group
            )
            assert proc.stdout is not None
            seen = 0
            finished = False
            while seen < wait_for:
                line = proc.stdout.readline()
                if not line:
                    finished = True
                    break
                if line.startswith("new "):
                    seen += 1
                    reported.add(line.split()[1])
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            # before reading the rest: a surviving worker would hold the pipe open
            left_running = leftover_processes(proc.pid)
            for line in proc.stdout.read().splitlines():
                if line.startswith("new "):
                    seen += 1
                    reported.add(line.split()[1])
            proc.stdout.close()
            finished = finished or proc.returncode == 0
            err.seek(0)
            last_error = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
        check = verify(url, wanted, checked)
        if proc.returncode not in (0, -signal.SIGKILL):
            check.problems.append(f"ingest exited {proc.returncode} by itself: {last_error}")
        if left_running:
            check.problems.append(f"{left_running} processes outlived the killed ingest")
        results.append(
            Kill(
                number,
                wait_for,
                round(delay * 1000),
                seen,
                check.documents,
                finished,
                check.problems,
                left_running,
                check.revision,
            )
        )
    final = subprocess.run(args, capture_output=True, text=True, env=_env())
    summary = (final.stderr.strip().splitlines() or [""])[-1]
    check = verify(url, wanted, checked)
    stored_hashes = _stored_hashes(url)
    lost = sum(1 for origin in reported if expected.get(origin) not in stored_hashes)
    return CrashResult(
        articles=len(paths),
        kills=results,
        final_exit=final.returncode,
        final_summary=summary,
        final=check,
        missing=len(wanted - stored_hashes),
        lost_reported=lost,
        seconds=time.monotonic() - started,
    )


def _stored_hashes(url: str) -> set[str]:
    from quotetrack.store.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {r[0] for r in conn.execute(sql("SELECT content_hash FROM documents"))}
    finally:
        engine.dispose()


@dataclass
class Worker:
    """One of the concurrent ingest processes and what it reported."""

    exit_code: int
    new: int
    unchanged: int
    failed: int
    stderr: str


@dataclass
class ConcurrencyResult:
    articles: int
    workers: list[Worker]
    new_by_origin: Counter
    check: StoreCheck
    missing: int
    seconds: float

    @property
    def locked_messages(self) -> int:
        return sum(w.stderr.lower().count("locked") for w in self.workers)

    @property
    def ok(self) -> bool:
        return (
            all(w.exit_code == 0 and w.failed == 0 for w in self.workers)
            and self.locked_messages == 0
            and not any("Error" in w.stderr or "Traceback" in w.stderr for w in self.workers)
            and not self.check.problems
            and self.missing == 0
            and sorted(self.new_by_origin.values()) == [1] * self.articles
        )


def concurrency_soak(
    url: str, paths: list[Path], processes: int = 4, seed: int = 11, init_first: bool = True
) -> ConcurrencyResult:
    """Start ``processes`` ingests of the same ``paths`` at once, each in its own shuffled
    order so they collide on the same documents and speakers, and check the store.

    With ``init_first`` false the database does not exist yet, so the processes also race
    to create the schema.
    """
    rng = random.Random(seed)
    if init_first:
        subprocess.run(
            [str(QUOTETRACK), "init", "--db", url], check=True, capture_output=True, env=_env()
        )
    started = time.monotonic()
    procs = []
    for _ in range(processes):
        order = list(map(str, paths))
        rng.shuffle(order)
        procs.append(
            subprocess.Popen(
                [str(QUOTETRACK), "ingest", *order, "--db", url],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_env(),
                text=True,
            )
        )
    workers = []
    new_by_origin: Counter = Counter({str(p): 0 for p in paths})
    for proc in procs:
        out, err = proc.communicate()
        lines = out.splitlines()
        for line in lines:
            if line.startswith("new "):
                new_by_origin[line.split()[1]] += 1
        workers.append(
            Worker(
                proc.returncode,
                sum(line.startswith("new ") for line in lines),
                sum(line.startswith("unchanged ") for line in lines),
                err.count("\nfailed ") + err.startswith("failed "),
                err,
            )
        )
    seconds = time.monotonic() - started
    wanted = set(expected_hashes(paths).values())
    check = verify(url, wanted)
    return ConcurrencyResult(
        len(paths), workers, new_by_origin, check, len(wanted - _stored_hashes(url)), seconds
    )


@contextlib.contextmanager
def scratch_database(pg_url: str | None, folder: Path) -> Iterator[str]:
    """A URL of an empty database: a new SQLite file in ``folder``, or with ``pg_url`` a
    schema of its own in that PostgreSQL database, dropped afterwards."""
    if not pg_url:
        folder.mkdir(parents=True, exist_ok=True)
        yield "sqlite:///" + str(folder / "quotes.db")
        return
    import uuid

    from sqlalchemy import create_engine

    from quotetrack.config import resolve_db_url

    base = resolve_db_url(pg_url)
    schema = "qt_soak_" + uuid.uuid4().hex[:10]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(sql(f"CREATE SCHEMA {schema}"))
    try:
        sep = "&" if "?" in base else "?"
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(sql(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
