"""Whatever the text, extract() returns consistent records and never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.extraction.model import KINDS, RESOLUTIONS, STANCES
from quotetrack.extraction.pipeline import extract

# extract() turns an internal error into a warning and no records; here that must fail.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

# Text built from the pieces that trouble an extractor: marks, cues, names, breaks.
PIECES = st.sampled_from(
    [
        '"',
        "\u201c",
        "\u201d",
        "\u2018",
        "\u2019",
        "''",
        "\u00ab",
        "\u00bb",
        ":",
        ",",
        ".",
        "\n",
        "\n\n",
        " ",
        "said",
        "told reporters",
        "according to",
        "he",
        "She",
        "Smith",
        "Jane Roe",
        "the minister",
        "that",
        "which",
        "by",
        "was",
        "\u2014",
        "(",
        ")",
        "Mr.",
        "We will win",
        "SMITH:",
        "is telling",
        "adding",
    ]
)
NEWSISH = st.lists(PIECES, max_size=60).map(" ".join)


def _check(text: str) -> None:
    found = extract(text)
    assert found == sorted(found, key=lambda a: (a.start, a.end))
    for a in found:
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.text
        assert a.kind in KINDS and a.stance in STANCES and a.resolution in RESOLUTIONS
        assert 0.0 <= a.confidence <= 1.0
        if a.mention is not None:
            assert text[a.mention_start : a.mention_end] == a.mention
    assert extract(text) == found  # deterministic


@settings(max_examples=400, deadline=None)
@given(NEWSISH)
def test_news_like_noise(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text(text: str) -> None:
    _check(text)


def test_empty_and_blank_text() -> None:
    assert extract("") == []
    assert extract("  \n\n ") == []


def test_a_stray_mark_does_not_swallow_the_article() -> None:
    text = (
        'The council met on "Monday.\n\n'
        '"We will vote next week," said Ola Berg, the council leader.'
    )
    found = extract(text)
    assert any(a.text.startswith("We will vote") and a.speaker == "Ola Berg" for a in found)


def test_quote_continued_over_paragraphs_keeps_its_speaker() -> None:
    text = (
        '"The first part of the plan is the harbour," said Ines Vale, the port director. '
        '"It will take two years.\n\n'
        '"The second part is the rail link, which will take longer."'
    )
    found = extract(text)
    second = next(a for a in found if "rail link" in a.text)
    assert second.speaker == "Ines Vale"


def test_pieces_of_one_quotation_are_listed_as_fragments() -> None:
    text = '"We tried," Carl Ortiz said, "but the money ran out."'
    (found,) = [a for a in extract(text) if a.kind == "direct"]
    assert [text[s:e] for s, e in found.fragments] == ["We tried,", "but the money ran out."]


def test_long_words_and_name_runs_stay_fast() -> None:
    """Guards against regexes that backtrack exponentially on long words."""
    import time

    text = ("A" + "b" * 60 + " c said that " + "Mac" + "d" * 50 + " Ef Gh ") * 200
    start = time.process_time()
    extract(text)
    assert time.process_time() - start < 3.0
