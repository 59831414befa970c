"""Quoted words inside a reported claim come out as direct quotes of the same speaker."""

from __future__ import annotations

import json

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


def test_extract_lists_the_quoted_words_inside_their_claim(runner, tmp_path):
    """On the command line a partly quoted claim is one row (the scorers count it once);
    its quoted words are listed in it, with offsets into the file."""
    from quotetrack.cli import cli

    sentence, speaker, quoted = CASES[0]
    path = tmp_path / "talks.txt"
    path.write_text(_article(sentence), encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert not [r for r in rows if r["text"] in quoted], "no row of its own"
    (claim,) = [r for r in rows if r["kind"] in ("mixed", "partial")]
    assert claim["speaker"] == speaker
    assert [q["text"] for q in claim["quotes"]] == quoted
    text = path.read_text(encoding="utf-8")
    assert all(text[q["start"] : q["end"]] == q["text"] for q in claim["quotes"])
    assert all(claim["start"] <= q["start"] < q["end"] <= claim["end"] for q in claim["quotes"])


def test_the_api_keeps_the_quoted_words_with_the_claim_they_came_from():
    sentence, _, _ = CASES[0]
    found = quotetrack.extract(_article(sentence))
    claim = next(a for a in found if a.kind in ("mixed", "partial"))
    words = [a for a in found if a.kind == "direct"]
    assert words and all(a.within == (claim.start, claim.end) for a in words)
    assert claim.within is None
