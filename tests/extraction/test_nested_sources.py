"""A quotation reported through another source: both attributions are kept."""

from __future__ import annotations

from quotetrack.extraction.pipeline import extract

TEXT = (
    '"She will carry my name, and I will spend a fortune on television," Ann Roe said, '
    "according to a former aide."
)


def test_quoted_speaker_and_reporting_source_are_both_found() -> None:
    found = extract(TEXT)
    direct = [a for a in found if a.kind == "direct" and a.rule == "quote-before-cue"]
    outer = [a for a in found if a.rule == "according-to"]
    assert [a.speaker for a in direct] == ["Ann Roe"]
    assert direct[0].text.startswith("She will carry my name")
    assert [a.mention for a in outer] == ["a former aide"]
    assert outer[0].start <= direct[0].start and direct[0].end <= outer[0].end
