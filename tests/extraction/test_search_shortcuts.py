"""Shortcuts that skip a regex search must only skip searches that cannot match."""

from __future__ import annotations

import pytest

from quotetrack.extraction.literals import final_words
from quotetrack.extraction.pipeline import extract


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:later|on) (?:monday|friday)(?: night)?", {"monday", "friday", "night"}),
        (r"(?i:in a (?:statement|tweet))|was|n't", {"statement", "tweet", "was", "n't"}),
        (r"\d+ (?:days?|weeks?) ago", {"ago"}),
    ],
)
def test_final_words_of_finite_endings(pattern: str, words: set[str]) -> None:
    assert final_words(pattern) == words


@pytest.mark.parametrize("pattern", [r"on \w+", r"(?:this )?", r"\d+", r"last [a-z]+day"])
def test_final_words_unknown_when_an_ending_is_open(pattern: str) -> None:
    assert final_words(pattern) is None  # no word may then be ruled out


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe on Monday said the bridge would open in May.",
        "Jane Roe earlier this week said the bridge would open in May.",
        "The mayor, Jane Roe, on Friday said the bridge would open in May.",
        "Jane Roe has repeatedly said the bridge would open in May.",
    ],
)
def test_time_phrase_and_adverbs_stay_out_of_the_speaker(text: str) -> None:
    [claim] = extract(text)
    assert claim.mention == "Jane Roe"


def test_a_title_seen_before_a_name_finds_the_name_later() -> None:
    text = (
        "Harbour Commissioner Jane Roe opened the port on Monday. "
        '"The cranes are too slow," the commissioner said.'
    )
    [quote] = extract(text)
    assert (quote.speaker, quote.resolution) == ("Jane Roe", "title")


def test_apostrophes_inside_single_quotes_do_not_close_them() -> None:
    text = "\u2018We don\u2019t back down, and we won\u2019t,\u2019 Jane Roe said on Monday."
    [quote] = extract(text)
    assert (quote.text, quote.speaker) == (
        "We don\u2019t back down, and we won\u2019t,",
        "Jane Roe",
    )


def test_paragraphs_padded_with_spaces_keep_their_offsets() -> None:
    text = "  Intro line.  \n\n  \u201cIt isn\u2019t over,\u201d Jane Roe said.  \n"
    [quote] = extract(text)
    assert text[quote.start : quote.end] == quote.text == "It isn\u2019t over,"
    assert (
        text[quote.sentence_start : quote.sentence_end]
        == "\u201cIt isn\u2019t over,\u201d Jane Roe said."
    )
