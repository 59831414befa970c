"""The entry point exists, keeps its contract and finds the plainest quote."""

from quotetrack.extraction.pipeline import extract


def test_plain_quote_after_cue_is_found_with_its_speaker():
    text = (
        "The mayor of a small river town, Jane Doe, spoke on Friday.\n"
        '"We will rebuild the bridge," Doe said.'
    )
    found = extract(text)
    assert [a.text for a in found if a.kind == "direct"] == ["We will rebuild the bridge,"]
    direct = next(a for a in found if a.kind == "direct")
    assert direct.speaker == "Jane Doe"
    assert text[direct.start : direct.end] == direct.text
