"""``ingest --jobs N``: the same outcomes and the same rows as the serial path.

Extraction runs in worker processes, storing stays in the parent; these tests check the
behaviour that must not change because of that (what is stored, what is reported, that
nothing is stored twice), never how fast it is.
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from quotetrack.ingest.parallel import ingest_parallel
from quotetrack.ingest.runner import Meta
from quotetrack.ingest.runner import ingest as ingest_serial
from quotetrack.ingest.sources import items_from_paths
from quotetrack.store.engine import make_engine
from quotetrack.store.migrate import ensure_current

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

ARTICLE = """Harbour council {verb} the levy

PORT VELLA, March {day}, 2024 — The council met on Tuesday.

"We will not accept another delay to the harbour tunnel," Mayor Freya Sandoval said.

Councillor Hugo Castell said the vote had been {verb} by a wide margin. "This is long
overdue," he added.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with new articles, a duplicate, and inputs that must fail."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    for day, verb in enumerate(("approves", "rejects", "delays", "debates", "backs"), 1):
        (folder / f"council-{day:02d}.txt").write_text(ARTICLE.format(day=day, verb=verb))
    # Same text as council-01 with CRLF line ends: one document, not two.
    (folder / "council-99-copy.txt").write_bytes(
        ARTICLE.format(day=1, verb="approves").replace("\n", "\r\n").encode()
    )
    (folder / "empty.txt").write_text("  \n\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / "latin1.txt").write_bytes("Caf\xe9 owners said prices rose.".encode("latin-1"))
    return folder


def _stored(engine) -> list[tuple]:
    """Every attribution as (document hash, span, kind, speaker), in a stable order."""
    with engine.connect() as conn:
        return sorted(
            tuple(row)
            for row in conn.execute(
                text(
                    'SELECT d.content_hash, a.start, a."end", a.kind, a.text, s.name '
                    "FROM attributions a JOIN documents d ON d.id = a.document_id "
                    "LEFT JOIN speakers s ON s.id = a.speaker_id"
                )
            )
        )


def _documents(engine) -> list[tuple]:
    """Every document's identity, title and date (as text: backends type dates apart)."""
    with engine.connect() as conn:
        return sorted(
            tuple(str(v) for v in row)
            for row in conn.execute(
                text("SELECT content_hash, title, published, published_source FROM documents")
            )
        )


def _summary(outcomes) -> list[tuple]:
    return [(Path(o.origin).name, o.status, o.attributions, o.reason) for o in outcomes]


def test_same_outcomes_and_rows_as_serial(engine, corpus: Path, tmp_path: Path) -> None:
    serial_engine = make_engine("sqlite:///" + str(tmp_path / "serial.db"))
    ensure_current(serial_engine)
    items = list(items_from_paths([str(corpus)]))
    serial = list(ingest_serial(serial_engine, items, Meta()))
    parallel = list(ingest_parallel(engine, items, Meta(), jobs=2))

    assert _summary(parallel) == _summary(serial)
    assert _stored(engine) == _stored(serial_engine)
    assert _documents(engine) == _documents(serial_engine)
    statuses = [o.status for o in parallel]
    assert statuses.count("failed") == 3
    assert statuses.count("unchanged") == 1  # the CRLF copy
    serial_engine.dispose()


def test_no_duplicates_within_a_run_or_across_runs(engine, corpus: Path) -> None:
    items = list(items_from_paths([str(corpus)]))
    first = list(ingest_parallel(engine, items, Meta(), jobs=2, window=3))
    rows = _stored(engine)
    docs = _documents(engine)
    assert len(rows) == len(set(rows))
    assert len(docs) == sum(o.status == "new" for o in first)

    again = list(ingest_parallel(engine, items, Meta(), jobs=3))
    assert {o.status for o in again} == {"unchanged", "failed"}
    assert _stored(engine) == rows
    assert _documents(engine) == docs
    new_ids = {o.origin: o.document_id for o in first if o.status == "new"}
    for o in again:
        if o.origin in new_ids:
            assert o.document_id == new_ids[o.origin]


def test_outcomes_come_in_input_order_whatever_the_window(engine, corpus: Path) -> None:
    items = list(items_from_paths([str(corpus)]))
    outcomes = list(ingest_parallel(engine, items, Meta(), jobs=2, window=1))
    assert [o.origin for o in outcomes] == [i.origin for i in items]


def test_failures_are_reported_with_their_reason(engine, corpus: Path) -> None:
    items = list(items_from_paths([str(corpus / "empty.txt"), str(corpus / "missing.txt")]))
    outcomes = list(ingest_parallel(engine, items, Meta(), jobs=2))
    assert [o.status for o in outcomes] == ["failed", "failed"]
    assert "empty document" in outcomes[0].reason
    assert outcomes[1].reason == "no such file"


def test_cli_jobs_reports_like_serial(run, runner, corpus: Path, tmp_path: Path) -> None:
    from quotetrack.cli import cli

    serial_db = str(tmp_path / "serial.db")
    serial = runner.invoke(cli, ["ingest", str(corpus), "--db", serial_db])
    result = run("ingest", str(corpus), "--jobs", "2")
    assert result.exit_code == serial.exit_code == 3  # some failed, the others stored
    assert result.stdout == serial.stdout
    assert result.stderr == serial.stderr
    assert result.stderr.splitlines()[-1] == "8 new, 1 unchanged, 3 failed"
    again = run("ingest", str(corpus), "--jobs", "2")
    assert again.stderr.splitlines()[-1] == "0 new, 9 unchanged, 3 failed"


def test_cli_rejects_zero_jobs(run, corpus: Path) -> None:
    result = run("ingest", str(corpus), "--jobs", "0")
    assert result.exit_code == 2


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_leaves_the_garbage_collector_as_it_found_it(engine, corpus: Path, jobs) -> None:
    """A long-lived process (``jobs serve``, a notebook) runs ingest after ingest: each
    run's frozen objects and thresholds must not outlive it, also when the caller stops
    reading outcomes half-way (a Ctrl-C in the CLI, a job cancelled)."""
    items = list(items_from_paths([str(corpus)]))
    run = ingest_serial if jobs == 1 else lambda e, i, m: ingest_parallel(e, i, m, jobs=jobs)
    before = (gc.get_threshold(), gc.get_freeze_count())

    list(run(engine, items, Meta()))
    assert (gc.get_threshold(), gc.get_freeze_count()) == before

    outcomes = run(engine, items, Meta())
    next(outcomes)
    next(outcomes)
    assert gc.get_freeze_count() > before[1]  # mid-run: what was loaded is frozen
    outcomes.close()
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
