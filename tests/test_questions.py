"""The questions ``ask`` understands, as a table of cases: a new form is a new row."""

from __future__ import annotations

from datetime import date

import pytest

from quotetrack.errors import QuestionError
from quotetrack.query.questions import parse_question

TODAY = date(2025, 3, 20)

CASES = [
    ("what did Witkoff say", dict(speaker="Witkoff")),
    ("What did Witkoff say?", dict(speaker="Witkoff")),
    (
        "what did Peskov say about NATO since February",
        dict(speaker="Peskov", about="NATO", since=date(2025, 2, 1)),
    ),
    ("what has Trump said since March 1", dict(speaker="Trump", since=date(2025, 3, 1))),
    (
        "what did Mara Lindqvist say about pay before March",
        dict(speaker="Mara Lindqvist", about="pay", until=date(2025, 3, 31)),
    ),
    (
        "what did Dahl say in 2024",
        dict(speaker="Dahl", since=date(2024, 1, 1), until=date(2024, 12, 31)),
    ),
    (
        "what did Dahl say last week",
        dict(speaker="Dahl", since=date(2025, 3, 10), until=date(2025, 3, 16)),
    ),
    (
        "everything Peskov said about NATO since February",
        dict(speaker="Peskov", about="NATO", since=date(2025, 2, 1)),
    ),
    ("quotes by Hegseth", dict(speaker="Hegseth")),
    ("who said 'no more money in the pot'", dict(search="no more money in the pot")),
    ("who said “fair offer”", dict(search="fair offer")),
    (
        "who talked about nuclear arms control last month",
        dict(about="nuclear arms control", since=date(2025, 2, 1), until=date(2025, 2, 28)),
    ),
    (
        "what was said about the port between January and February",
        dict(about="port", since=date(2025, 1, 1), until=date(2025, 2, 28)),
    ),
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_question_becomes_query(question, expected):
    query = parse_question(question, today=TODAY)
    for field in ("speaker", "about", "search", "since", "until"):
        assert getattr(query, field) == expected.get(field), field


@pytest.mark.parametrize("question", ["hello there", "", "tell me a joke"])
def test_unreadable_question_lists_the_forms(question):
    with pytest.raises(QuestionError) as info:
        parse_question(question, today=TODAY)
    assert "what did Witkoff say" in str(info.value)
    assert "\n" not in str(info.value)


def test_unreadable_time_is_reported():
    with pytest.raises(QuestionError, match="time"):
        parse_question("what did Dahl say since the flibbertigibbet", today=TODAY)
