"""Attributions whose source the sentence does not name (claims, fifth pass).

A question put by an unnamed asker and an expectation held by unnamed people are
reported with no mention and an unknown speaker: never a guessed one. Every sentence here
is invented.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quotetrack.extraction.model import Attribution
from quotetrack.extraction.pipeline import extract


def _unsourced(text: str) -> list[Attribution]:
    return [a for a in extract(text) if a.rule == "unsourced"]


def test_a_question_opening_the_sentence_has_no_speaker() -> None:
    text = "Asked about the ferry levy, the harbour master said it was fair."
    found = extract(text)
    question = [a for a in found if a.rule == "unsourced"]
    assert [(a.text, a.cue) for a in question] == [("about the ferry levy", "Asked")]
    a = question[0]
    assert a.speaker is None and a.mention is None
    assert a.mention_start is None and a.mention_end is None
    assert a.resolution == "none" and not a.anonymous
    # the answer keeps its own, named speaker
    assert ("the harbour master", "it was fair") in [(b.mention, b.text) for b in found]


def test_an_expectation_reports_its_whole_clause_with_no_speaker() -> None:
    found = _unsourced("The harbour board is widely expected to vote on the levy on Monday.")
    assert [(a.text, a.cue, a.speaker) for a in found] == [
        (
            "The harbour board is widely expected to vote on the levy on Monday",
            "is widely expected",
            None,
        )
    ]
    # the board is what the expectation is about, not who holds it
    assert found[0].mention is None


def test_a_passive_question_without_an_agent_has_no_speaker() -> None:
    found = _unsourced("Ada Brook was asked whether she would run again, and she said no.")
    assert [(a.text, a.speaker) for a in found] == [
        ("Ada Brook was asked whether she would run again", None)
    ]
    # with the asker named, the question is no unsourced record
    assert _unsourced("Ada Brook was asked by the host whether she would run again.") == []


def test_no_record_without_a_question_or_an_infinitive() -> None:
    assert _unsourced("As expected, the harbour board voted for the levy.") == []
    assert _unsourced("The result was expected.") == []
    assert _unsourced("She asked for a recount and got one.") == []


def test_quoted_words_are_never_given_to_an_unknown_speaker() -> None:
    assert _unsourced('The ferry is expected to "sail on time, whatever the weather."') == []


def test_unsourced_records_are_less_confident_than_named_ones() -> None:
    found = extract(
        "The harbour board is expected to vote on the levy. Roe said the vote was fair."
    )
    by_rule = {a.rule: a.confidence for a in found}
    assert by_rule["unsourced"] < by_rule["reported"]


def test_reportedly_reports_its_clause_with_no_speaker() -> None:
    found = _unsourced("The harbour board has reportedly met twice, and the mayor left early.")
    assert [(a.text, a.cue, a.speaker, a.mention) for a in found] == [
        ("The harbour board has reportedly met twice", "reportedly", None, None)
    ]


def test_a_question_after_when_inside_the_sentence_has_no_speaker() -> None:
    text = '"We will see," Ada Brook said when asked whether she would run again.'
    found = extract(text)
    assert [(a.text, a.speaker) for a in found if a.rule == "unsourced"] == [
        ("whether she would run again", None)
    ]
    # the answer is still hers
    assert [(a.text, a.speaker) for a in found if a.kind == "direct"] == [
        ("We will see,", "Ada Brook")
    ]


def test_the_passive_scan_finds_what_a_full_search_finds() -> None:
    """The scan tries the pattern only where its first words start; it must find exactly
    the matches of a search at every character, capitals, a letter that lowercases to two
    characters (the full search is used then) and back-to-back shapes included."""
    from quotetrack.extraction.literals import lowered
    from quotetrack.extraction.unsourced import _near, _passive_matches, _patterns
    from quotetrack.rules import load_rules

    _, passive, starts = _patterns(load_rules())
    texts = [
        "The council IS EXPECTED to vote. Was asked whether it would; when asked about it.",
        "Islands were widely believed to sink. The mayor has reportedly met the board twice.",
        "İzmir's port is expected to reopen, and the ferry was reportedly sold when pressed.",
        "asked whether, is expected to go; the owners were not thought to know",
        "Nothing here is said about it, as this sentence has no shape the rule takes.",
    ]
    near = _near(load_rules())
    assert near is not None
    for text in texts:
        expected = [m.span() for m in passive.finditer(text)]
        for hints in (None, near):
            found = _passive_matches(passive, starts, text, lowered(text), hints)
            assert [m.span() for m in found] == expected
    assert sum(len(list(passive.finditer(t))) for t in texts) >= 8


_PASSIVE_PIECES = st.sampled_from(
    ["is", "was", "were", "been", "being", "when", "while", "reportedly", "widely", "also"]
    + ["asked", "pressed", "expected", "said", "thought", "unreported", "rumoured", "to"]
    + ["whether", "about", "go", "Was", "EXPECTED", "When", "(", '"', "\n", ",", "x"]
    + [" ", " ", " ", "  ", "\n\n", "\t"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PASSIVE_PIECES, max_size=30).map("".join))
def test_the_passive_scan_near_the_strings_it_needs_finds_what_a_full_search_finds(
    text: str,
) -> None:
    from quotetrack.extraction.literals import lowered
    from quotetrack.extraction.unsourced import _near, _passive_matches, _patterns
    from quotetrack.rules import load_rules

    _, passive, starts = _patterns(load_rules())
    found = _passive_matches(passive, starts, text, lowered(text), _near(load_rules()))
    assert [m.span() for m in found] == [m.span() for m in passive.finditer(text)]
