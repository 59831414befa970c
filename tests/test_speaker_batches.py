"""Speakers resolved a document at a time are those resolved one name at a time."""

from __future__ import annotations

from sqlalchemy import text

from quotetrack.speakers.registry import speaker_for, speakers_for
from quotetrack.store.engine import session_factory

NAMES = [
    ("Senator Alma Brightwater", "person"),
    ("Alma Brightwater", "person"),
    ("Brightwater", "person"),
    ("Dr. Kofi Ansah-Lind", "person"),
    ("Harbour Authority", "organization"),
    ("Kofi Ansah-Lind", "person"),
    ("Mayor Joan Q. Pell", "person"),
    ("Tobias Pell", "person"),
    ("Pell", "person"),
    ("Mayor Joan Pell", "person"),
]


def _stored(engine) -> tuple[list, list]:
    with engine.connect() as conn:
        speakers = conn.execute(text("SELECT id, name, key, kind FROM speakers ORDER BY id")).all()
        keys = {i: key for i, _, key, _ in speakers}
        aliases = conn.execute(
            text("SELECT speaker_id, alias, key, reason, origin FROM speaker_aliases ORDER BY id")
        ).all()
    return [s[1:] for s in speakers], [(keys[a[0]], *a[1:]) for a in aliases]


def _clear(engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM speaker_aliases"))
        conn.execute(text("DELETE FROM speakers"))


def test_a_batch_creates_the_speakers_and_aliases_one_name_at_a_time_would(engine):
    sessions = session_factory(engine)
    results = []
    for batch in (True, False):
        with sessions.begin() as session:
            speaker_for(session, "Joan Pell", "person")  # known before the document
        with sessions.begin() as session:
            if batch:
                found = speakers_for(session, NAMES)
            else:
                found = {ident: speaker_for(session, *ident) for ident in NAMES}
        speakers, aliases = _stored(engine)
        with engine.connect() as conn:
            keys = dict(conn.execute(text("SELECT id, key FROM speakers")).all())
        results.append(({ident: keys[i] for ident, i in found.items()}, speakers, aliases))
        _clear(engine)
    assert results[0] == results[1]
    found, speakers, aliases = results[0]
    assert found[("Brightwater", "person")] == found[("Alma Brightwater", "person")]
    assert len(speakers) == len(set(speakers))
