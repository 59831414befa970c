"""said_on picks the date of the speech act, and refuses dates of the reported content.

Each case: a sentence, its speech cue, and the date expression that says when the words
were spoken (None when the sentence does not say, so the publication date applies).
"""

from __future__ import annotations

import datetime as dt

import pytest

from quotetrack.extraction.dates import find_dates
from quotetrack.extraction.said_on import said_on

ANCHOR = dt.date(2025, 3, 15)

CASES = [
    # the date modifies the cue
    ("The minister said on Tuesday that talks would resume.", "said", "Tuesday"),
    ("The minister said Tuesday the plan was dead.", "said", "Tuesday"),
    ("The envoy told reporters last week that a call was planned.", "told", "last week"),
    ("The envoy told reporters in Brussels on Monday he was hopeful.", "told", "Monday"),
    ("She said in a statement on March 4 that she would resign.", "said", "March 4"),
    ("On Monday, the spokesman said the offer stood.", "said", "Monday"),
    ("The spokesman on Monday said the offer stood.", "said", "Monday"),
    ("Speaking before Congress on March 4, the president said peace was near.", "said", "March 4"),
    ("Yesterday the governor announced a freeze.", "announced", "Yesterday"),
    # the date belongs to what was said
    ("The envoy said the talks began on February 12.", "said", None),
    ("The envoy said that on February 12 the leaders spoke.", "said", None),
    ("The ministers met on Monday, an aide said.", "said", None),
    ("The aide said the vote will be held next week.", "said", None),
    ('He said "we will meet on Friday" and left.', "said", None),
    ("An aide said the leaders, who met Thursday, agreed.", "said", None),
    ("She praised the landmark 1933 law in a speech.", "praised", None),
    ("He said in 2012 that the law worked.", "said", "2012"),
    # no date at all
    ("The envoy said the talks were productive.", "said", None),
]


def test_a_date_inside_the_cue_span_counts():
    sentence = "The campaign responded Friday, saying the report was unfair."
    dates = find_dates(sentence, ANCHOR)
    cue = "responded Friday, saying"
    start = sentence.index(cue)
    for text in (sentence, None):
        found = said_on(0, len(sentence), start, start + len(cue), dates, text=text)
        assert found is not None and found.value == "2025-03-14"


@pytest.mark.parametrize(("sentence", "cue", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_date_of_the_statement(sentence, cue, expected):
    dates = find_dates(sentence, ANCHOR)
    start = sentence.index(cue)
    found = said_on(0, len(sentence), start, start + len(cue), dates, text=sentence)
    assert (found.text if found else None) == expected


def test_without_text_only_an_adjacent_date_counts():
    sentence = "The envoy said Tuesday that the talks began on February 12."
    dates = find_dates(sentence, ANCHOR)
    start = sentence.index("said")
    found = said_on(0, len(sentence), start, start + 4, dates)
    assert found is not None and found.value == "2025-03-11"


def test_dates_outside_the_sentence_are_ignored():
    text = "Talks began Monday. The envoy said little."
    dates = find_dates(text, ANCHOR)
    start = text.index("said")
    assert said_on(20, len(text), start, start + 4, dates, text=text) is None


def test_no_cue_no_date():
    dates = find_dates("On Monday, the talks resumed.", ANCHOR)
    assert said_on(0, 29, None, None, dates) is None
