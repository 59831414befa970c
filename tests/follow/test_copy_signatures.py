"""The stored signatures that rule copy candidates out: they never rule out a copy at
the thresholds, and documents stored before signatures existed get theirs when needed."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from quotetrack.statements.copies import _EMPTY, _may_copy, sketch
from quotetrack.store.engine import make_engine
from quotetrack.store.follow_models import DocumentCopy, DocumentSignature
from quotetrack.store.models import Document

ARTICLES = Path(__file__).parent / "articles"


def _passes(small: int, large: int, shared: int, rnd: random.Random) -> bool:
    common = {rnd.getrandbits(63) for _ in range(shared)}
    a = common | {rnd.getrandbits(63) for _ in range(small - shared)}
    b = common | {rnd.getrandbits(63) for _ in range(large - shared)}
    mine, theirs = sketch(a), sketch(b)
    empty = [i for i, v in enumerate(mine) if v == _EMPTY]
    return _may_copy(len(a), mine, empty, len(b), tuple(theirs))


@pytest.mark.parametrize("small,large", [(20, 40), (25, 25), (300, 600), (400, 400), (900, 1000)])
def test_a_pair_at_the_copy_thresholds_is_never_ruled_out(small, large):
    rnd = random.Random(small * 7919 + large)
    # 80% of the shorter text's runs in the longer, which is up to twice as long
    assert all(_passes(small, large, int(0.8 * small), rnd) for _ in range(500))


def test_unrelated_and_too_unequal_pairs_are_ruled_out():
    rnd = random.Random(3)
    assert not any(_passes(400, 400, 100, rnd) for _ in range(200))  # a quarter shared
    assert not _passes(100, 201, 100, rnd)  # contained, but under half the length


def test_a_document_stored_before_signatures_is_signed_when_a_candidate(run, db_url):
    def ingest(name: str, published: str, source: str) -> None:
        result = run("ingest", str(ARTICLES / name), "--published", published, "--source", source)
        assert result.exit_code == 0, result.output

    ingest("wire-original.txt", "2025-06-10", "Continental Press")
    engine = make_engine(db_url)
    with engine.begin() as conn:  # as if stored before migration 0006
        conn.execute(delete(DocumentSignature))
    ingest("wire-gazette.txt", "2025-06-11", "Hill Gazette")
    with engine.connect() as conn:
        ids = dict(conn.execute(select(Document.source_id, Document.id)).all())
        copies = conn.execute(
            select(DocumentCopy.document_id, DocumentCopy.copy_of_document_id)
        ).all()
        signed = conn.scalar(select(func.count()).select_from(DocumentSignature))
    engine.dispose()
    assert len(ids) == 2 and signed == 2
    assert len(copies) == 1 and copies[0][1] == min(ids.values())


_BOILERPLATE = (
    "Subscribers can read every story in the weekend edition and the daily briefing. "
    "Letters to the editor may be shortened for space and clarity before they appear. "
    "Corrections are printed on page two of the following morning's paper. "
    "Photographs from readers are welcome and are credited when they are used. "
    "The newsroom can be reached by telephone until eleven at night on weekdays. "
    "Our reporters do not accept gifts from the people and companies they cover. "
)
_WORDS = [
    "council",
    "harbour",
    "budget",
    "ferry",
    "school",
    "bridge",
    "tram",
    "library",
    "clinic",
    "market",
    "orchard",
    "rainfall",
    "tunnel",
    "museum",
    "stadium",
    "festival",
    "license",
    "pension",
    "tariff",
    "courthouse",
    "canal",
    "vineyard",
    "bakery",
    "airport",
    "lighthouse",
    "quarry",
    "reservoir",
    "parade",
    "garrison",
    "observatory",
]


def _story(rnd: random.Random) -> str:
    """An article of its own words between the boilerplate that every article carries."""
    sentences = [
        f"The {' '.join(rnd.choices(_WORDS, k=6))} plan was {rnd.choice(_WORDS)} again."
        for _ in range(12)
    ]
    return "\n\n".join([_BOILERPLATE, " ".join(sentences[:8]), " ".join(sentences[8:])])


def test_a_copy_is_found_among_articles_that_share_boilerplate(run, db_url, tmp_path, monkeypatch):
    """Band keys that boilerplate puts in many articles lead nowhere on their own, but a
    copy (here cut by its last paragraph) shares many keys and is still found."""
    from quotetrack.statements import copies

    monkeypatch.setattr(copies, "HOT", 3)  # boilerplate keys in 4 or more articles
    rnd = random.Random(8)
    folder = tmp_path / "desk"
    folder.mkdir()
    stories = [_story(rnd) for _ in range(30)]
    for i, story in enumerate(stories):
        (folder / f"story-{i:03d}.txt").write_text(story, encoding="utf-8")
    assert run("ingest", str(folder), "--published", "2025-03-01").exit_code == 0
    copy = tmp_path / "copy.txt"
    copy.write_text(stories[7].rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    assert run("ingest", str(copy), "--published", "2025-03-02").exit_code == 0
    engine = make_engine(db_url)
    with engine.connect() as conn:
        copies = conn.execute(
            select(DocumentCopy.document_id, DocumentCopy.copy_of_document_id)
        ).all()
        original = conn.scalar(select(Document.id).where(Document.text.startswith(stories[7])))
        newest = conn.scalar(select(func.max(Document.id)))
    engine.dispose()
    assert copies == [(newest, original)]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "too short",
        "The council met on a wet morning and voted, after a long debate, to keep the pool.",
        "Straße und Ärger: die İnsel, ſo ſagt man, liegt weit draußen im Meer, sehr weit.",
        "one two three four five " * 12,
        "“Quiet,” she said\u00a0— the tide_gauge read ٣٤ at 5\u2009a.m.; ǰust a\ud800test, ok? "
        * 4,
    ],
)
def test_a_sketch_hashes_each_run_as_stable_hash_does(text):
    """The stored band keys and signatures are ``stable_hash`` of each 5-word run, however
    the runs are joined, encoded and hashed on the way."""
    from quotetrack.statements.copies import (
        _PACKED,
        MIN_SHINGLES,
        band_keys,
        copy_sketch,
        runs,
        shingles,
    )
    from quotetrack.statements.normalise import stable_hash

    expected = {stable_hash(*run) for run in runs(text)}
    assert shingles(text) == expected
    found = copy_sketch(text)
    if len(expected) < MIN_SHINGLES:
        assert found is None
        return
    assert found.shingles == len(expected)
    assert found.keys == tuple(band_keys(expected))
    assert found.packed == _PACKED.pack(*sketch(expected))


def test_the_lane_checker_agrees_with_the_value_by_value_check():
    """``_Checker`` (the new document's empty values found and sketches compared as the
    lanes of big integers) decides as :func:`_may_copy` does, whatever is empty where."""
    from quotetrack.statements.copies import _PACKED, SKETCH, CopySketch, _Checker

    rnd = random.Random(11)
    for trial in range(400):
        share = rnd.choice([0.0, 0.3, 0.7, 0.95, 1.0])  # values left empty
        mine = [_EMPTY if rnd.random() < share else rnd.randrange(4) for _ in range(SKETCH)]
        theirs = [
            mine[i] if rnd.random() < 0.8 else _EMPTY if rnd.random() < share else rnd.randrange(4)
            for i in range(SKETCH)
        ]
        count, other_count = rnd.randrange(0, 500), rnd.randrange(1, 500)
        check = _Checker(CopySketch(count, (), _PACKED.pack(*mine)))
        empty = [i for i, v in enumerate(mine) if v == _EMPTY]
        assert check.empty_count == len(empty)
        assert check.may_copy(other_count, _PACKED.pack(*theirs)) == _may_copy(
            count, mine, empty, other_count, tuple(theirs)
        ), trial


@settings(max_examples=300)
@given(
    st.text(alphabet=st.characters(blacklist_categories=()))
    | st.text()
    | st.text(alphabet="Aa_ ßẞİıſKΣσςﬀǅǰΐ\u0307\u0345\u00b5.,-\ud800")
)
def test_words_of_the_folded_text_are_found_without_folding_all_of_it(text):
    """copy_sketch's words, cut from the encoded text by tables, with only its distinct
    non-ASCII characters folded one by one: the ``\\w+`` of ``text.casefold()``."""
    from quotetrack.statements.copies import _encoded_words

    assert _encoded_words(text) == [
        w.encode("utf-8", "surrogatepass") for w in re.findall(r"\w+", text.casefold())
    ]
