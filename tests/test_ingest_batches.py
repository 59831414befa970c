"""Several documents per transaction (SQLite) keep every promise of one per transaction.

A document is reported only once the transaction that stored it is committed, so a
crash never loses a document reported as stored; a document is never half-written; and
a document whose storing fails costs only itself, as it would alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from quotetrack.ingest import runner
from quotetrack.ingest.parallel import ingest_parallel
from quotetrack.ingest.runner import Meta, ingest
from quotetrack.ingest.sources import items_from_paths

ARTICLE = """Ferry board {verb} the new timetable

LOWMERE, April {day}, 2024 — The board met on Monday.

"The crossing at {hour} o'clock will stay," chair Ines Marlowe said.

Deputy chair Tomas Arbel said the board had {verb} it after a long debate. "Passengers
asked for this," he added.
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Twelve articles: more than one transaction's worth with a small batch."""
    folder = tmp_path / "in"
    folder.mkdir()
    verbs = ("backs", "drops", "delays", "debates", "revises", "approves")
    for day in range(1, 13):
        text_ = ARTICLE.format(day=day, verb=verbs[day % len(verbs)], hour=day)
        (folder / f"ferry-{day:02d}.txt").write_text(text_)
    return folder


def _committed(engine, document_id: int) -> int | None:
    """The attributions of a document as another connection sees them (None: no such
    document there)."""
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT count(*) FROM documents WHERE id = :id"), {"id": document_id}
        ).scalar()
        if not found:
            return None
        return conn.execute(
            text("SELECT count(*) FROM attributions WHERE document_id = :id"), {"id": document_id}
        ).scalar()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_reported_new_is_already_committed(engine, folder, monkeypatch, jobs):
    monkeypatch.setattr(runner, "BATCH", 5)
    items = list(items_from_paths([str(folder)]))
    run = ingest(engine, items, Meta()) if jobs == 1 else ingest_parallel(engine, items, Meta(), 2)
    seen = 0
    for outcome in run:
        assert outcome.status == "new", outcome
        assert outcome.attributions > 0
        # checked while the run is still going: a kill now would lose none of these
        assert _committed(engine, outcome.document_id) == outcome.attributions
        seen += 1
    assert seen == 12


def test_a_document_that_fails_to_store_costs_only_itself(engine, folder, monkeypatch):
    """Storing the fourth article fails (as a bug or a full disk would): the three
    before it are stored whole and reported, then the error stops the run, and nothing
    of the fourth is in the database."""
    monkeypatch.setattr(runner, "BATCH", 5)
    real = runner.store_document

    def failing(session, doc, extracted, prepared=None):
        doc_id = real(session, doc, extracted, prepared)  # half of it written by now
        if "at 4 o'clock" in doc.text:
            raise RuntimeError("storage broke")
        return doc_id

    monkeypatch.setattr(runner, "store_document", failing)
    items = list(items_from_paths([str(folder)]))
    reported = []
    with pytest.raises(RuntimeError, match="storage broke"):
        for outcome in ingest(engine, items, Meta()):
            reported.append(outcome)
    assert [Path(o.origin).name for o in reported] == [f"ferry-0{d}.txt" for d in (1, 2, 3)]
    with engine.connect() as conn:
        stored = dict(
            conn.execute(
                text(
                    "SELECT d.origin, count(a.id) FROM documents d "
                    "LEFT JOIN attributions a ON a.document_id = d.id GROUP BY d.origin"
                )
            ).all()
        )
    assert stored == {o.origin: o.attributions for o in reported}

    # the rest follows on the next run; the three are unchanged
    monkeypatch.setattr(runner, "store_document", real)
    again = list(ingest(engine, items, Meta()))
    assert [o.status for o in again] == ["unchanged"] * 3 + ["new"] * 9


def test_the_same_text_twice_in_one_batch_is_one_document(engine, folder, monkeypatch):
    monkeypatch.setattr(runner, "BATCH", 16)
    (folder / "ferry-01-again.txt").write_text((folder / "ferry-01.txt").read_text())
    outcomes = list(ingest(engine, list(items_from_paths([str(folder)])), Meta()))
    twins = [o for o in outcomes if Path(o.origin).name.startswith("ferry-01")]
    assert sorted(o.status for o in twins) == ["new", "unchanged"]
    assert twins[0].document_id == twins[1].document_id
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar() == 12
