"""Attributions whose source the sentence does not name.

"Asked about the levy, Roe said ..." reports a question that someone put to Roe; "The
board is expected to vote on Monday" reports an expectation that someone holds. The text
names neither the asker nor the ones who expect, so these records have no mention and an
unknown speaker: the project never invents a speaker, and unknown is a valid answer.
Annotators of reported speech (PolNeAR) mark both shapes as attributions with no source.

Only two narrow shapes are taken, each right in about two thirds of its uses on train
(docs/EXTRACTION.md): a question (``Asked about ...,`` opening a sentence, or a passive
``was asked whether ...`` with no ``by`` agent) and a passive expectation (``is expected
to ...``). Hedges such as ``seems`` or ``appears`` are marked too rarely to pay. The words
are data: ``grammar.toml`` ``[unsourced]``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from quotetrack.extraction.attribute import CONFIDENCE, Candidate
from quotetrack.extraction.lexicon import Lexicon
from quotetrack.extraction.literals import lowered, required
from quotetrack.extraction.mentions import subject_before
from quotetrack.extraction.quotes import QUOTE_MARK
from quotetrack.extraction.segment import Sentence
from quotetrack.extraction.tries import alternation
from quotetrack.rules import Rules

#: Where an unsourced clause ends: a comma, semicolon, colon, dash or quotation mark (a
#: quotation inside would be words of a speaker nobody can name; such clauses are left).
_CLAUSE_END = re.compile(
    r",(?!\d{3})|[;:\"\u201c\u201d\u00ab\u00bb]|\s--?\s|[\u2014\u2013]"
)  # "200,000" is one number
_END_MARKS = ".!?' \t\r\n\u2019"
#: How many characters before a needed string :func:`_words_back` reads first (a few
#: words: more is read only when they do not hold enough of them).
_BACK_WINDOW = 120


@lru_cache(maxsize=8)
def _patterns(rules: Rules) -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(sentence-opening question, passive question or expectation, where the passive
    pattern may start for :func:`_passive_matches`), compiled once."""
    questions = alternation(sorted(rules.question_cues), lower=True)
    openers = alternation(sorted(rules.question_openers), lower=True)
    subordinators = alternation(sorted(rules.subordinators), lower=True)
    auxiliaries = alternation(sorted(rules.passive), lower=True)
    adverbs = alternation(sorted(rules.unsourced_adverbs), lower=True)
    expected = alternation(sorted(rules.expectation_cues), lower=True)
    reportedly = alternation(sorted(rules.report_adverbs), lower=True)
    # "Asked about the plan, ..." / "When pressed on whether ..., ..."
    opening = re.compile(
        rf"\s*(?:{subordinators}\s+)?(?P<cue>{questions})\s+(?=(?:{openers})\b)", re.IGNORECASE
    )
    # "was asked whether ..." / "is widely expected to ..." (no agent: "asked by X" is not)
    passive = re.compile(
        rf"\b(?P<cue>(?:{auxiliaries})\s+(?:(?:{adverbs})\s+){{0,2}}"
        rf"(?:(?P<question>{questions})(?=\s+(?:{openers})\b)|{expected}(?=\s+to\s+\w)))\s+"
        rf"|\b(?P<adverb>{reportedly})\s+(?=[a-z])"
        # '"We'll see," she said when asked whether ...': a question inside the sentence
        rf"|\b(?:{subordinators})\s+(?P<asked>{questions})\s+(?=(?:{openers})\b)",
        re.IGNORECASE,
    )
    # where the passive pattern may start, searched in the lowercased text: a character
    # that is no letter (the engine skips to the next), one of the pattern's first words,
    # then the whole pattern as a look-ahead, so the engine, not a Python loop, rejects
    # the many "is", "as" and "was" that start no match
    firsts = rules.passive | rules.report_adverbs | rules.subordinators
    starts = re.compile(
        rf"[^a-z](?=(?:{alternation(sorted(firsts), lower=True)})\s)(?={passive.pattern})"
    )
    return opening, passive, starts


def unsourced(
    text: str,
    sents: list[Sentence],
    taken: list[Candidate],
    lex: Lexicon,
    low: str | None = None,
) -> list[Candidate]:
    """Unsourced questions and expectations in ``text``, as candidates with no mention.

    The passive shapes report their subject with the rest (``The board is expected to
    vote``: what is expected is that the board votes; the record's text is the whole
    clause). A clause that overlaps a quotation already given to a speaker (``taken``,
    direct) is left to it: quoted words always belong to someone the text names.
    ``low`` is ``lowered(text)`` when the caller has it (None: worked out here again, which
    for a text that has no such form gives None again)."""
    opening, passive, finder = _patterns(lex.rules)
    quoted = sorted((c.start, c.end) for c in taken if c.kind == "direct")
    starts = [s.start for s in sents]
    if low is None:
        low = lowered(text)
    near = _near(lex.rules)
    found = _Offsets(low)  # each needed string looked for once: both scans need some
    out: list[Candidate] = []
    for sent in _opening_candidates(sents, starts, _opening_words(lex.rules), found):
        m = opening.match(text, sent.start, sent.end)
        if m is not None:
            comma = text.find(",", m.end(), sent.end)
            if comma != -1:
                _add(out, text, m.end(), comma, m, sent, quoted)
    for m in _passive_matches(passive, finder, text, low, near, found):
        k = bisect.bisect_right(starts, m.start()) - 1
        if k < 0 or m.end() > sents[k].end:
            continue
        sent = sents[k]
        stop = _CLAUSE_END.search(text, m.end(), sent.end)
        if m.group("asked") is not None:
            if not text[sent.start : m.start()].strip():
                continue  # "When asked about ..., X said": the opening question above
            start = m.end()  # "X said when asked whether ...": X answers, nobody asks
        else:
            subject = subject_before(text, sent.start, m.start(), lex)
            start = subject.start if subject is not None else m.end()
        _add(out, text, start, stop.start() if stop else sent.end, m, sent, quoted)
    return out


class _Offsets(dict):
    """The offsets, in order, of each string looked up in ``low`` (a lowered text), each
    string looked for once: a search of a whole text for each of a dozen strings is most
    of what finding the unsourced shapes costs."""

    def __init__(self, low: str | None) -> None:
        super().__init__()
        self.low = low

    def __missing__(self, needed: str) -> list[int]:
        low, found = self.low, []
        i = low.find(needed) if low is not None else -1
        while i != -1:
            found.append(i)
            i = low.find(needed, i + 1)
        self[needed] = found
        return found


def _opening_candidates(
    sents: list[Sentence], starts: list[int], words: frozenset[str] | None, found: _Offsets
) -> list[Sentence]:
    """The sentences that may open with a question: every opening question holds one of
    ``words`` (None: any sentence may), so only those that hold one (two texts in three
    hold none, the others one or two such sentences) are matched."""
    if words is None or found.low is None:
        return sents
    holding = set()
    for word in words:
        for i in found[word]:
            holding.add(bisect.bisect_right(starts, i) - 1)
    return [sents[k] for k in sorted(holding) if k >= 0]


@lru_cache(maxsize=8)
def _opening_words(rules: Rules) -> frozenset[str] | None:
    """The words one of which every opening question holds (its question cues)."""
    return required(_patterns(rules)[0])


def _passive_matches(
    passive: re.Pattern,
    starts: re.Pattern,
    text: str,
    low: str | None,
    near: _Near | None = None,
    found: _Offsets | None = None,
) -> Iterator[re.Match]:
    """``passive.finditer(text)``, tried only where ``starts`` finds it may start in
    ``low``, the :func:`~quotetrack.extraction.literals.lowered` text.

    The pattern opens with ``\\b`` under IGNORECASE, so a plain search tries it at every
    character of the text (6.8% of an extraction pass for a few hundred matches). Its
    matches all begin with an auxiliary, a report adverb or a subordinator after a
    character that is no letter: ``starts`` finds the places in the lowercased text where
    the pattern, read in lowercase, matches: everywhere it matches the text, and nowhere
    else on PolNeAR train (178 places, where its first words stand 26,000 times). The
    pattern is then matched on the text at those places only, and a place inside the
    previous match is passed over, as ``finditer`` does.

    With ``near`` (:func:`_near`), ``starts`` is tried only a few words before one of the
    strings every match holds (:func:`_places`): searched through the whole text, it
    ran its look-ahead at every character that is no letter (4% of a pass)."""
    if low is None:
        yield from passive.finditer(text)
        return
    end = 0
    # in " " + low, the character before a word stands at the word's own offset in text
    padded = " " + low
    if near is None:
        places: Iterable[int] = (hit.start() for hit in starts.finditer(padded))
    else:
        places = _places(padded, low, near, found if found is not None else _Offsets(low))
    for start in places:
        if (
            start >= end
            and (near is None or starts.match(padded, start) is not None)
            and (m := passive.match(text, start)) is not None
        ):
            end = m.end()
            yield m


class _Near(NamedTuple):
    """What :func:`_places` needs: the strings one of which every passive match holds,
    how many words a match may hold before the one that holds such a string, ``starts``
    without its look-ahead for the whole pattern, and how far past a place that one
    reads (its longest word and a space)."""

    required: tuple[str, ...]
    words_before: int
    first: re.Pattern
    reach: int
    back: re.Pattern  # ``words_before`` words back, read on the reversed text


@lru_cache(maxsize=8)
def _near(rules: Rules) -> _Near | None:
    """:class:`_Near` for the rules' passive pattern; None when its parse names no string
    every match holds (the whole text is searched then)."""
    _, passive, _ = _patterns(rules)
    needed = required(passive)
    if not needed:
        return None

    def most(words: frozenset[str]) -> int:
        return max((len(w.split()) for w in words), default=0)

    cues = rules.question_cues | rules.expectation_cues
    # the words of the pattern's three shapes (see _patterns): an auxiliary, two adverbs
    # and the cue; a subordinator and the cue; the adverb ("reportedly") alone
    words_before = max(
        most(rules.passive) + 2 * most(rules.unsourced_adverbs) + most(cues) - 1,
        most(rules.subordinators) + most(rules.question_cues) - 1,
        most(rules.report_adverbs) - 1,
    )
    firsts = sorted(rules.passive | rules.report_adverbs | rules.subordinators)
    first = re.compile(rf"[^a-z](?=(?:{alternation(firsts, lower=True)})\s)")
    back = re.compile(rf"\S*(?:\s*\S*){{{words_before}}}")
    reach = 2 + max(len(w) for w in firsts)
    # a word that holds another needed string ("reportedly", "eported") needs no search
    # of its own: the other is found inside it, in the same word (the same place to walk
    # back from) and a little later (a wider span, searched to a later end)
    kept = sorted(w for w in needed if w.split() != [w] or not any(o in w for o in needed - {w}))
    return _Near(tuple(kept), words_before, first, reach, back)


def _places(padded: str, low: str, near: _Near, found: _Offsets) -> list[int]:
    """Every place, in order, where ``starts`` may match in ``padded`` (``" " + low``): a
    match holds one of ``near.required``, and opens at most ``near.words_before`` words
    before the word that holds it, so ``near.first`` is searched from there to the string
    only. The few places it finds are then checked with ``starts`` itself. ``found``
    holds the strings' offsets in ``low``."""
    spans = []
    for needed in near.required:
        for i in found[needed]:
            spans.append((_words_back(low, i, near.back), i))
    spans.sort()
    places: list[int] = []
    done = -1  # the last place searched
    for lo, hi in spans:
        lo = max(lo, done + 1)
        if lo > hi:
            continue
        for hit in near.first.finditer(padded, lo, min(len(padded), hi + near.reach)):
            if hit.start() > hi:
                break
            places.append(hit.start())
        done = hi
    return places


def _words_back(low: str, i: int, back: re.Pattern) -> int:
    """The start of the ``words``-th word before the one that holds ``low[i]`` (words
    are runs of non-space characters; 0 when the text starts first), where ``back`` is
    ``\\S*(?:\\s*\\S*){words}``: the walk back, matched forwards from ``low[i - 1]`` in
    the reversed text, in C (a walk character by character in Python took 1% of a pass:
    "said" alone is found 25 times an article).

    Only the ``_BACK_WINDOW`` characters before ``i`` are reversed (reversing the whole
    text, one character at a time, cost more than the walks): a walk that reaches the
    window's far end, where the text goes on, may go further and is made on it all."""
    lo = max(0, i - _BACK_WINDOW)
    while True:
        reverse = low[lo:i][::-1]
        walked = back.match(reverse).end()
        if walked < len(reverse) or lo == 0:
            return i - walked
        lo = 0


def _add(
    out: list[Candidate],
    text: str,
    s: int,
    e: int,
    cue: re.Match,
    sent: Sentence,
    quoted: list[tuple[int, int]],
) -> None:
    while e > s and text[e - 1] in _END_MARKS:
        e -= 1
    if len(text[cue.end() : e].split()) < 2 or QUOTE_MARK.search(text, s, e):
        return  # "asked why," / "expected to": nothing said; quoted words: someone's
    if any(a < e and s < b for a, b in quoted):
        return
    out.append(
        Candidate(
            s,
            e,
            "indirect",
            "unsourced",
            None,
            None,
            *_cue_span(cue),
            sent,
            [],
            CONFIDENCE["unsourced"],
        )
    )


def _cue_span(m: re.Match) -> tuple[int, int]:
    """The cue's words in a match of either pattern: ``is expected``, ``Asked``, the
    adverb ``reportedly``, or ``asked`` after ``when``."""
    for group in ("cue", "adverb", "asked"):
        if group in m.re.groupindex and m.group(group) is not None:
            return m.span(group)
    return m.span()
