"""Searching a date pattern from the character before its matches, which the engine skips to.

Nearly every date rule and veto opens with ``\\b`` (``\\b(?P<mon>…)``, ``\\b(?:about|…)``).
Python's regular expressions find no prefix to skip to in such a pattern, so a search
enters the matcher at every position of the stretch it is given; the first-letter tests
come only after the boundary and the optional groups (``(?:<REL>\\s+)?``) have been set up.
When every match of the (case-sensitive, lowercase) pattern begins with a word
character behind its ``\\b``, the character before a match is not a word character, so

    ``[^a-z0-9_](?=[first letters])(?:pattern)``

matches exactly one character before each place where the pattern matches, and its
opening class is one the engine skips along without entering the matcher.
:func:`spans` walks the matches of the pattern with it as ``finditer`` would, the same
spans in the same order, for about half the time (docs/BENCHMARKS.md, "Ingest, eighth
pass"). The pattern itself is read with the standard library's private parser, as
extraction/literals.py does; a pattern it cannot read simply has no such form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the parser behind re.compile; private, so any surprise means "no scanner"
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python
    _P = None

_WORD_CHAR = re.compile(r"\w")
#: Zero-width items that may stand before a pattern's first character.
_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w"}


class _Unread(Exception):
    """A part of the pattern this module does not read: no scanner for it."""


def scanner(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    """The pattern behind one character that is not a-z, 0-9 or _, and behind a look-ahead
    for the characters its matches can begin with; None unless that is exact: the pattern
    is case-sensitive, opens with ``\\b`` before anything it consumes, never matches the
    empty string, and can begin only with word characters (so the character before a
    match is never one: it is the start of the text, which :func:`spans` tries itself,
    or a character the class takes)."""
    if _P is None or pattern is None or pattern.flags & re.IGNORECASE:
        return None
    try:
        items = _P.parse(pattern.pattern, pattern.flags).data
        if not _opens_with_boundary(items):
            return None
        first, nullable = _first(items)
        if nullable or not first:
            return None
        return re.compile(
            "[^a-z0-9_](?=[" + "".join(sorted(first)) + "])(?:" + pattern.pattern + ")",
            pattern.flags,
        )
    except (_Unread, re.error, RecursionError):
        return None
    except Exception:  # noqa: BLE001 - a parser that changed: no scanner, never a wrong one
        return None


def spans(
    pattern: re.Pattern[str], scan: re.Pattern[str], text: str, lo: int, hi: int
) -> Iterator[tuple[int, int]]:
    """The spans of ``pattern.finditer(text, lo, hi)``, found with ``scan`` (its
    :func:`scanner`): the match at ``lo`` itself when ``lo`` is the start of the text,
    then each match of ``scan`` from the character before the place the last match
    ended, less that character."""
    pos = lo
    if pos == 0:
        m = pattern.match(text, 0, hi)
        if m is not None:
            pos = m.end()
            yield 0, pos
    search = scan.search
    while (m := search(text, pos - 1 if pos else 0, hi)) is not None:
        pos = m.end()
        yield m.start() + 1, pos


def _opens_with_boundary(items) -> bool:
    """Whether ``\\b`` stands among the zero-width items before the first item that may
    consume a character."""
    for op, av in items:
        if str(op) not in _ZERO_WIDTH:
            return False
        if str(op) == "AT" and str(av) == "AT_BOUNDARY":
            return True
    return False


def _first(items) -> tuple[set[str], bool]:
    """The characters (as regex class members) a match of the sequence can begin with,
    all of them word characters, and whether it can match the empty string."""
    found: set[str] = set()
    for op, av in items:
        chars, nullable = _item(str(op), av)
        found |= chars
        if not nullable:
            return found, False
    return found, True


def _item(op: str, av) -> tuple[set[str], bool]:
    if op == "LITERAL":
        return {_member(chr(av))}, False
    if op == "IN":
        return set(map(_in_member, av)), False
    if op in _ZERO_WIDTH:
        return set(), True
    if op == "SUBPATTERN":
        _, add_flags, del_flags, inner = av
        if add_flags or del_flags:
            raise _Unread
        return _first(inner.data)
    if op == "ATOMIC_GROUP":
        return _first(av.data)
    if op == "BRANCH":
        found: set[str] = set()
        nullable = False
        for alternative in av[1]:
            chars, empty = _first(alternative.data)
            found |= chars
            nullable = nullable or empty
        return found, nullable
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        least, _, inner = av
        chars, empty = _first(inner.data)
        return chars, empty or least == 0
    raise _Unread  # ANY, back-references, conditionals: not read


def _member(char: str) -> str:
    if not _WORD_CHAR.match(char):
        raise _Unread
    return re.escape(char)


def _in_member(item) -> str:
    kind, value = str(item[0]), item[1]
    if kind == "LITERAL":
        return _member(chr(value))
    if kind == "RANGE":
        low, high = value
        for code in range(low, high + 1):
            _member(chr(code))
        return re.escape(chr(low)) + "-" + re.escape(chr(high))
    if kind == "CATEGORY" and str(value) in _CATEGORIES:
        return _CATEGORIES[str(value)]
    raise _Unread  # a negated class, or one of non-word characters
