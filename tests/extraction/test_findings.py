"""A sentence opening with its poll reports the poll's finding (claims, fifth pass).

Every sentence here is invented.
"""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract


def _findings(text: str) -> list[tuple[str | None, str]]:
    return [(a.mention, a.text) for a in extract(text) if a.rule == "finding"]


def test_in_a_poll_gives_the_rest_of_the_sentence_to_the_poll() -> None:
    text = "In a harbour poll released Sunday, 40 percent of residents backed the levy."
    assert _findings(text) == [
        ("a harbour poll released Sunday", "40 percent of residents backed the levy")
    ]


def test_the_polls_own_aside_is_no_part_of_the_finding() -> None:
    text = "In the latest ferry survey, conducted in May, the mayor led by ten points."
    assert _findings(text) == [("the latest ferry survey", "the mayor led by ten points")]


def test_only_a_poll_that_heads_the_opening_phrase_is_a_source() -> None:
    assert _findings("In eight towns where polls were taken, voters backed the levy.") == []
    # an interview or a letter frames a sentence with a speaker of its own
    assert _findings("In an interview, Ada Brook said the levy was fair.") == []
    assert _findings("Voters backed the levy in a harbour poll on Sunday.") == []
