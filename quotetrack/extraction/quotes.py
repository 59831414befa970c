"""Find quoted passages: where quotation marks open and close.

News text mixes straight and curly marks, typeset ``''`` pairs and guillemets, and now
and then a stray mark. A quote never runs past the end of its paragraph unless the next
paragraph opens with a quotation mark (the convention for a quotation continued over
paragraphs: each paragraph opens, only the last one closes), so one bad mark cannot swallow
the rest of an article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from quotetrack.extraction.frozen import slot_init

#: Opening marks and the marks that may close them.
CLOSERS = {
    "\u201c": '\u201d"',
    "\u201e": "\u201c\u201d",
    "\u00ab": "\u00bb",
    '"': '"\u201d',
    "''": "''\u201d",
    "``": "''\u201d\"",
    "\u2018": "\u2019",
}
# A straight or single mark opens only at a word boundary: after space, a bracket or dash.
_OPEN_CONTEXT = set(' \t([{\u2014\u2013-/:;,\u201c"')
_NON_SPACE = re.compile(r"\S")
_MISTYPED_CLOSER = re.compile(r"[,.!?]\u201c(?=\s|$)")
# A right single mark before a letter or digit is an apostrophe ("don\u2019t", "Roe\u2019s"):
# it opens nothing and closes nothing (a single quote closes before a non-alphanumeric),
# so it is not listed (a quarter of all marks). ``_MARK`` is what ``_marks`` finds.
_MARK = re.compile(
    "|".join(["''", "``", *'\u201c\u201d\u201e\u00ab\u00bb"\u2018', "\u2019(?![^\\W_])"])
)
#: The marks ``_MARK`` lists, each looked up with ``str.find``: a search for one character
#: skips through the text in C (``memchr``), where the regex engine tested every character
#: against the set of the marks' first characters (2% of a pass).
_MARK_STRINGS = ("''", "``", *'\u201c\u201d\u201e\u00ab\u00bb"\u2018')
_APOSTROPHE = "\u2019"

#: A double quotation mark of any style: the test, by the rules that read a clause, for
#: "holds quoted words" (someone's own words, which those rules leave to the quote rules).
QUOTE_MARK = re.compile('["\u201c\u201d\u00ab\u00bb]')


@slot_init  # (a fraction of the time of the frozen __init__: see frozen.py)
@dataclass(frozen=True, slots=True)
class Quote:
    """The text inside one pair of marks, within one paragraph.

    ``start``/``end`` exclude the marks and surrounding space; ``open``/``close`` are the
    positions of the marks themselves (``close`` is the paragraph end when left open);
    ``past`` is just past the closing mark (marks may be two characters: ``''``), the
    paragraph end when left open. ``continues`` is set when the quote goes on in the next
    paragraph's quote.

    ``past`` is a field, not a property worked out from the others: the rules read it
    some 7,000 times a pass over 200 texts, and a property's call costs about 1,200
    machine instructions a read against a slot's few dozen (about -8 M a pass).
    """

    start: int
    end: int
    open: int
    close: int
    closed: bool
    past: int
    continues: bool = False


def _opens(text: str, i: int, mark: str, line_start: int) -> bool:
    before = text[i - 1] if i > line_start else " "
    after_pos = i + len(mark)
    after = text[after_pos] if after_pos < len(text) else " "
    if after.isspace():
        return False
    if mark in ("\u201c", "\u201e", "\u00ab", "``"):
        return True
    return before in _OPEN_CONTEXT


def _closes(text: str, j: int, mark: str, opener: str) -> bool:
    if opener == mark == "\u201c" and _MISTYPED_CLOSER.match(text, j - 1):
        return True  # '"It's unusual,“ said X': an opening mark typed where a closing one goes
    if mark not in CLOSERS[opener] and not (opener == "''" and mark == "''"):
        return False
    if opener == "\u2018":
        nxt = text[j + 1] if j + 1 < len(text) else " "
        return not nxt.isalnum()
    return True


def _trimmed(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def quotes_in_paragraph(text: str, start: int, end: int) -> list[Quote]:
    """Top-level quotes of ``text[start:end]`` (one paragraph); nested quotes are inside them."""
    return _paragraph_quotes(text, start, end, _marks(text, start, end))


def _marks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """The quotation marks of ``text[start:end]``: (offset, mark), what ``_MARK.finditer``
    finds. No two marks share a character (``'`` and `````` count only in pairs, taken
    left to right as the regex takes them), so each is found on its own; a right single
    mark counts unless a letter or digit follows it inside the range."""
    if end is None:
        end = len(text)
    found = []
    for mark in _MARK_STRINGS:
        if len(mark) > 1 and mark[0] not in text:
            continue  # ('' or ``: a search for one character runs at memory speed, one
            # for two costs about five instructions a character; most texts hold neither)
        i = text.find(mark, start, end)
        while i != -1:
            found.append((i, mark))
            i = text.find(mark, i + len(mark), end)
    i = text.find(_APOSTROPHE, start, end)
    while i != -1:
        if i + 1 == end or not text[i + 1].isalnum():
            found.append((i, _APOSTROPHE))
        i = text.find(_APOSTROPHE, i + 1, end)
    found.sort()
    return found


def _paragraph_quotes(text: str, start: int, end: int, marks: list[tuple[int, str]]) -> list[Quote]:
    """:func:`quotes_in_paragraph` given the paragraph's marks."""
    out: list[Quote] = []
    k = 0
    while k < len(marks):
        i, mark = marks[k]
        if mark in CLOSERS and _opens(text, i, mark, start):
            body = i + len(mark)
            close = None  # the first mark after it that closes it (a loop: no generator)
            for n in range(k + 1, len(marks)):
                if _closes(text, marks[n][0], marks[n][1], mark):
                    close = n
                    break
            close_pos = marks[close][0] if close is not None else end
            s, e = _trimmed(text, body, close_pos)
            if e > s:
                past = close_pos + len(marks[close][1]) if close is not None else end
                out.append(Quote(s, e, i, close_pos, close is not None, past))
            if close is None:
                break
            k = close + 1
            continue
        k += 1
    return out


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """All quotes of the text, paragraph by paragraph, with continuations marked.

    The marks are found in one scan of the text and handed to their paragraphs (a mark
    is never cut by a paragraph's edge: only spaces stand between paragraphs), so the
    many paragraphs without a mark cost no search of their own."""
    marks = _marks(text)
    found: dict[int, list[Quote]] = {}  # by paragraph: only those with a mark (a third)
    starts = [s for s, _ in paragraphs]
    k = 0
    while k < len(marks):
        n = bisect_right(starts, marks[k][0]) - 1
        s, e = paragraphs[n] if n >= 0 else (0, 0)
        if marks[k][0] >= e:
            k += 1  # (none: every character that is not a space is in a paragraph)
            continue
        j = k + 1
        while j < len(marks) and marks[j][0] < e:
            j += 1
        found[n] = _paragraph_quotes(text, s, e, marks[k:j])
        k = j
    out: list[Quote] = []
    for n, quotes in found.items():
        for q in quotes:
            nxt = found.get(n + 1)
            continued = (
                not q.closed
                and bool(nxt)
                and nxt[0].open == _first_non_space(text, paragraphs[n + 1][0])
            )
            # most quotes end in their paragraph: the same record, not a copy of it
            out.append(
                Quote(q.start, q.end, q.open, q.close, q.closed, q.past, True) if continued else q
            )
    return out


def _first_non_space(text: str, pos: int) -> int:
    m = _NON_SPACE.search(text, pos)
    return m.start() if m else pos
