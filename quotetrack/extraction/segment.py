"""Split a text into paragraphs and sentences, keeping character offsets.

A sentence never ends inside a quotation: ``"We will win. We always do," she said.`` is
one sentence, because the cue that governs the quote sits after it. Abbreviations from the
rules (``Mr.``, ``U.S.``) and initials (``J.``) do not end sentences either.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from quotetrack.extraction.frozen import slot_init
from quotetrack.extraction.quotes import Quote

# A line from its first to its last non-space character (lines end at "\n" only)
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")
# A full stop, question or exclamation mark, closing marks, then space and a plausible
# sentence start (a capital or a digit, perhaps after an opening mark, a bracket or both:
# '"[The board] has ...'; after an opening mark a nested mark or an ellipsis may come
# first: '"‘House of Cards,’" she said', '". . . We will"'). "[.!?][.!?]*" rather
# than "[.!?]+": a pattern that opens with a character class lets the regex engine skip to
# the next full stop.
_OPENING = r"(?:[\u2018\u2019'](?=[A-Z])|(?:\.\s?){3}\s*|\u2026\s*)?"  # after an opening mark
_BOUNDARY = re.compile(
    r"[.!?][.!?]*[\"\u201d\u2019'\u00bb)\]]*"
    rf"(?=\s+(?:(?:''|``|[\"\u201c\u2018\u00ab]){_OPENING})?[(\[]?[A-Z0-9])"
    r"|[.!?][.!?]*[\"\u201d](?=[A-Z][a-z])"  # '..." he said. "I love it!"Former ...': a lost space
)
_QUOTE_NEXT = re.compile(rf"\s+[\"\u201c]{_OPENING}[A-Z]")
# '... in the U.S. He says ...': a subject pronoun opens a sentence after an abbreviation
_PRONOUN_NEXT = re.compile(r"\s+(?:He|She|They|We|It|I)\s")
_CLOSERS = "\"\u201d\u2019'\u00bb"
#: What ``_BOUNDARY`` reads from a stop on before the space or capital it needs: the
#: stops and its closing marks.
_FINAL_MARKS = frozenset(".!?" + _CLOSERS + ")]")
_INITIAL = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)+$")


@slot_init  # (a fraction of the time of the frozen __init__: see frozen.py)
@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of the paragraph the sentence belongs to


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-empty lines, trimmed of surrounding space."""
    return [m.span() for m in _PARAGRAPH.finditer(text)]


def _inside(pos: int, quotes: list[Quote], lo: int) -> bool:
    for q in quotes[lo:]:
        if q.open > pos:
            return False
        if q.open < pos < q.close:
            return True
    return False


def sentences(
    text: str,
    paras: list[tuple[int, int]],
    quotes: list[Quote],
    abbreviations: frozenset[str],
    attribution: re.Pattern | None = None,
    name_titles: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """Sentences of every paragraph, in order.

    ``name_titles`` (lowercase) are abbreviations that stand before a name ("sen."): any
    other abbreviation ends a sentence when a quotation or a subject pronoun follows it.
    ``attribution`` matches a short speaker-and-cue clause (``Smith said.``): a quote that
    ends with its own full stop and is followed by one stays in one sentence with it.
    """
    out: list[Sentence] = []
    q_index = 0
    stops = _stops(text)
    stops.append(len(text))  # a sentinel past every paragraph: the loop tests no length
    k = 0
    for n, (p_start, p_end) in enumerate(paras):
        # what _BOUNDARY.finditer(text, p_start, p_end) finds, tried only at the stops
        # after the last match (both its alternatives open with one): str.find skips to
        # them in C, where the regex engine's search tested every character for [.!?]
        k = bisect_left(stops, p_start, k)
        if stops[k] >= p_end - 2:
            # no stop but in the paragraph's last two characters ('... now.', '... now."'):
            # one sentence, as a boundary needs two characters after its stop (a space and
            # a capital, or a closing mark then a capital and a letter). Half the
            # paragraphs; ~-5 M instructions a pass
            if p_start < p_end:
                out.append(Sentence(p_start, p_end, n))
            continue
        # (the quotes that close before the paragraph are passed over only here: the same
        # index as at every paragraph, for paragraphs in order, as ``paragraphs`` gives)
        while q_index < len(quotes) and quotes[q_index].close < p_start:
            q_index += 1
        start = p_start
        after = p_start  # the end of the last match
        # no stop in the marks that end the paragraph ('... now."') opens a boundary: one
        # needs a space or a capital after its marks (half the stops are such: the regex
        # engine is not asked about them)
        last = p_end
        while last > p_start and text[last - 1] in _FINAL_MARKS:
            last -= 1
        while stops[k] < last:
            stop = stops[k]
            k += 1
            if stop < after or (m := _BOUNDARY.match(text, stop, p_end)) is None:
                continue
            after = m.end()
            if (
                q_index < len(quotes)
                and quotes[q_index].open < stop  # (else none holds it: a mark is no stop)
                and _inside(stop, quotes, q_index)
                and not _closes_quote_at(text, m, quotes, q_index)
            ):
                continue
            # the run of non-space characters that ends with the stop (``rsplit`` works from
            # the right in C), less its opening marks; "then-Sen." is "Sen."
            word = text[start : stop + 1].rsplit(None, 1)[-1]
            word = word.rsplit("-", 1)[-1] if "-" in word else word.lstrip('"\u201c(')
            if word in abbreviations:
                # '... at a rally in Albany, N.Y. "Her record is poor."': a quotation opens
                # after it, and no title ("Sen.") stands before a quotation
                if word.lower() in name_titles or not (
                    _QUOTE_NEXT.match(text, m.end()) or _PRONOUN_NEXT.match(text, m.end())
                ):
                    continue
            elif word[-1:] == "." and "A" <= word[-2:-1] <= "Z" and _INITIAL.search(word):
                continue  # (an initial ends with a capital and a full stop: tested first)
            if (
                attribution
                and text[m.end() - 1] in _CLOSERS
                and attribution.match(text, m.end(), p_end)
            ):
                continue
            end = m.end()
            out.append(Sentence(start, end, n))
            start = end
            while start < p_end and text[start].isspace():
                start += 1
        if start < p_end:
            out.append(Sentence(start, p_end, n))
    return out


def _stops(text: str) -> list[int]:
    """The offsets of the full stops, question and exclamation marks of ``text``, in order."""
    found = []
    for mark in ".!?":
        i = text.find(mark)
        while i != -1:
            found.append(i)
            i = text.find(mark, i + 1)
    found.sort()
    return found


def _closes_quote_at(text: str, m: re.Match, quotes: list[Quote], lo: int) -> bool:
    """The boundary's own closing mark ends a quote (``...win." She``): it is a real end."""
    for q in quotes[lo:]:
        if q.open > m.end():
            return False
        if q.closed and m.start() < q.close < m.end():
            return True
    return False
