"""Copy candidates are searched without reading the longest lists of hot band keys, and
the search finds exactly what the plain query over every list finds."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from quotetrack.statements import copies
from quotetrack.store.engine import make_engine
from quotetrack.store.follow_models import DocumentKey
from quotetrack.store.upsert import driver_execute, in_list

# The query the search replaced, kept as the reference: every list of the new document's
# band keys joined and grouped by document. Parameters: the keys, the new document's id,
# MANY and HOT.
_REFERENCE = (
    'SELECT c."document_id", s."shingles", s."signature" FROM ('
    'SELECT k."document_id" AS "document_id" FROM "document_keys" AS k JOIN ('
    'SELECT "key", count(*) AS n FROM "document_keys" WHERE "key" IN ({}) GROUP BY "key"'
    ') AS spread ON spread."key" = k."key" WHERE k."document_id" != ? '
    'GROUP BY k."document_id" HAVING count(*) >= ? OR min(spread.n) <= ?'
    ') AS c LEFT OUTER JOIN "document_signatures" AS s ON s."document_id" = c."document_id" '
    'ORDER BY c."document_id"'
)


def _words(line: str) -> tuple[str, ...]:
    return tuple(line.split())


_NOUNS = _words(
    "ferry timetable council harbour levy orchard tunnel lantern quarry reservoir parade "
    "pension bakery clinic canal meadow signal bridge market granary kiln weir"
)
_VERBS = _words("closed reopened doubled delayed approved rejected repainted widened sold")


def _sentence(rnd: random.Random) -> str:
    noun, other = rnd.sample(_NOUNS, 2)
    return f"The {noun} by the {other} was {rnd.choice(_VERBS)} on {rnd.choice(_NOUNS)} day."


def _archive(rnd: random.Random, count: int) -> list[str]:
    """Articles that carry a few of eight notices (boilerplate), some far more often than
    others, around sentences of their own; a few are reprints of earlier ones."""
    notices = [" ".join(_sentence(rnd) for _ in range(8)) for _ in range(8)]
    weights = [0.9, 0.8, 0.6, 0.5, 0.3, 0.2, 0.1, 0.05]
    texts: list[str] = []
    for _ in range(count):
        if texts and rnd.random() < 0.15:
            texts.append(rnd.choice(texts) + " " + _sentence(rnd))
            continue
        parts = [n for n, w in zip(notices, weights, strict=True) if rnd.random() < w]
        parts.append(" ".join(_sentence(rnd) for _ in range(rnd.randrange(2, 10))))
        rnd.shuffle(parts)
        texts.append("\n\n".join(parts))
    return texts


def _reference(session: Session, keys: tuple[int, ...], document_id: int) -> list[tuple]:
    sql = _REFERENCE.format(in_list(len(keys)))
    return driver_execute(session, sql, (*keys, document_id, copies.MANY, copies.HOT)).fetchall()


@pytest.mark.parametrize(
    "many,hot,counted",
    [(3, 50, 256), (3, 4, 5), (3, 1, 2), (3, 6, 256), (3, 8, 3), (2, 6, 7), (4, 3, 4), (5, 8, 9)],
)
def test_the_search_finds_what_the_query_over_every_list_finds(
    run, db_url, tmp_path, monkeypatch, many, hot, counted
):
    """On an archive where boilerplate makes band keys hot: each stored document's keys,
    and random mixes of hot, cold and unknown keys of every length, give the same
    candidates (and signatures, in the same order) as the reference query, whether or
    not the longest lists are counted to their end."""
    rnd = random.Random(many * 100 + hot)
    folder = tmp_path / "desk"
    folder.mkdir()
    for i, text in enumerate(_archive(rnd, 70)):
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")
    assert run("ingest", str(folder), "--published", "2025-04-01").exit_code == 0
    monkeypatch.setattr(copies, "MANY", many)
    monkeypatch.setattr(copies, "HOT", hot)
    monkeypatch.setattr(copies, "COUNTED", counted)
    engine = make_engine(db_url)
    with Session(engine) as session:
        rows = session.execute(select(DocumentKey.document_id, DocumentKey.key)).all()
        held: dict[int, list[int]] = {}
        for document_id, key in rows:
            held.setdefault(document_id, []).append(key)
        spread = {}
        for _, key in rows:
            spread[key] = spread.get(key, 0) + 1
        assert max(spread.values()) > 20  # some keys are hot
        every = sorted(spread)
        cases = [(tuple(keys), document_id) for document_id, keys in held.items()]
        for _ in range(150):
            mix = rnd.sample(every, rnd.randrange(0, 17))
            mix += [rnd.getrandbits(63) for _ in range(rnd.randrange(0, 3))]  # unknown
            rnd.shuffle(mix)
            cases.append((tuple(mix[:16] or [1]), rnd.choice([0, *held])))
        found = 0
        for keys, document_id in cases:
            expected = _reference(session, keys, document_id)
            assert copies._candidates(session, keys, document_id) == expected, keys
            found += len(expected)
        assert found > len(cases)  # the cases are not all empty
    engine.dispose()
