"""The extractor under fuzzing, as the store and the CLI use it.

tests/extraction/test_robustness.py checks the records of ``extract`` on noise. What it
cannot see: ``extract`` turns any internal exception into a RuntimeWarning and returns
nothing, so a crash there looks like "no quotes". These tests make that warning an error,
fuzz real articles with inserted debris (marks, breaks, odd Unicode) rather than noise
alone, check every offset the records carry, check what the store keeps after
normalisation, and check that the output is the same in another process with another
hash seed (set iteration order must not leak into results).
"""

from __future__ import annotations

import json
import os
import subprocess
import warnings
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_corpus import articles
from reliability_soak import QUOTETRACK
from sqlalchemy import select

from quotetrack.errors import InputError
from quotetrack.extraction.pipeline import extract
from quotetrack.ingest import documents
from quotetrack.ingest.reading import decode
from quotetrack.store.engine import session_factory, writer
from quotetrack.store.models import Attribution, Document
from quotetrack.store.repository import NewDocument, store_document

BASE = [a.text for a in articles(12, seed=5)]
DEBRIS = [
    '"',
    "\u201c",
    "\u201d",
    "'",
    "\u00ab",
    "\u00bb",
    "\u201e",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\u2028",
    "e\u0301",
    "\U0001f600",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\u4e2d\u6587",
    "\ud7ff",
    "\x00",
    "\x0c",
    " said ",
    " told reporters: ",
    "Mr. ",
    "U.S.",
    "\u2014",
    "...",
    "(",
    ")",
    ", he said.",
    ' she added. "',
]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def damaged_articles(draw) -> str:
    """A real-looking article with debris inserted at random places."""
    text = draw(st.sampled_from(BASE))
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        piece = draw(st.sampled_from(DEBRIS) | st.text(max_size=4))
        text = text[:at] + piece + text[at:]
    if draw(st.booleans()):
        text = text[draw(st.integers(0, len(text))) :]  # cut anywhere
    return text


def strict_extract(text: str):
    """``extract`` with its swallowed internal errors turned back into exceptions."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="quotetrack extraction failed")
        return extract(text)


def check_records(text: str) -> list:
    found = strict_extract(text)
    n = len(text)
    for a in found:
        assert 0 <= a.start <= a.end <= n
        assert text[a.start : a.end] == a.text
        assert 0 <= a.sentence_start <= a.sentence_end <= n
        for start, end, value in (
            (a.mention_start, a.mention_end, a.mention),
            (a.cue_start, a.cue_end, a.cue),
        ):
            if start is not None:
                assert 0 <= start <= end <= n
                assert value is not None
    assert strict_extract(text) == found
    return found


@FUZZ
@given(damaged_articles())
def test_damaged_articles_never_crash_the_extractor(text: str) -> None:
    check_records(text)


@FUZZ
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_unicode_never_crashes_the_extractor(text: str) -> None:
    check_records(text)


@pytest.fixture
def sessions(engine):
    return session_factory(writer(engine))


@settings(FUZZ, max_examples=40)
@given(damaged_articles())
def test_stored_content_is_the_stored_text_at_its_offsets(sessions, text: str) -> None:
    """What ``ingest`` does, minus reading the file: decode, normalise, extract, store in one
    transaction; read back, every attribution's text is the document's text at its span.
    Each example is rolled back, so the database stays empty between them."""
    try:
        body = documents.normalise(decode(text.encode("utf-8", "surrogatepass")))
    except InputError:  # refused before extraction, as ingest would (empty, NUL, ...)
        return
    found = check_records(body)
    session = sessions()
    try:
        with session.begin():
            doc_id = store_document(
                session,
                NewDocument(
                    text=body,
                    content_hash=documents.content_hash(body),
                    title=None,
                    url=None,
                    origin=None,
                    source=None,
                    published=date(2025, 3, 1),
                    published_source="given",
                ),
                found,
            )
            stored = session.scalar(select(Document.text).where(Document.id == doc_id))
            rows = session.execute(
                select(Attribution.start, Attribution.end, Attribution.text).where(
                    Attribution.document_id == doc_id
                )
            ).all()
            assert stored == body
            assert len(rows) == len(found)
            assert all(stored[s:e] == t for s, e, t in rows)
            session.rollback()
    finally:
        session.close()


def test_same_output_in_another_process_with_another_hash_seed(tmp_path: Path) -> None:
    """``quotetrack extract`` run twice with different PYTHONHASHSEED gives byte-identical
    output on damaged articles (a set or dict order leaking into results would differ)."""
    import random

    rng = random.Random(17)
    paths = []
    for i in range(25):
        text = rng.choice(BASE)
        for _ in range(rng.randint(0, 8)):
            at = rng.randint(0, len(text))
            text = text[:at] + rng.choice(DEBRIS) + text[at:]
        path = tmp_path / f"damaged-{i}.txt"
        path.write_text(text.replace("\x00", ""), encoding="utf-8")
        paths.append(str(path))
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [str(QUOTETRACK), "extract", *paths, "--format", "jsonl"],
            capture_output=True,
            text=True,
            env=env,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    rows = [json.loads(line) for line in outputs[0].splitlines()]
    assert len({r["doc"] for r in rows}) > 10
