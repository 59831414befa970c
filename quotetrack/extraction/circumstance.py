"""Where a reported claim ends before the circumstance of its telling.

``endorsed the mayor on his radio show``, ``called the plan "reckless" in a tweet``,
``said the ferry would run in an interview with the paper``: a phrase naming the medium
of the act of saying (an interview, a statement, a tweet, a show) that closes the clause
modifies the cue, not what was said. Only a phrase that ends the claim is cut, so a
medium that the claim is about (``said the interview on Monday was hostile``) stays. The
words are data: ``grammar.toml`` ``[circumstances]``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from quotetrack.extraction.literals import lowercase_form, lowered
from quotetrack.extraction.quotes import QUOTE_MARK
from quotetrack.extraction.tries import alternation
from quotetrack.rules import Rules

#: How many characters a medium's tail may run on after its word ("with the paper").
_TAIL_CHARS = 60


@lru_cache(maxsize=8)
def _final_medium(rules: Rules) -> re.Pattern:
    """``in a Friday interview with the paper`` closing a claim, up to its end."""
    prepositions = alternation(sorted(rules.medium_prepositions), lower=True)
    media = alternation(sorted(rules.media), space=r"\s+", lower=True)
    tails = alternation(sorted(rules.medium_tails), lower=True)
    return re.compile(
        rf",?\s+(?:{prepositions})\s+(?:[\w'\u2019.-]+\s+){{0,4}}?(?:{media})\b"
        rf"(?:\s+(?:{tails})\b[^,.;:]{{0,{_TAIL_CHARS}}})?\W*$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=8)
def _final_medium_lowered(rules: Rules) -> re.Pattern | None:
    """:func:`_final_medium` for the :func:`lowered` text (``literals.lowercase_form``):
    the same matches at the same offsets, and the engine compares characters as it reads
    them instead of lowering each (a sixth of the time of the IGNORECASE search)."""
    return lowercase_form(_final_medium(rules))


@lru_cache(maxsize=8)
def _medium_words(rules: Rules) -> re.Pattern:
    """The last word of any medium (``interview``, ``media``, ``call``), in lowercase,
    after a space: a claim whose lowercased text holds none has no closing medium (nine
    claims in ten). In :func:`_final_medium` that word always follows whitespace, and
    with the space first the engine tries the words only at spaces, not at every letter
    that opens one of them (a third of the time)."""
    words = alternation(sorted({m.split()[-1] for m in rules.media}), lower=True)
    return re.compile(rf"\s(?:{words})")


@lru_cache(maxsize=8)
def _medium_reach(rules: Rules) -> tuple[re.Pattern, int, int]:
    r""":func:`_medium_words`, and how far a closing medium's word may stand from the
    claim's last character, a word's. The phrase ends in ``\W*$`` after the word, or
    after a tail of bounded length (its word and ``_TAIL_CHARS``: the first figure back
    from that character, ``q``), so a word that ends before ``q`` is followed by spaces
    up to ``q`` at least, the only unbounded part of the tail. When ``low[q]`` is no
    space, the word ends at ``q`` or later: it starts (its space first) at most the
    second figure before. A figure of 0: a medium's last word ends in no word character,
    whose end is not the claim's last word's, and the whole claim is read."""
    lasts = [m.split()[-1] for m in rules.media]
    if not all(re.match(r".*\w$", w) for w in lasts):
        return _medium_words(rules), 0, 0
    longest_tail = max((len(t) for t in rules.medium_tails), default=0)
    return _medium_words(rules), longest_tail + _TAIL_CHARS + 1, max(map(len, lasts), default=0)


def before_medium(text: str, s: int, e: int, rules: Rules, low: str | None = None) -> int:
    """The end of the claim ``text[s:e]`` before a closing phrase that names the medium of
    its telling; ``e`` when there is none, or when the claim would keep no word.

    The phrase is searched only in a claim that holds a medium's word: the search (under
    IGNORECASE, tried at every position of the claim) costs more than lowering the claim
    and looking for the words in it; with ``low`` it is searched there, case-sensitively
    (:func:`_final_medium_lowered`). ``low``, the :func:`lowered` form of the whole
    ``text`` when the caller has it, spares lowering each claim (10,000 a PolNeAR train
    pass, 3% of it): it has the text's offsets, and where the medium words are ASCII (the
    shipped ones are) they are found at the same places in ``low[s:e]`` as in the lowered
    claim (lowering differs with its context only for a Greek final sigma)."""
    words, gap, longest = _medium_reach(rules)
    if low is not None and words.pattern.isascii():
        lo = s
        q = e - gap  # in a long claim, the word is looked for near its end only
        # (``\s`` takes what ``str.isspace`` takes, ``\w`` what ``str.isalnum`` takes)
        if gap and q - longest > s and low[e - 1].isalnum() and not low[q].isspace():
            lo = q - longest
        if words.search(low, lo, e) is None:
            return e
        final = _final_medium_lowered(rules)  # searched in ``low`` too, where it has one
        if final is not None:
            m = final.search(low, s, e)
        else:
            m = _final_medium(rules).search(text, s, e)
    else:
        claim = lowered(text[s:e])
        if claim is not None and words.search(claim) is None:
            return e
        m = _final_medium(rules).search(text, s, e)
    if m is None or QUOTE_MARK.search(text, m.start(), e):
        return e
    if not re.search(r"\w", text[s : m.start()]):
        return e
    return m.start()
