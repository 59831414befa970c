"""When was it said? The date a sentence gives for its own speech act, if any.

"X said on Tuesday", "told reporters last week", "On Monday, X said", "speaking before
Congress on March 4, X said": the date modifies the cue. "X said the talks began on
February 12" is different: the date belongs to the reported content, and the statement's
date is unknown (the caller falls back to the publication date). The rule is therefore
conservative: a date counts only when nothing that opens a clause or carries its own verb
stands between it and the cue. The word lists are data (rules/dates/said_on.toml).

Without the text only offsets are known, and only a date right after the cue or right
before it ("X on Monday said") is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .dates_rules import load_table
from .model import DateMention

__all__ = ["said_on"]

_WORD = re.compile(r"[^\W\d_][\w'’.-]*|\d[\d,.]*", re.UNICODE)
_BREAK = re.compile(r"[\"“”«»;:()\[\]]|[‘’](?=\s|$)|(?<=\s)[‘’]")
#: Without the text: how close (characters) a date must be to the cue.
_BLIND_AFTER, _BLIND_BEFORE = 24, 4


@dataclass(frozen=True, slots=True)
class _Lists:
    max_gap: int
    openers: frozenset[str]
    verbs: frozenset[str]
    occasions: frozenset[str]
    sentence_openers: frozenset[str]
    time_prepositions: frozenset[str]


@cache
def _lists() -> _Lists:
    data = load_table("said_on.toml")

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(key, []))

    return _Lists(
        int(data.get("max_gap_words", 6)),
        words("clause_openers"),
        words("verbs"),
        words("occasions"),
        words("sentence_openers"),
        words("time_prepositions"),
    )


def said_on(
    sentence_start: int,
    sentence_end: int,
    cue_start: int | None,
    cue_end: int | None,
    dates: list[DateMention],
    *,
    text: str | None = None,
) -> DateMention | None:
    """The date in this sentence that says when the cue's statement was made, or None.

    ``dates`` may be all the article's dates; only those inside the sentence are looked
    at. Pass ``text`` (the article) so the words between cue and date can be checked;
    without it only a date adjacent to the cue is taken.
    """
    if cue_start is None or cue_end is None:
        return None
    inside = [d for d in dates if sentence_start <= d.start and d.end <= sentence_end]
    if text is None:
        return _nearest(inside, cue_start, cue_end)
    lists = _lists()
    sentence = (sentence_start, sentence_end)
    chosen = [d for d in inside if _modifies_cue(text, d, cue_start, cue_end, sentence, lists)]
    return min(chosen, key=lambda d: _distance(d, cue_start, cue_end), default=None)


def _distance(d: DateMention, cue_start: int, cue_end: int) -> int:
    return max(d.start - cue_end, cue_start - d.end, 0)


def _nearest(dates: list[DateMention], cue_start: int, cue_end: int) -> DateMention | None:
    close = [
        d
        for d in dates
        if 0 <= d.start - cue_end <= _BLIND_AFTER
        or 0 <= cue_start - d.end <= _BLIND_BEFORE
        or (cue_start <= d.start and d.end <= cue_end)
    ]
    return min(close, key=lambda d: _distance(d, cue_start, cue_end), default=None)


def _modifies_cue(
    text: str,
    d: DateMention,
    cue_start: int,
    cue_end: int,
    sentence: tuple[int, int],
    lists: _Lists,
) -> bool:
    """Whether ``d`` dates the speech act: inside the cue, after it across a plain gap,
    right before it, at the head of the sentence, or after an occasion participle."""
    if cue_start <= d.start and d.end <= cue_end:  # a cue span "responded Friday, saying"
        return True
    if _attributive(text, d, lists):  # "the landmark 1933 law", "his 2004 speech"
        return False
    if d.start >= cue_end:  # "said on Tuesday", "told reporters in Brussels last week"
        return _plain_gap(text[cue_end : d.start], lists)
    if d.end > cue_start:
        return False
    gap = text[d.end : cue_start]
    if _plain_gap(gap, lists, max_words=2):  # "Smith on Monday said"
        return True
    if _opens_sentence(text[sentence[0] : d.start], lists):  # "On Monday, Smith said"
        return _plain_gap(gap, lists, allow_comma=True)
    return _after_occasion(text[sentence[0] : d.start], lists) and _plain_gap(
        gap, lists, allow_comma=True
    )


def _attributive(text: str, d: DateMention, lists: _Lists) -> bool:
    """A bare year that modifies a noun ("a 1963 speech") dates that thing, not the
    statement; a year read as a time comes after a preposition ("in 1963")."""
    if d.precision != "year" or not d.text[:1].isdigit():
        return False
    before = _words(text[max(0, d.start - 30) : d.start])
    return bool(before) and before[-1] not in lists.time_prepositions


def _words(gap: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _WORD.findall(gap)]


def _plain_gap(
    gap: str, lists: _Lists, *, allow_comma: bool = False, max_words: int | None = None
) -> bool:
    """No clause boundary, quotation or verb of its own between the cue and the date."""
    if _BREAK.search(gap) or (not allow_comma and "," in gap):
        return False
    words = _words(gap)
    if len(words) > (lists.max_gap if max_words is None else max_words):
        return False
    return not any(w in lists.openers or w in lists.verbs for w in words)


def _opens_sentence(prefix: str, lists: _Lists) -> bool:
    return all(w in lists.sentence_openers for w in _words(prefix))


def _after_occasion(prefix: str, lists: _Lists) -> bool:
    """ "..., speaking before Congress on": an occasion participle, then a phrase without
    a verb of its own ("before" is a preposition here, so clause openers are not checked)."""
    words = _words(prefix)
    for i in range(len(words) - 1, max(-1, len(words) - lists.max_gap - 2), -1):
        if words[i] in lists.occasions:
            return not any(w in lists.verbs for w in words[i + 1 :])
    return False
