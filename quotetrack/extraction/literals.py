"""What a regular expression cannot match without, read off the pattern: cheap tests first.

Both readings walk the pattern as the standard library's own (private) parser gives it,
here and nowhere else; when that parser is missing or surprises, they answer "no test",
which is only slower, never wrong.

:func:`required`: the strings every match of a case-insensitive pattern contains.

Python's regular expressions cannot skip ahead under IGNORECASE: a search tries the
pattern at every position of the text. When every match must contain one of a few
words ("russia", "moscow", "kremlin"), looking for those words in the lowercased text
(``in``, a fast substring search) says in a few steps that most texts cannot match.
The words are read off the pattern itself, so lexicon files need say nothing more.

:func:`final_words`: the words a match can end with, so that a search anchored at the end
of a window is skipped when the window's last word is none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

try:  # the parser behind re.compile; private, so any surprise means "no test"
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - another Python
    _P = _C = None

#: Letters that IGNORECASE matches with an ASCII letter lower() does not give ("ı", "ſ",
#: the Kelvin sign), or that lower() turns into two characters ("İ").
_CASE_ODDITIES = ("\u0130", "\u0131", "\u017f", "\u212a")


#: The ASCII bytes: deleted from a text's UTF-8 form, they leave its other characters.
_ASCII = bytes(range(128))


def lowered(text: str) -> str | None:
    """``text.lower()`` when an ASCII string found in it is exactly what IGNORECASE finds
    in the text at the same offsets; None when a letter of the text breaks that.

    Four ``in`` tests (a fast substring search each) rather than one character-class
    search, which the regex engine runs character by character: 20 times the time; and
    these on the text's characters beyond ASCII alone.

    ``str.lower`` looks each character's case up in the Unicode tables unless the whole
    text is ASCII, and a news text seldom is (curly quotation marks, dashes): some 55
    machine instructions a character, 2% of extraction. When ``lower()`` leaves every
    character beyond ASCII as it is ("\u201c", "\u2014", "\u00e9"), ``bytes.lower`` on the
    UTF-8 form gives the same string (it changes only ASCII capitals, and the bytes of
    other characters are all above 127) in a third of the time, encoding included."""
    if text.isascii():
        return text.lower()  # (no oddity, and one byte a character in C)
    try:
        utf8: bytes | None = text.encode()
    except UnicodeEncodeError:  # a lone surrogate: every character read the slow way
        utf8 = None
    others = utf8.translate(None, _ASCII).decode() if utf8 is not None else text
    if any(odd in others for odd in _CASE_ODDITIES):
        return None
    if utf8 is not None and others == others.lower():
        return utf8.lower().decode()
    low = text.lower()
    return low if len(low) == len(text) else None


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lowercase ASCII strings, one of which every match of the case-insensitive
    ``pattern`` contains; None when the pattern does not say (or is not IGNORECASE)."""
    if _P is None or not pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        return _sequence(_P.parse(pattern.pattern, pattern.flags).data, _CASELESS)
    except Exception:  # noqa: BLE001 - a parser that changed: no test, never a wrong one
        return None


def lowercase_form(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The case-insensitive ``pattern`` compiled case-sensitively, to be run on the
    :func:`lowered` text, where it finds what ``pattern`` finds in the text, at the same
    offsets (an IGNORECASE literal is compared by lowering each character the engine
    reads; on the lowered text the engine compares as it reads). That holds when every
    character the pattern names is ASCII but no capital, or has no case at all ("0", "£");
    None for any other pattern (a capital, a non-ASCII letter, a case-sensitive part)."""
    if _P is None or not pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        if not _caseless(_P.parse(pattern.pattern, pattern.flags).data):
            return None
        return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)
    except Exception:  # noqa: BLE001 - a parser that changed: no lowercase form
        return None


def _caseless(items) -> bool:
    """Every character the parsed items name is one :func:`lowercase_form` allows."""
    for op, av in items:
        if op in (_C.LITERAL, _C.NOT_LITERAL):
            if not _plain_char(av):
                return False
        elif op is _C.IN:
            for kind, value in av:
                if kind is _C.LITERAL and not _plain_char(value):
                    return False
                if kind is _C.RANGE and not all(map(_plain_char, range(value[0], value[1] + 1))):
                    return False
                if kind not in (_C.LITERAL, _C.RANGE, _C.CATEGORY, _C.NEGATE):
                    return False
        elif op is _C.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            if del_flags & re.IGNORECASE or not _caseless(inner.data):
                return False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            if not _caseless(av[2].data):
                return False
        elif op in (_C.ASSERT, _C.ASSERT_NOT):
            if not _caseless(av[1].data):
                return False
        elif op is _C.ATOMIC_GROUP:
            if not _caseless(av.data):
                return False
        elif op is _C.BRANCH:
            if not all(_caseless(alternative.data) for alternative in av[1]):
                return False
        elif op not in (_C.AT, _C.ANY, _C.CATEGORY):
            return False  # (back-references, conditionals: not worth reading)
    return True


def _plain_char(code: int) -> bool:
    """ASCII and no capital, or a character without case ("0", "£", "’")."""
    char = chr(code)
    if char.isascii():
        return not char.isupper()
    return char.lower() == char == char.upper()


def may_match(needs: frozenset[str] | None, low: str | None) -> bool:
    """False only when ``low`` (the :func:`lowered` text) lacks every needed string."""
    return needs is None or low is None or any(n in low for n in needs)


def may_hold(words: frozenset[str], text: str, low: str | None, lo: int, hi: int) -> bool:
    """:func:`may_match` for a window: False only when ``text[lo:hi]`` holds none of
    ``words`` (lowercase, no Greek sigma) as a substring of it lowered, so none of them as
    a word either. ``low``: the :func:`lowered` text, or None (the window is lowered)."""
    if low is None:
        window = text[lo:hi].lower()
        return any(w in window for w in words)
    for w in words:  # noqa: SIM110 - no generator: one word, asked of each claim
        if low.find(w, lo, hi) != -1:
            return True
    return False


def words_found(
    finder: re.Pattern[str], text: str, low: str, inside: re.Pattern[str]
) -> Iterator[tuple[int, int, str]]:
    """Where ``finder`` finds a word in ``text``, searching its :func:`lowered` form
    ``low``: (start, end, the word as group 1 gives it), for each start where ``text``
    has no ``inside`` character right before.

    ``finder`` is a case-sensitive word list after one character that cannot open a
    word (``[^a-z](...)``): the engine skips to such characters, which it cannot do
    under IGNORECASE or after a look-behind, so a text costs one search per word found
    rather than a try at every position. It runs on " " + ``low``, the space standing
    for the start of the text; the look-behind is checked on ``text`` only where a word
    was found. Each search resumes at the word's own start, so words may overlap."""
    search, padded, pos = finder.search, " " + low, 0
    while m := search(padded, pos):
        start = m.start(1) - 1
        if not (start and inside.match(text, start - 1)):
            yield start, m.end(1) - 1, m.group(1)
        pos = start + 1  # in ``padded``: the character before the next start


class _Reading(NamedTuple):
    """How the walk below reads a pattern for one use: ``char`` gives a literal's
    character as the searched text holds it ("" where it cannot say), ``rank`` orders a
    sequence's options (the highest is taken)."""

    char: Callable[[int], str]
    rank: Callable[[frozenset[str]], tuple[int, int]]


def _lower_ascii(code: int) -> str:
    char = chr(code).lower()
    return char if char.isascii() else ""


def _selectivity(strings: frozenset[str]) -> tuple[int, int]:
    """Longer strings first (rarer in text), then fewer of them."""
    return min(map(len, strings)), -len(strings)


def _fewest(strings: frozenset[str]) -> tuple[int, int]:
    """Fewer strings first (one ``in`` test each), then longer ones."""
    return -len(strings), min(map(len, strings))


#: For :func:`required`: a case-insensitive pattern, searched for in the lowered text.
_CASELESS = _Reading(_lower_ascii, _selectivity)
#: For :func:`contained`: a case-sensitive pattern, searched for in the text itself.
_AS_WRITTEN = _Reading(chr, _fewest)


def _sequence(items, reading: _Reading) -> frozenset[str] | None:
    """The requirement ``reading`` ranks highest among the items of a sequence: a run of
    literal characters, or what one of its classes, groups, alternations or repeats
    requires."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        char = reading.char(av) if op is _C.LITERAL else ""
        if char:
            run.append(char)
            continue
        words = _words(op, av, reading)
        if run and words:  # "s(?:aturday|unday)": the parser took the "s" out
            # (the run alone too: fewer strings, which one reading ranks higher, and
            # shorter, which the other never ranks over the longer ones)
            options.append(frozenset(["".join(run)]))
            options.append(frozenset("".join(run) + w for w in words))
            run = []
            continue
        if run:
            options.append(frozenset(["".join(run)]))
            run = []
        found = _item(op, av, reading)
        if found is not None:
            options.append(found)
    if run:
        options.append(frozenset(["".join(run)]))
    return max(options, key=reading.rank, default=None)


def _words(op, av, reading: _Reading) -> list[str] | None:
    """The alternatives of an alternation when each is plain letters, else None."""
    if op is not _C.BRANCH:
        return None
    words = []
    for alternative in av[1]:
        chars = [reading.char(a) if o is _C.LITERAL else "" for o, a in alternative.data]
        if not chars or not all(chars):
            return None
        words.append("".join(chars))
    return words


def _item(op, av, reading: _Reading) -> frozenset[str] | None:
    if op is _C.IN:  # a class of plain characters ("[\u2014\u2013]"), no range or category
        chars = [reading.char(value) if kind is _C.LITERAL else "" for kind, value in av]
        return frozenset(chars) if chars and all(chars) else None
    if op is _C.SUBPATTERN:
        _, add_flags, del_flags, inner = av
        if (add_flags | del_flags) & re.IGNORECASE:
            return None
        return _sequence(inner.data, reading)
    if op is _C.ATOMIC_GROUP:
        return _sequence(av.data, reading)
    if op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
        least, _, inner = av
        return _sequence(inner.data, reading) if least >= 1 else None
    if op is _C.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(alternative.data, reading)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    return None


# -- the strings a case-sensitive match contains -------------------------------------

#: More strings than this to look for cost about what the search they would spare does.
_MAX_CONTAINED = 4


def contained(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """A few strings (at most ``_MAX_CONTAINED``), one of which every match of the
    case-sensitive ``pattern`` contains; None when the pattern does not say (IGNORECASE,
    no literal it cannot match without, or too many strings).

    What a match of ``pattern.search(text, lo, hi)`` consumes lies in ``text[lo:hi]``, so
    a window holding none of them has no match: ``in`` on the window's copy (a few
    hundred machine instructions each) answers where the search, for a pattern that opens
    with no literal the engine can skip to, tries the pattern at every position (some
    100 instructions a character). Only literals a match consumes count, none from a
    look-around. The fewest strings are chosen, then the longest; a string that holds
    another of the set is dropped (a text holding it holds the other). The walk is
    :func:`required`'s, reading the literals as written."""
    if _P is None or pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    try:
        found = _sequence(_P.parse(pattern.pattern, pattern.flags).data, _AS_WRITTEN)
    except Exception:  # noqa: BLE001 - a parser that changed: no test, never a wrong one
        return None
    if found is None:
        return None
    # (a string that holds another of the set: a text holding it holds the other)
    fewest = {s for s in found if not any(o != s and o in s for o in found)}
    return tuple(sorted(fewest)) if len(fewest) <= _MAX_CONTAINED else None


# -- the words a match can end with -------------------------------------------------

_SEPARATORS = frozenset(map(ord, " \t\n\r\f\v,"))
_PLAIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)?")


def final_words(pattern: str) -> frozenset[str] | None:
    """The words (lowercase) that can end a match of ``pattern``, each one plain word of
    ASCII letters and digits ("monday", "ago", "n't"); None when the pattern can end
    otherwise (a class, an open repeat, an empty match). A text whose last word is plain
    ASCII and not one of these has no match ending there, so the search can be skipped:
    a search anchored at the end (``...$``) tries every position before it."""
    if _P is None:
        return None
    try:
        ends = _ends(list(_P.parse(pattern)))
    except Exception:  # noqa: BLE001 - another Python's parser: skip nothing
        return None
    words = {w.lower() for w, _ in ends} if ends is not None else {""}
    if not all(w.isascii() and _PLAIN_WORD.fullmatch(w.lower()) for w in words):
        return None
    return frozenset(words)


def _ends(items: list) -> set[tuple[str, bool]] | None:
    """What a parsed sequence's match can end with: (the characters after its last space
    or comma, True) or (all its characters, False: the word may begin before it)."""
    out = {("", False)}
    for op, av in reversed(items):
        if all(closed for _, closed in out):
            break
        alts = _item_ends(str(op), av)
        if alts is None:
            return None
        out = {(s, True) for s, closed in out if closed} | {
            (t + s, t_closed) for s, closed in out if not closed for t, t_closed in alts
        }
    return out


def _item_ends(op: str, av) -> set[tuple[str, bool]] | None:
    if op == "LITERAL":
        return {("", True) if av in _SEPARATORS else (chr(av), False)}
    if op == "IN" and all(str(o) == "LITERAL" for o, _ in av):
        return {("", True) if v in _SEPARATORS else (chr(v), False) for _, v in av}
    if op == "SUBPATTERN":
        return _ends(list(av[-1]))
    if op == "BRANCH":
        options = [_ends(list(p)) for p in av[1]]
        return None if None in options else set().union(*options)
    if op in ("MAX_REPEAT", "MIN_REPEAT") and av[1] <= 3:  # "s?" in "minutes?"
        options = [_ends(list(av[2]) * k) for k in range(av[0], av[1] + 1)]
        return None if None in options else set().union(*options)
    return None
