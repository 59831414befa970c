"""Quoted words inside a reported claim come out as direct quotes of the same speaker."""

from __future__ import annotations

import quotetrack

CASES = [
    (
        'The minister said on Friday that the proposal was "dead on arrival" and '
        'that talks were "going nowhere."',
        "Ana Kovac",
        ["dead on arrival", "going nowhere."],
    ),
    (
        'Union leader Mara Lindqvist called the offer "an insult to every docker" in a '
        "speech to members.",
        "Mara Lindqvist",
        ["an insult to every docker"],
    ),
]


def _article(sentence: str) -> str:
    return (
        "Talks collapse\n\nForeign minister Ana Kovac met her counterparts in the capital.\n\n"
        + sentence
        + "\n"
    )


def test_quoted_words_in_a_claim_are_direct_quotes():
    for sentence, speaker, quoted in CASES:
        text = _article(sentence)
        found = quotetrack.extract(text)
        direct = {a.text: a for a in found if a.kind == "direct"}
        for words in quoted:
            assert words in direct, (words, [a.text for a in found])
            assert direct[words].speaker == speaker
            assert text[direct[words].start : direct[words].end] == words
        claims = [a for a in found if a.kind in ("mixed", "partial")]
        assert claims, "the claim itself is still reported"


def test_plain_direct_quotes_are_not_repeated():
    text = '"We will not sign this," said Ana Kovac, the foreign minister.\n'
    found = quotetrack.extract(text)
    assert len([a for a in found if a.text.startswith("We will not sign")]) == 1
