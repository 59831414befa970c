"""Statement keys grouped by speaker (migration 0010): the same words under two speakers
stay two statements, a speaker's repeated words join their statement, and a database
migrated down and up links exactly as before. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from quotetrack.statements.normalise import (
    HASH_BITS,
    SPEAKER_MASK,
    index_keys,
    spoken,
    stable_hash,
    wording,
)
from quotetrack.statements.similarity import MIN_WORDS

ARTICLES = Path(__file__).parent / "articles"
LEVY = "We cannot ask fishing families to pay for a breakwater they never asked for"
FIRST = f"""Harbour levy vote delayed again

The city council postponed its vote on the harbour levy on Monday.

"{LEVY}," said Ines Moreau, the mayor of Port Alder.

Councillor Tomas Brandt disagreed. "The breakwater protects every house on the waterfront,
and the storms are getting worse each winter," Brandt said.
"""
SECOND = f"""Waterfront residents split over levy

Residents packed the hall on Wednesday evening to hear both sides.

"{LEVY}," Tomas Brandt told the meeting, quoting a leaflet handed out at the door.

Ines Moreau repeated her view. "{LEVY}," she said.
"""


def test_one_speakers_keys_share_their_high_bits():
    w = wording("The new bridge will open to cyclists before the summer holidays")
    assert {k >> HASH_BITS for k in index_keys(41, w)} == {41}
    # ids that agree mod 2^23 share the high bits, but the low bits hash the speaker too
    far = 41 + SPEAKER_MASK + 1
    assert {k >> HASH_BITS for k in index_keys(far, w)} == {41}
    assert not index_keys(41, w) & index_keys(far, w)
    assert all(0 <= k < 2**63 for k in index_keys(SPEAKER_MASK, w))


def test_a_key_is_the_speakers_bits_and_a_hash_of_speaker_and_shingle():
    from quotetrack.statements.normalise import HASH_MASK

    for speaker_id, said in [
        (7, "We will build it … now, and fast"),
        (2**30 + 5, "Non … é"),
        (3, ""),
    ]:
        w = wording(said)
        expected = {
            ((speaker_id & SPEAKER_MASK) << HASH_BITS)
            | (stable_hash(speaker_id, " ".join(s)) & HASH_MASK)
            for s in w.shingles()
        }
        assert index_keys(speaker_id, w) == expected


def _store(run, tmp_path: Path, name: str, body: str, published: str) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    result = run("ingest", str(path), "--published", published)
    assert result.exit_code == 0, result.output


def _levy_rows(run) -> list[dict]:
    result = run("quotes", "--search", "fishing families", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_the_same_words_under_two_speakers_are_two_statements(run, tmp_path):
    _store(run, tmp_path, "first.txt", FIRST, "2025-06-02")
    _store(run, tmp_path, "second.txt", SECOND, "2025-06-04")
    found = _levy_rows(run)
    by_speaker: dict[str, set] = {}
    for row in found:
        by_speaker.setdefault(row["speaker"], set()).add(row["statement_id"])
    assert sorted(by_speaker) == ["Ines Moreau", "Tomas Brandt"]
    # Moreau said it twice: one statement with two appearances; Brandt's is his own
    assert len(by_speaker["Ines Moreau"]) == 1 and len(by_speaker["Tomas Brandt"]) == 1
    assert by_speaker["Ines Moreau"] != by_speaker["Tomas Brandt"]
    appearances = {r["speaker"]: r["appearances"] for r in found}
    assert appearances == {"Ines Moreau": 2, "Tomas Brandt": 1}


def _tables(engine) -> dict[str, set]:
    queries = {
        "statements": "SELECT id, speaker_id, first_attribution_id, appearances FROM statements",
        "appearances": "SELECT attribution_id, statement_id, reason FROM statement_appearances",
        "wordings": "SELECT statement_id, text_hash, attribution_id FROM statement_wordings",
        "keys": 'SELECT "key", statement_id FROM statement_keys',
    }
    with engine.connect() as conn:
        return {name: set(conn.execute(text(sql)).all()) for name, sql in queries.items()}


def _derived_keys(engine, old: bool) -> set:
    """Each statement's keys made from its appearances' texts: as revisions 0004-0009
    hashed them (``stable_hash(speaker, shingle)``) or as linking hashes them now."""
    rows = set()
    with engine.connect() as conn:
        found = conn.execute(
            text(
                "SELECT s.id, s.speaker_id, t.text, t.kind FROM statements s "
                "JOIN statement_appearances a ON a.statement_id = s.id "
                "JOIN attributions t ON t.id = a.attribution_id "
                "WHERE s.speaker_id IS NOT NULL"
            )
        ).all()
    for statement_id, speaker_id, said, kind in found:
        w = wording(spoken(said, kind))
        if len(w.words) < MIN_WORDS:
            continue
        if old:
            keys = {stable_hash(speaker_id, " ".join(s)) for s in w.shingles()}
        else:
            keys = index_keys(speaker_id, w)
        rows |= {(k, statement_id) for k in keys}
    return rows


@pytest.mark.parametrize("merged", [False, True])
def test_keys_migrated_down_and_up_link_as_before(run, tmp_path, db_url, merged):
    from quotetrack.config import resolve_db_url
    from quotetrack.store import migrate
    from quotetrack.store.engine import make_engine

    for name, day in [("dam-herald.txt", "2025-05-02"), ("dam-post.txt", "2025-05-09")]:
        assert run("ingest", str(ARTICLES / name), "--published", day).exit_code == 0
    _store(run, tmp_path, "first.txt", FIRST, "2025-06-02")
    if merged:  # Brandt's statements keep no speaker, so no key leads to them
        assert run("speakers", "merge", "Ines Moreau", "Councillor Tomas Brandt").exit_code == 0
    engine = make_engine(resolve_db_url(db_url))
    before = _tables(engine)
    assert before["keys"] >= _derived_keys(engine, old=False)
    assert before["keys"] - _derived_keys(engine, old=False) == (
        {row for row in before["keys"] if row[1] in _speakerless(before)}
    )

    migrate.downgrade(engine, "0009")
    down = _tables(engine)
    assert down["keys"] == _derived_keys(engine, old=True)
    assert {k for k, _ in down["keys"]}.isdisjoint({k for k, _ in before["keys"]})
    assert {name: rows for name, rows in down.items() if name != "keys"} == {
        name: rows for name, rows in before.items() if name != "keys"
    }

    migrate.upgrade(engine)
    after = _tables(engine)
    speakerless = _speakerless(before)
    assert after == {
        **before,
        "keys": {row for row in before["keys"] if row[1] not in speakerless},
    }
    for k, statement_id in after["keys"]:
        speaker_id = next(s for i, s, *_ in after["statements"] if i == statement_id)
        assert k >> HASH_BITS == speaker_id & SPEAKER_MASK

    # Linking after the round trip: Moreau's words join her statement; Brandt's quote of
    # the same words stays apart.
    _store(run, tmp_path, "second.txt", SECOND, "2025-06-04")
    found = _levy_rows(run)
    moreau = {r["statement_id"] for r in found if r["speaker"] == "Ines Moreau"}
    assert len(moreau) == 1
    assert {r["appearances"] for r in found if r["speaker"] == "Ines Moreau"} == {2}
    assert moreau.isdisjoint(r["statement_id"] for r in found if r["speaker"] != "Ines Moreau")
    engine.dispose()


def _speakerless(tables: dict[str, set]) -> set[int]:
    return {i for i, speaker_id, *_ in tables["statements"] if speaker_id is None}


def test_candidates_are_the_statements_sharing_most_keys():
    """Candidates come most shared keys first, ties by lowest id, at most CANDIDATES."""
    import random
    from collections import Counter

    from quotetrack.statements.link import CANDIDATES, _candidates

    rng = random.Random(5)
    for _ in range(300):
        by_key = {k: set(rng.sample(range(1, 30), rng.randint(1, 4))) for k in range(40)}
        keys = set(rng.sample(range(80), rng.randint(0, 12)))  # half of them unknown
        shared = Counter(s for k in keys for s in by_key.get(k, ()))
        expected = sorted(shared, key=lambda s: (-shared[s], s))[:CANDIDATES]
        assert _candidates(keys, by_key) == expected


def test_a_wording_comes_back_whole_from_a_worker():
    """ingest --jobs pickles each wording in a worker and the parent links with it."""
    import copy
    import pickle

    w = wording("We will … build it, don't doubt")
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(w, protocol=protocol))
        assert back == w and back.words == w.words and back.shingles() == w.shingles()
    assert copy.deepcopy(w).words == w.words == ("we", "will", "build", "it", "dont", "doubt")


@pytest.mark.parametrize(
    "said",
    ["", "...", "One segment only, as most quotes are", "Cut here … and here … and once more", "x"],
)
def test_a_wordings_words_are_its_segments_in_order(said):
    w = wording(said)
    assert w.words == tuple(word for segment in w.segments for word in segment)
    assert type(w.words) is tuple


def test_speakers_with_keys_are_those_with_a_key_under_their_bits(engine):
    """The probe before the key lookup: a speaker's bits are live when any stored key has
    them as its top bits, the lowest and highest keys under them included, and only
    then; more speakers than one probe holds are asked in several."""
    from quotetrack.statements.link import SPEAKERS, _speakers_with_keys
    from quotetrack.statements.normalise import HASH_MASK

    stored = {0: 0, 5: HASH_MASK, 7: 12345, SPEAKER_MASK: HASH_MASK, 3 * SPEAKERS: 1}
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO statements (id, created_at, appearances, sources, "
                "independent_sources) VALUES (1, '2025-01-01 00:00:00', 1, 1, 1)"
            )
        )
        for bits, low in stored.items():
            conn.execute(
                text('INSERT INTO statement_keys ("key", statement_id) VALUES (:k, 1)'),
                {"k": bits << HASH_BITS | low},
            )
        asked = set(range(3 * SPEAKERS + 2)) | {SPEAKER_MASK - 1, SPEAKER_MASK}
        assert _speakers_with_keys(conn, asked) == set(stored)
        assert _speakers_with_keys(conn, {4, 6, 8}) == set()
        assert _speakers_with_keys(conn, set()) == set()


def test_padded_lookups_find_what_one_query_a_key_finds(engine):
    """The key lookup sends its IN lists padded to a few lengths (the last value
    repeated): over key sets of every size up to past one CHUNK, it finds exactly the
    statements a plain query per key finds, a key leading to several included."""
    import random

    from quotetrack.statements.link import CHUNK, _padded, _statements_by_key

    rng = random.Random(6)
    stored = {rng.randrange(2**62): rng.sample(range(1, 6), rng.randint(1, 3)) for _ in range(700)}
    with engine.begin() as conn:
        for statement_id in range(1, 6):
            conn.execute(
                text(
                    "INSERT INTO statements (id, created_at, appearances, sources, "
                    "independent_sources) VALUES (:i, '2025-01-01 00:00:00', 1, 1, 1)"
                ),
                {"i": statement_id},
            )
        conn.execute(
            text('INSERT INTO statement_keys ("key", statement_id) VALUES (:k, :s)'),
            [{"k": k, "s": s} for k, ids in stored.items() for s in ids],
        )
        for size in [1, 2, 3, 5, 64, 65, 300, CHUNK, CHUNK + 1, 1100]:
            keys = set(rng.sample(sorted(stored), min(size, 700)))
            keys |= {rng.randrange(2**62) for _ in range(size // 3)}  # not stored
            expected = {}
            for k in keys:
                found = conn.execute(
                    text('SELECT statement_id FROM statement_keys WHERE "key" = :k'), {"k": k}
                ).scalars()
                if ids := set(found):
                    expected[k] = ids
            assert _statements_by_key(conn, keys) == expected
            padded = _padded(sorted(keys)[:CHUNK])
            assert set(padded) == set(sorted(keys)[:CHUNK])
            assert len(padded) == CHUNK or len(padded) & (len(padded) - 1) == 0
