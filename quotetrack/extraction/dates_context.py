"""What the words around a date say about it: its sentence, and which way it points.

A bare "Tuesday" or "December" names a day or month on either side of the publication
date. News reports mostly look back ("said Tuesday"), so the past is the default; a future
cue in the sentence ("will", "is expected to", "scheduled") turns it forward.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .dates_rules import DateRules

# A sentence ends at . ! ? (after optional closing quotes) before a capital or an opening
# quote, or at a blank line. Abbreviations such as "Sept." are rare enough before a
# capital to accept the occasional early split: it only narrows the context window.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n\s*\n")
_WORD_BEFORE = re.compile(
    r"([A-Za-z']+)[\s,]*(?:(on|at|in|by|until|till|early|late|earlier|later)\s+)?$"
)
_LAST_TOKEN = re.compile(r"[A-Za-z.]+$")
_QUARTER_WORDS = re.compile(r"\b(?:quarter|quarterly|period)\b", re.IGNORECASE)

PAST, FUTURE = "past", "future"
#: How many characters before and after a date a future cue may be to count.
_CUE_BEFORE, _CUE_AFTER = 70, 40


@dataclass
class TextContext:
    """Sentence boundaries of one text, computed once and looked up by offset."""

    text: str
    rules: DateRules
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [0] + [
            m.end() for m in _BOUNDARY.finditer(self.text) if not self._abbreviation(m.start())
        ]

    def _abbreviation(self, stop: int) -> bool:
        """Whether the full stop before ``stop`` ends an initial or abbreviation."""
        if stop == 0 or self.text[stop - 1] != ".":
            return False
        m = _LAST_TOKEN.search(self.text, max(0, stop - 12), stop - 1)
        token = m[0].lower() if m else ""
        return len(token) == 1 or token in self.rules.abbreviations

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``text[start:end]``, as offsets."""
        i = bisect_right(self.starts, start) - 1
        s = self.starts[max(i, 0)]
        j = bisect_right(self.starts, max(end - 1, start))
        e = self.starts[j] if j < len(self.starts) else len(self.text)
        return s, e

    def direction(self, start: int, end: int) -> str:
        """PAST or FUTURE for an expression that could point either way.

        The verb right before the date decides ("said Tuesday", "will meet Tuesday"), or
        a deadline preposition ("repay the loan by February", but "had filed by Monday");
        otherwise a future cue close by in the same sentence; otherwise the past, the
        tense of most news. Far cues mislead ("faster than expected"), hence the window.
        """
        s, e = self.sentence(start, end)
        m = _WORD_BEFORE.search(self.text, max(s, start - 40), start)
        if m:
            word = m[1].lower()
            if self.rules.future.fullmatch(word):
                return FUTURE
            if (m[2] or "").lower() in self.rules.deadline and not self._past_perfect(s, start):
                return FUTURE
            if word in self.rules.past or (word.endswith("ed") and len(word) > 4):
                return PAST
        lo, hi = max(s, start - _CUE_BEFORE), min(e, end + _CUE_AFTER)
        if self.rules.future.search(self.text, lo, hi):
            return FUTURE
        return PAST

    def _past_perfect(self, sentence_start: int, start: int) -> bool:
        """ "had filed reports by Wednesday": a deadline already past."""
        before = self.text[max(sentence_start, start - _CUE_BEFORE) : start].lower()
        return any(w in self.rules.past_auxiliaries for w in re.findall(r"[a-z']+", before))

    def about_quarters(self, start: int, end: int) -> bool:
        """Whether the sentence compares quarters, so "a year ago" means a quarter then."""
        s, e = self.sentence(start, end)
        previous, _ = self.sentence(max(s - 2, 0), max(s - 1, 0))
        return bool(_QUARTER_WORDS.search(self.text, previous, e))
