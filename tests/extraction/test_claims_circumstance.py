"""A closing phrase naming the medium of the telling is no part of the claim (fifth pass).

Every sentence here is invented.
"""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract


def _claims(text: str) -> list[tuple[str | None, str]]:
    return [(a.mention, a.text) for a in extract(text) if a.kind != "direct"]


def test_a_closing_interview_or_show_is_the_tellings_not_the_claims() -> None:
    text = "Tom Reyes said the ferry would run all winter in an interview with the paper."
    assert _claims(text) == [("Tom Reyes", "the ferry would run all winter")]
    assert _claims("Ada Brook endorsed the harbour master on her weekly radio show.") == [
        ("Ada Brook", "the harbour master")
    ]


def test_a_medium_the_claim_is_about_stays() -> None:
    text = "Tom Reyes said the interview on Monday was hostile."
    assert _claims(text) == [("Tom Reyes", "the interview on Monday was hostile")]
    text = "Tom Reyes said the board met in a hall near the pier."
    assert _claims(text) == [("Tom Reyes", "the board met in a hall near the pier")]


def test_quoted_words_before_the_medium_stay_in_the_claim() -> None:
    found = extract('Ada Brook called the levy "a quiet tax" in a post on her blog.')
    claims = [a.text for a in found if a.kind != "direct"]
    assert claims == ['the levy "a quiet tax"']
