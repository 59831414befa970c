"""Guarantees that hold for any input: the CLI feeds find_dates whatever it is given."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.extraction.dates import find_dateline, find_dates
from quotetrack.extraction.model import PRECISIONS

DATE_WORDS = st.sampled_from(
    [
        "Monday", "last week", "Sept. 11", "1998", "the third quarter", "a year ago",
        "March 14, 2025", "next year", "yesterday", "early", "the", "of", ",", ".", " ",
        "\n", "may", "May", "2000", "-", "quarter", "nineteen ninety", "ago", "’s",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(DATE_WORDS, max_size=30).map(" ".join))
ANCHORS = st.one_of(st.none(), st.dates(min_value=dt.date(1, 3, 1), max_value=dt.date(9998, 10, 1)))


@settings(max_examples=300, deadline=None)
@given(TEXTS, ANCHORS)
def test_any_text_gives_sorted_disjoint_faithful_mentions(text, anchor):
    mentions = find_dates(text, anchor)
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.precision in PRECISIONS
    for before, after in zip(mentions, mentions[1:], strict=False):
        assert before.end <= after.start
    assert find_dates(text, anchor) == mentions  # deterministic


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_dateline_never_raises(text):
    found = find_dateline(text)
    assert found is None or found.precision == "day"


def test_extreme_anchors_do_not_raise():
    text = "Last year, next week, the fourth quarter, December and Monday."
    for anchor in (dt.date.min, dt.date.max):
        find_dates(text, anchor)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.integers(-5, 400), st.integers(-5, 400), st.booleans())
def test_said_on_never_raises_and_stays_in_the_sentence(text, a, b, with_text):
    from quotetrack.extraction.said_on import said_on

    dates = find_dates(text, dt.date(2025, 3, 15))
    cue_start, cue_end = sorted((a, b))
    found = said_on(0, len(text), cue_start, cue_end, dates, text=text if with_text else None)
    assert found is None or found in dates
