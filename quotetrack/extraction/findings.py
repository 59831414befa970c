"""``In a poll released Sunday, 40 percent backed the levy``: a finding framed by its poll.

A sentence that opens with ``In`` and a poll, survey or study, then a comma, reports
the rest of the sentence as that poll's finding: the poll is the source (PolNeAR marks
it so), as in ``According to a poll, ...``. Only findings of polls and studies: a
sentence opening ``In an interview, ...`` or ``In a letter, ...`` usually goes on with a
speaker and a cue of its own, which the other rules read. The nouns are data:
``grammar.toml`` ``[findings]``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from quotetrack.extraction.attribute import CONFIDENCE, Candidate
from quotetrack.extraction.mentions import Mention
from quotetrack.extraction.segment import Sentence
from quotetrack.extraction.tries import alternation
from quotetrack.rules import Rules

_END_MARKS = ".!?' \t\r\n\"\u201d\u2019"


@lru_cache(maxsize=8)
def _frame(rules: Rules) -> re.Pattern:
    """``In`` + a phrase headed by a poll noun, up to the comma that closes it."""
    nouns = alternation(sorted(rules.finding_frames), lower=True)
    # "In eight states where exit polls were taken, ...": the poll must head the phrase
    relatives = alternation(sorted(rules.finding_stops), lower=True)
    return re.compile(
        rf"\s*In\s+(?P<source>(?:(?!\b(?:{relatives})\b)[^,.;:\n]){{0,80}}?\b(?:{nouns})\b"
        rf"[^,;:\n]{{0,60}}?),\s+(?=\S)"
    )


@lru_cache(maxsize=8)
def _aside(rules: Rules) -> re.Pattern:
    """A participle phrase about the poll right after its comma, up to the next comma."""
    words = alternation(sorted(rules.finding_asides), lower=True)
    return re.compile(rf"(?:{words})\b[^,;:\n]{{0,80}},\s+(?=\S)", re.IGNORECASE)


def poll_findings(
    text: str, sents: list[Sentence], taken: list[Candidate], rules: Rules
) -> list[Candidate]:
    """The findings that open with their poll, as candidates whose mention is the poll.

    A sentence whose quotation is already someone's is left to them."""
    frame = _frame(rules)
    quoted = [(c.start, c.end) for c in taken if c.kind == "direct"]
    out: list[Candidate] = []
    # the sentences that open with "In" are those whose start is where "In" stands: the
    # few places of "In" in the text are looked up among the starts (a test of each
    # sentence's opening was a Python step per sentence, for one sentence in a hundred)
    starts = [s.start for s in sents]
    opening = []
    at = text.find("In")
    while at != -1:
        k = bisect_left(starts, at)
        if k < len(starts) and starts[k] == at:
            opening.append(sents[k])
        at = text.find("In", at + 1)
    for sent in opening:
        m = frame.match(text, sent.start, sent.end)
        if m is None:
            continue
        s, e = m.end(), sent.end
        aside = _aside(rules).match(text, s, e)
        if aside is not None:  # "In the poll, conducted in May, ...": the poll's own aside
            s = aside.end()
        while e > s and text[e - 1] in _END_MARKS:
            e -= 1
        if len(text[s:e].split()) < 2 or any(a < e and s < b for a, b in quoted):
            continue
        source = Mention(m.start("source"), m.end("source"), m.group("source"))
        out.append(
            Candidate(
                s,
                e,
                "indirect",
                "finding",
                source,
                None,
                m.start(),
                m.start() + 2,
                sent,
                [],
                CONFIDENCE["finding"],
            )
        )
    return out
