"""Find date expressions in news text and normalise them to TimeML calendar values.

The pipeline reads top to bottom in :func:`find_dates`: every pattern from
``quotetrack/rules/dates/patterns.toml`` proposes spans, spans inside an expression to
ignore (durations, vague words) are dropped, overlaps keep the longest, modifiers such as
"early" or "the end of" join the span, and a resolver per pattern kind turns each span
into a value against the anchor (the publication date), with dateparser reading the
calendar part. Everything is in the data files; this module holds no English words.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple

from .dates_context import TextContext
from .dates_resolve import Resolver
from .dates_rules import DateRules, Rule, load_rules
from .dates_scan import spans
from .literals import lowered, words_found
from .model import DateMention

__all__ = ["find_dates", "find_dateline"]

#: The rules whose dates stand on their own (a calendar date, not "Monday").
DATELINE_RULES = frozenset({"iso_date", "numeric_date", "month_day_year", "day_month_year"})
#: How far into an article a dateline may be.
DATELINE_CHARS = 400
_DATELINE_LINES = 6
_MODIFIER_WINDOW = 40
#: How far a date expression (or a veto around one) reaches from the word a rule is
#: tried around, and how far past that its look-aheads may look.
_REACH = 100
_LOOKAHEAD = 40
#: How far a veto ("about 1500 troops", "the previous Friday") reaches around a date.
_VETO_REACH = 60
#: The kinds whose resolver changes what the Resolver knows for the dates after it (a
#: quarter read sets the quarter in focus, dates_resolve.Resolver.resolve).
_STATEFUL_KINDS = frozenset({"quarter"})
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_RESOLUTION_ERRORS = (ValueError, OverflowError, IndexError, KeyError, TypeError, RecursionError)


class Candidate(NamedTuple):
    start: int
    end: int
    priority: int
    rule: Rule
    match: re.Match[str]


def find_dates(
    text: str, anchor: dt.date | None = None, within: Sequence[tuple[int, int]] | None = None
) -> list[DateMention]:
    """Every date expression in ``text``, sorted, non-overlapping, normalised to ``anchor``.

    Relative expressions ("last week", "Tuesday", "February 12") need the anchor and are
    skipped without one; absolute ones ("March 14, 2025", "1998") are always found.
    Never raises on any text: a text that defeats the rules simply yields fewer dates.
    Only unusable rules files raise (DateRulesError, when first loaded).

    ``within``: spans ``(start, end)`` of the text whose dates alone are wanted (enrich
    wants those of the attributions' sentences, about half an article). The result is
    then the mentions of the whole text's result that lie inside one of them, the same
    values; the vetoes and resolvers run only near those (see :func:`_wanted`).
    """
    if within is None:
        return _dates(text, anchor)
    inside = _inside(within)
    found = _dates(text, anchor, lambda c: inside(c.start, c.end))
    return [m for m in found if inside(m.start, m.end)]


def _dates(
    text: str, anchor: object, wanted: Callable[[Candidate], bool] | None = None
) -> list[DateMention]:
    """:func:`find_dates`, of the candidates that ``wanted`` and those their dates depend
    on (:func:`_wanted`) when it is given."""
    if not isinstance(text, str) or not text:
        return []
    anchor = _as_date(anchor)
    rules = load_rules()  # a broken rules file is reported (DateRulesError), not hidden
    try:
        return _find(text, anchor, rules, wanted)
    except _RESOLUTION_ERRORS:
        return []


def find_dateline(text: str, *, today: dt.date | None = None) -> DateMention | None:
    """The publication date stated at the top of an article, or None.

    Looks in the first few lines for a calendar date ("WASHINGTON, March 14 (Reuters) -",
    "Published 15 March 2025", "March 14, 2025", "2025-03-14") and returns the first one
    with a day. A dateline without a year is read as the latest such day on or before
    ``today`` (default: the system date), since an article is not dated in the future.
    Weekdays and words like "yesterday" are skipped: they need the date being sought.
    """
    if not isinstance(text, str) or not text:
        return None
    head = "\n".join(text[:DATELINE_CHARS].split("\n")[:_DATELINE_LINES])
    if not _may_match(head, load_rules(), DATELINE_RULES):
        return None
    # Only the dateline rules' dates are read: the others are neither vetoed nor resolved
    # unless one of those depends on them (_wanted).
    for mention in _dates(head, today or dt.date.today(), _of_dateline_rule):
        if mention.precision == "day" and mention.rule in DATELINE_RULES:
            return mention
    return None


def _of_dateline_rule(candidate: Candidate) -> bool:
    return candidate.rule.name in DATELINE_RULES


def _may_match(text: str, rules: DateRules, names: frozenset[str]) -> bool:
    """Whether one of the named rules may match in ``text``: False when none has its near
    words or near pattern there (a rule matches only around them)."""
    words = None
    for priority, rule in enumerate(rules.rules):
        if rule.name not in names:
            continue
        if rule.near is not None:
            if rule.near.search(text):
                return True
        elif rule.near_words:
            words = words if words is not None else _word_hits(text, rules, lowered(text))
            if words[priority]:
                return True
        else:
            return True
    return False


def _as_date(anchor: object) -> dt.date | None:
    """A date from a date, a datetime or an ISO string ("1998-03-22T14:57:00", as corpus
    metadata gives it); anything else means no anchor."""
    if isinstance(anchor, dt.datetime):
        return anchor.date()
    if isinstance(anchor, dt.date):
        return anchor
    if isinstance(anchor, str):
        try:
            return dt.date.fromisoformat(anchor.strip()[:10])
        except ValueError:
            return None
    return None


def _find(
    text: str,
    anchor: dt.date | None,
    rules: DateRules,
    wanted: Callable[[Candidate], bool] | None = None,
) -> list[DateMention]:
    low = lowered(text)  # once for the proposing and the vetoes
    candidates = _propose(text, rules, low)
    if wanted is not None:
        candidates = _wanted(candidates, wanted, len(text))
    ignored = _ignored_spans(text, rules, candidates, low)
    kept = _select(_not_ignored(candidates, ignored), len(text))
    resolver = Resolver(rules, TextContext(text, rules), anchor)
    mentions: list[DateMention] = []
    for cand in kept:
        try:
            resolved = resolver.resolve(cand.rule.kind, cand.match)
        except _RESOLUTION_ERRORS:  # an odd date ("Feb. 30", year 9999) costs only itself
            continue
        if resolved is None:
            continue
        start = _extend_left(text, cand.start, rules)
        if mentions and start < mentions[-1].end:  # the modifier belongs to the previous date
            start = cand.start
        value, precision = resolved
        mentions.append(
            DateMention(start, cand.end, text[start : cand.end], value, precision, cand.rule.name)
        )
    return mentions


def _inside(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test of whether ``[start, end)`` lies inside one of ``spans``."""
    ordered = sorted(spans)
    starts = [s for s, _ in ordered]
    reach = list(accumulate((e for _, e in ordered), max))  # furthest end so far

    def inside(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return inside


def _wanted(
    candidates: list[Candidate], wanted: Callable[[Candidate], bool], length: int
) -> list[Candidate]:
    """The candidates ``wanted`` and those whose fate and value their dates depend on.

    The candidates fall into groups, the veto stretches of :func:`_ignored_spans`
    (their windows merged): a veto found in one stretch lies inside it, and candidates
    that overlap, which :func:`_select` weighs against each other, are in one stretch.
    A date's start taken back over a modifier (:func:`_extend_left`) depends on the
    date before it only when that one ends less than ``_MODIFIER_WINDOW`` before: in the
    same stretch again. What else a resolver knows of the text is the text itself, but
    for the quarter in focus, which the quarters read so far set. So a stretch is kept
    whole when it holds a wanted candidate or a quarter; the others are dropped unvetoed
    and unresolved, and what is kept ends as it would have."""
    if not candidates:
        return candidates
    ordered = sorted(candidates, key=lambda c: (c.start, c.end))
    keep: set[int] = set()
    group: list[Candidate] = []
    needed = False
    hi = -1
    for cand in ordered:
        lo = max(0, cand.start - _VETO_REACH)
        if lo > hi and group:  # a new stretch begins (as _stretches merges them)
            if needed:
                keep.update(map(id, group))
            group, needed = [], False
        group.append(cand)
        hi = max(hi, min(length, cand.end + _VETO_REACH + _LOOKAHEAD))
        needed = needed or cand.rule.kind in _STATEFUL_KINDS or wanted(cand)
    if needed:
        keep.update(map(id, group))
    return [c for c in candidates if id(c) in keep]


def _propose(text: str, rules: DateRules, low: str | None) -> list[Candidate]:
    """Every match of every rule; a rule with near words or a near pattern is tried only
    around them (one pass over the words serves every rule). ``low`` is
    ``literals.lowered(text)``."""
    word_hits = _word_hits(text, rules, low)
    pattern_hits: dict[re.Pattern[str], list[tuple[int, int]]] = {}
    candidates = []
    for priority, rule in enumerate(rules.rules):
        lowercase = None if low is None or rule.lowered is None else (rule.lowered, low, rule.scan)
        if rule.near is not None:
            if rule.near not in pattern_hits:
                pattern_hits[rule.near] = [m.span() for m in rule.near.finditer(text)]
            matches = _around(rule.regex, text, pattern_hits[rule.near], lowercase)
        elif rule.near_words:
            matches = _around(rule.regex, text, word_hits[priority], lowercase)
        else:
            matches = rule.regex.finditer(text)
        candidates.extend(
            Candidate(m.start(), m.end(), priority, rule, m) for m in matches if m.end() > m.start()
        )
    return candidates


def _word_hits(text: str, rules: DateRules, low: str | None) -> list[list[tuple[int, int]]]:
    """For each rule, the spans of the words of the text that are among its near words
    (``low``: ``literals.lowered(text)``)."""
    hits: list[list[tuple[int, int]]] = [[] for _ in rules.rules]
    readers = rules.near_readers
    if low is None or rules.near_finder is None:
        for m in _WORD.finditer(text):
            for i in readers.get(m.group().lower(), ()):
                hits[i].append(m.span())
        return hits
    # The near words found where they stand in the lowercased text, kept when they are a
    # whole word of it: what the loop above finds, without a step per word of the text.
    letter = _LETTER.match
    for start, end, word in words_found(rules.near_finder, text, low, _LETTER):
        if not letter(text, end):
            for i in readers[word]:
                hits[i].append((start, end))
    return hits


def _around(
    regex: re.Pattern[str],
    text: str,
    hits: list[tuple[int, int]],
    lowercase: tuple[re.Pattern[str], str, re.Pattern[str] | None] | None = None,
) -> Iterator[re.Match[str]]:
    """The matches of ``regex`` that contain one of ``hits``, found by searching only the
    stretches within _REACH characters of a hit.

    A stretch is searched as part of the whole text (look-behinds see what precedes it)
    and reaches _LOOKAHEAD further than any kept match can end, so a kept match is the
    one a search of the whole text finds; a match cut short at a stretch's end contains
    no hit and is dropped.

    ``lowercase`` (the regex's lowercase form and the lowercased text, see
    literals.lowercase_form) is searched instead when given: the same matches at the same
    offsets, in two fifths less time, with its scanner (dates_scan.py) when it has one;
    each kept one is then matched on the text at its start, for the groups as the text
    writes them.
    """
    if not hits:
        return
    starts = [s for s, _ in hits]
    stretches = _stretches(hits, _REACH, _REACH + _LOOKAHEAD, len(text))
    if lowercase is None:
        for lo, hi in stretches:
            for m in regex.finditer(text, lo, hi):
                if _contains_hit(hits, starts, m.start(), m.end()):
                    yield m
        return
    pattern, low, scan = lowercase
    for lo, hi in stretches:
        if scan is None:
            found: Iterator[tuple[int, int]] = (m.span() for m in pattern.finditer(low, lo, hi))
        else:
            found = spans(pattern, scan, low, lo, hi)
        for start, end in found:
            if _contains_hit(hits, starts, start, end):
                m = regex.match(text, start, hi)
                if m is not None:  # (cannot be None: the same pattern, the same place)
                    yield m


def _contains_hit(hits: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether a hit lies wholly inside [start, end). Walks back from the last hit that
    starts before ``end``: hits seldom overlap, so that is a step or two."""
    i = bisect_right(starts, end) - 1
    while i >= 0 and starts[i] >= start:
        if hits[i][1] <= end:
            return True
        i -= 1
    return False


def _stretches(
    spans: list[tuple[int, int]], before: int, after: int, length: int
) -> Iterator[tuple[int, int]]:
    """Merged [start - before, end + after) around sorted ``spans``, clipped to the text."""
    lo = hi = -1
    for start, end in spans:
        a, b = max(0, start - before), min(length, end + after)
        if a > hi:
            if hi > lo:
                yield lo, hi
            lo, hi = a, b
        else:
            hi = max(hi, b)
    if hi > lo:
        yield lo, hi


def _ignored_spans(
    text: str, rules: DateRules, candidates: list[Candidate], low: str | None
) -> list[tuple[int, int]]:
    """The vetoes' matches near candidates: only a veto around a candidate can drop it.
    A veto is not run on a stretch that lacks all the strings its every match contains.
    ``low`` is ``literals.lowered(text)``."""
    near = sorted((c.start, c.end) for c in candidates)
    stretches = list(_stretches(near, _VETO_REACH, _VETO_REACH + _LOOKAHEAD, len(text)))
    if not stretches:
        return []
    finder = rules.needed_finder
    present = None if low is None or finder is None else [_needed(low, s, rules) for s in stretches]
    found = []
    vetoes = zip(
        rules.ignore, rules.ignore_strings, rules.ignore_lowered, rules.ignore_scans, strict=True
    )
    for veto, needs, lowercase, scan in vetoes:
        if needs is None or present is None:
            tried = stretches
        else:
            pairs = zip(stretches, present, strict=True)
            tried = [s for s, held in pairs if not needs.isdisjoint(held)]
        if lowercase is None or low is None:
            for lo, hi in tried:
                found.extend(m.span() for m in veto.finditer(text, lo, hi))
        elif scan is None:  # same spans, faster (_around)
            for lo, hi in tried:
                found.extend(m.span() for m in lowercase.finditer(low, lo, hi))
        else:
            for lo, hi in tried:
                found.extend(spans(lowercase, scan, low, lo, hi))
    return sorted(found)


def _needed(low: str, stretch: tuple[int, int], rules: DateRules) -> set[str]:
    """The vetoes' needed strings that ``low[lo:hi]`` holds. One search from each place
    where one starts (the longest there, and the needed strings it starts with), where
    each veto's own search per stretch cost 18 calls a stretch."""
    lo, hi = stretch
    found: set[str] = set()
    search, within = rules.needed_finder.search, rules.needed_within
    while m := search(low, lo, hi):
        found |= within[m.group()]
        lo = m.start() + 1
    return found


def _not_ignored(candidates: list[Candidate], ignored: list[tuple[int, int]]) -> list[Candidate]:
    """Candidates not inside an ignored span; linear-time so a long text stays fast."""
    starts = [s for s, _ in ignored]
    reach = list(accumulate((e for _, e in ignored), max))  # furthest end so far
    kept = []
    for cand in candidates:
        i = bisect_right(starts, cand.start) - 1
        if i < 0 or reach[i] < cand.end:
            kept.append(cand)
    return kept


def _select(candidates: list[Candidate], length: int) -> list[Candidate]:
    """Longest first, then the earlier rule; the winners in reading order."""
    claimed = bytearray(length)
    taken: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.priority, c.start)):
        if not any(claimed[cand.start : cand.end]):
            claimed[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def _extend_left(text: str, start: int, rules: DateRules) -> int:
    """Take in modifiers that narrow a date without changing its value ("early 1990")."""
    window = text[max(0, start - _MODIFIER_WINDOW) : start]
    m = rules.modifiers.search(window)
    return start - (len(window) - m.start()) if m else start
