"""Reported claims open with their complementiser (claims, fifth pass).

Annotators of reported speech mark the whole that-clause, ``that`` included, as what was
said; the extractor's span follows them. Every sentence here is invented.
"""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract


def _claims(text: str) -> list[tuple[str | None, str]]:
    return [(a.mention, a.text) for a in extract(text) if a.kind != "direct"]


def test_a_that_clause_is_reported_with_its_that() -> None:
    assert _claims("The harbour master said that the ferries would run again.") == [
        ("The harbour master", "that the ferries would run again")
    ]
    # without a complementiser the clause starts at its first word, as before
    assert _claims("The harbour master said the ferries would run again.") == [
        ("The harbour master", "the ferries would run again")
    ]


def test_a_hearer_or_an_aside_before_that_stays_out_of_the_claim() -> None:
    assert _claims("Ada Brook told the board that she would resign.") == [
        ("Ada Brook", "that she would resign")
    ]
    assert _claims("Ada Brook says, however, that the ferry should run all year.") == [
        ("Ada Brook", "that the ferry should run all year")
    ]


def test_a_subordinate_clause_right_after_that_is_part_of_the_claim() -> None:
    text = "The harbour master said that once the storm passes, the ferries will run again."
    assert _claims(text) == [
        ("The harbour master", "that once the storm passes, the ferries will run again")
    ]


def test_quoted_words_after_that_stay_the_first_speakers_claim() -> None:
    text = (
        "Even as the mayor insisted on Monday that \u201cthe pier is perfectly safe,\u201d one"
        " of the engineers who inspected it said the two reports disagreed."
    )
    claims = _claims(text)
    assert ("the mayor", "that \u201cthe pier is perfectly safe,") in claims


def test_a_direct_quote_after_that_keeps_its_marks_as_its_bounds() -> None:
    found = extract('The mayor said that "the pier is safe" and left the room.')
    assert [a.text for a in found if a.kind == "direct"] == ["the pier is safe"]
