"""When two wordings are one statement: the conservative rules, case by case."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.statements.diff import word_diff
from quotetrack.statements.normalise import index_keys, spoken, wording
from quotetrack.statements.similarity import compare

HEAD = "We will not let this dam become a monument to delay"
TAIL = "the turbines will turn by next winter"
LONG = f"{HEAD}, and {TAIL}."


def match(a: str, b: str):
    return compare(wording(a), wording(b))


@pytest.mark.parametrize(
    "other",
    [
        f"{HEAD.lower()} and {TAIL}",
        f"“{HEAD.replace('not', 'NOT')} — and {TAIL}”",
        f"{HEAD} ... {TAIL},",
    ],
)
def test_punctuation_case_and_marks_do_not_matter(other):
    found = match(other, LONG)
    assert found is not None and found.score >= 0.9


def test_exact_after_normalisation_says_so():
    assert match(LONG.upper(), LONG).reason == "exact after normalisation"


def test_a_shorter_partial_quote_joins_the_longer_one():
    found = match("not let this dam become a monument to delay", LONG)
    assert found.reason == "contained in a longer wording"
    assert match(LONG, "not let this dam become a monument to delay").reason == (
        "contains a shorter wording"
    )


def test_one_word_changed_in_a_long_quote_still_joins():
    assert match(LONG.replace("next winter", "this winter"), LONG) is not None


def test_a_different_sentence_sharing_words_does_not_join():
    assert match("We will not surrender our land", "We will not surrender to pressure") is None
    assert (
        match("This dam will be a monument to our engineers, not to our politicians", LONG) is None
    )


def test_scattered_common_words_do_not_make_a_match():
    assert (
        match(
            "the people of this country deserve better than this",
            "the people want better roads and this country deserves safer bridges than this",
        )
        is None
    )


def test_short_quotes_join_only_when_exact():
    assert match("a monument to delay", "A monument to delay!") is not None
    assert match("a monument to delay", LONG) is None  # too short to say it is the same
    assert match("Yes", "yes") is None


def test_mixed_quotes_are_compared_on_their_quoted_words():
    text = 'the government would "not let this dam become a monument to delay'
    assert spoken(text, "mixed") == "not let this dam become a monument to delay"
    assert spoken(LONG, "direct") == LONG


def test_index_keys_are_per_speaker_and_stable():
    w = wording(LONG)
    assert index_keys(1, w) == index_keys(1, wording(LONG.lower()))
    assert not index_keys(1, w) & index_keys(2, w)
    assert all(0 <= k < 2**63 for k in index_keys(1, w))


def test_word_diff_shows_what_changed():
    assert word_diff("We will win, he said", "We will surely win, he said") == (
        "We will {+surely+} win, he said"
    )
    assert "[-delay, and-] {+delay …+}" in word_diff(LONG, LONG.replace("delay, and", "delay …"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab_'`’‘ .…-3\n\u00e9\u0301\u2160", max_size=30))
def test_apostrophes_dropped_between_word_characters_as_a_look_behind_would(text):
    """normalise._APOSTROPHE opens with its class and checks the letter behind it, to be
    searched quickly: it must drop what ``(?<=\\w)['’‘`](?=\\w)`` drops."""
    from quotetrack.statements.normalise import _APOSTROPHE

    assert _APOSTROPHE.sub("", text) == re.sub(r"(?<=\w)['’‘`](?=\w)", "", text)
