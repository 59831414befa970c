"""What the words around a date say about it: its sentence, and which way it points.

A bare "Tuesday" or "December" names a day or month on either side of the publication
date. News reports mostly look back ("said Tuesday"), so the past is the default; a tense
cue near the date ("will", "is expected to", "by", "since", a past verb) decides when
there is one. The cue words are data (lexicon.toml, table ``tense``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .dates_rules import DateRules

# A sentence ends at . ! ? (after optional closing quotes) before a capital or an opening
# quote, or at a blank line; not after an initial or a listed abbreviation ("Daniel P.
# Davison", "Sept. 30").
# A boundary: closing marks and spaces after . ! ? (group 1; the stop is taken in so that
# the engine can skip to it rather than try a look-behind at every position), or a blank
# line. Group 1, or else the match, starts where the sentence's closing space does. Both
# alternatives open with the one class [.!?\n], the look-behinds telling them apart: a
# pattern that opens with a class lets the engine skip along the text to the characters
# of that class; one that opens with a choice of a class and a letter does not, and is
# tried at every position.
_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])([\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9]))|(?<=\n)\s*\n)")
_WORD_BEFORE = re.compile(
    r"([A-Za-z']+)[\s,]*(?:(on|at|in|by|until|till|since|early|late|earlier|later)\s+)?$"
)
# _WORD_BEFORE where no letter stands before: a search for it tries every place, and
# from each place inside a word runs to the end of the word and back; its first match
# starts at the first letter of a word (had it matched inside one, it would have matched
# from the word's first letter too, with the same rest), or at the window's start.
_WORD_BEFORE_FROM_START = re.compile(r"(?<![A-Za-z'])(?:" + _WORD_BEFORE.pattern + ")")
_TOKEN = re.compile(r"[A-Za-z']+")
_DETERMINER = re.compile(
    r"\s+(?:the|a|an|that|this|these|those|his|her|its|their|our|my|your)\b", re.IGNORECASE
)
#: What an abbreviation before a full stop is made of.
_TOKEN_CHARS = string.ascii_letters + "."
_QUARTER_WORDS = re.compile(r"\b(?:quarter|quarterly|period)\b", re.IGNORECASE)

PAST, FUTURE = "past", "future"


class Direction(NamedTuple):
    way: str  # PAST or FUTURE
    evidence: bool  # False when nothing said so and the past is only the default


#: How far before a date the search for its sentence's start begins (then 4x further).
_SENTENCE_BACK = 300
#: How many characters before and after a date a tense cue may be to count.
_CUE_BEFORE, _CUE_AFTER = 70, 40


@dataclass
class TextContext:
    """What the words around a date in one text say: its sentence, which way it points.

    Only a date that could point either way ("Tuesday", "in December") asks, a few an
    article (none in 104 of 840 PolNeAR train articles), so each sentence is found from
    the boundaries around it (:meth:`sentence`), not from all the text's (:attr:`starts`,
    a search of the whole text)."""

    text: str
    rules: DateRules

    @property
    def starts(self) -> list[int]:
        """Where each sentence starts, in order (0 first): what :meth:`sentence` finds
        near a date, for the whole text."""
        return [0, *self._boundaries(0)]

    def _boundaries(self, lo: int) -> Iterator[int]:
        """Where the sentences that start after ``lo`` start, in order: the ends of the
        ``_BOUNDARY`` matches from ``lo`` that are no abbreviation's full stop."""
        for m in _BOUNDARY.finditer(self.text, lo):
            stop = m.start(1)
            if not self._abbreviation(stop if stop >= 0 else m.start()):
                yield m.end()

    def _abbreviation(self, stop: int) -> bool:
        """Whether the full stop before ``stop`` ends an initial or abbreviation: the
        letters and stops right before it (up to 11), as ``[A-Za-z.]+$`` would find them
        there, but stripped off in one call rather than searched for from every place."""
        text = self.text
        if stop == 0 or text[stop - 1] != ".":
            return False
        window = text[max(0, stop - 12) : stop - 1]
        token = window[len(window.rstrip(_TOKEN_CHARS)) :].lower()
        return len(token) == 1 or token in self.rules.abbreviations

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding ``text[start:end]``, as offsets.

        Found from the boundaries around it, not from all the text's (:attr:`starts`):
        a few dates an article ask, and each needs only its own sentence. A boundary
        (``_BOUNDARY``) holds no letter or digit, so none runs across a place right
        after one: the boundaries a search from there finds are the whole text's from
        there on. Such a place some way before ``start`` is searched from, further back
        while no sentence starts between it and ``start``."""
        text = self.text
        probe = max(end - 1, start)
        back = _SENTENCE_BACK
        while True:
            lo = max(0, start - back)
            while lo > 0 and not text[lo - 1].isalnum():
                lo -= 1
            first = 0 if lo == 0 else None
            for after in self._boundaries(lo):
                if after <= start:
                    first = after
                elif after > probe:
                    if first is not None:
                        return first, after
                    break
            else:
                if first is not None:
                    return first, len(text)
            back *= 4

    def direction(self, start: int, end: int) -> Direction:
        """Which way an expression that could point either way points, and whether the
        sentence said so or the past is only the default tense of news.

        First the word right before the date ("said Tuesday", "will meet Tuesday", "by
        February" unless "had filed by Monday", "since December"); then the cue nearest
        before it in the clause; then a future cue just after ("Tuesday's vote will").
        Far cues mislead ("faster than expected"), hence the windows.
        """
        s, e = self.sentence(start, end)
        lo = max(s, start - _CUE_BEFORE)
        m = _word_before(self.text, lo, start)
        if m:
            word, prep = m[1].lower(), (m[2] or "").lower()
            if self.rules.future.fullmatch(word):
                return Direction(FUTURE, True)
            deadline = self.rules.deadline & {word, prep}
            if deadline and not self._past_perfect(s, start):
                return Direction(FUTURE, True)
            if self.rules.past_prepositions & {word, prep} or self._past_verb(word):
                return Direction(PAST, True)
        nearest = self._last_cue(lo, start)
        if nearest is not None:
            return Direction(nearest, False)
        if self.rules.future.search(self.text, end, min(e, end + _CUE_AFTER)):
            return Direction(FUTURE, False)
        return Direction(PAST, False)

    def _past_verb(self, word: str) -> bool:
        if word in self.rules.past:
            return True
        return word.endswith("ed") and len(word) > 4 and word not in self.rules.not_verbs

    def _last_cue(self, lo: int, hi: int) -> str | None:
        """PAST or FUTURE for the tense cue closest before ``hi``, None without one."""
        future = [m.end() for m in self.rules.future.finditer(self.text, lo, hi)]
        past = [  # a distant "-ed" word counts only before an article: "echoed that promise"
            m.end()
            for m in _TOKEN.finditer(self.text, lo, hi)
            if m[0].lower() in self.rules.past
            or (self._past_verb(m[0].lower()) and _DETERMINER.match(self.text, m.end(), hi))
        ]
        if not future and not past:
            return None
        return FUTURE if max(future, default=-1) > max(past, default=-1) else PAST

    def _past_perfect(self, sentence_start: int, start: int) -> bool:
        """ "had filed reports by Wednesday": a deadline already past."""
        before = self.text[max(sentence_start, start - _CUE_BEFORE) : start].lower()
        return any(w in self.rules.past_auxiliaries for w in re.findall(r"[a-z']+", before))

    def about_quarters(self, start: int, end: int) -> bool:
        """Whether this sentence or the one before talks of quarters, so that "a year ago"
        means the same quarter a year back ("Net rose in the quarter. Sales grew 2% from
        a year ago.")."""
        s, e = self.sentence(start, end)
        previous, _ = self.sentence(max(s - 2, 0), max(s - 1, 0))
        return bool(_QUARTER_WORDS.search(self.text, previous, e))


def _word_before(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(text, lo, hi)``: its match at ``lo``, else its first match
    at the start of a word."""
    return _WORD_BEFORE.match(text, lo, hi) or _WORD_BEFORE_FROM_START.search(text, lo + 1, hi)
