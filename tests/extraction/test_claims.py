"""Reported claims as PolNeAR-style annotation counts them: one attribution per report."""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract


def _claims(text: str) -> list[tuple[str | None, str]]:
    return [(a.mention, a.text) for a in extract(text) if a.kind != "direct"]


def test_belief_inside_a_claim_is_part_of_it() -> None:
    text = "The treasurer said she believes the harbour levy will pay for itself by 2030."
    assert _claims(text) == [
        ("The treasurer", "she believes the harbour levy will pay for itself by 2030")
    ]


def test_a_speech_cue_inside_a_claim_is_an_attribution_of_its_own() -> None:
    text = "The union said the director said the night shifts would end in June."
    mentions = [m for m, _ in _claims(text)]
    assert mentions == ["The union", "the director"]


def test_a_belief_after_the_claim_ends_keeps_its_own_speaker() -> None:
    text = "Ms. Alder said the ferry was late, but the captain thinks the timetable is fine."
    mentions = [m for m, _ in _claims(text)]
    assert "the captain" in mentions
