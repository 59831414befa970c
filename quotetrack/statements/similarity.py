"""When two wordings by the same speaker are the same statement, and why.

Decided on the word sequence (difflib), not on bags of words: only runs of at least
two words in the same order count as shared, so a different sentence that happens to
use the same common words does not match. The thresholds are conservative on purpose:
a missed join shows a statement twice, a wrong join hides that someone said two things.

- exact: the same words after normalisation, at least ``MIN_WORDS`` of them;
- otherwise the shorter wording needs at least ``MIN_PARTIAL_WORDS`` words and
  ``COVERAGE`` of them in the longer one, in shared runs. That admits a partial quote
  cut from a longer one, ellipses, and a word or two changed in a long quote; it refuses
  "We will not surrender our land" for "We will not surrender to pressure" (4 of 6).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from quotetrack.statements.normalise import Wording

MIN_WORDS = 3
MIN_PARTIAL_WORDS = 6
COVERAGE = 0.85
MIN_RUN = 2


@dataclass(frozen=True, slots=True)
class Match:
    score: float  # share of the shorter wording found in the other
    reason: str


def compare(a: Wording, b: Wording) -> Match | None:
    """How ``a`` matches ``b`` (a new appearance against a known one), or None."""
    wa, wb = a.words, b.words
    if len(wa) < MIN_WORDS or len(wb) < MIN_WORDS:
        return None
    if wa == wb:
        return Match(1.0, "exact after normalisation")
    shorter = min(len(wa), len(wb))
    if shorter < MIN_PARTIAL_WORDS:
        return None
    short, long_ = (a, b) if len(wa) <= len(wb) else (b, a)
    # No more words can be shared in runs than the shorter has words found in the longer
    # at all: when even those fall short, the word-by-word comparison cannot succeed.
    in_long = set(long_.words)
    if sum(1 for w in short.words if w in in_long) / shorter < COVERAGE:
        return None
    shared = _shared_words(short, long_)
    coverage = shared / shorter
    if coverage < COVERAGE:
        return None
    if shared == shorter and len(wa) != len(wb):
        return Match(
            coverage,
            "contained in a longer wording" if short is a else "contains a shorter wording",
        )
    return Match(coverage, f"same words {coverage:.2f} (in order, runs of {MIN_RUN}+)")


def _shared_words(a: Wording, b: Wording) -> int:
    """Words of ``a`` found in ``b`` in runs of at least MIN_RUN, per segment of ``a`` so
    the words around an ellipsis may come from anywhere in ``b``."""
    wb = b.words
    shared = 0
    for segment in a.segments:
        matcher = SequenceMatcher(None, segment, wb, autojunk=False)
        blocks = matcher.get_matching_blocks()
        shared += sum(
            blk.size for blk in blocks if blk.size >= MIN_RUN or blk.size == len(segment) > 0
        )
    return shared
