"""Load the date lexicon and patterns from data files and compile them once.

The knowledge lives in ``quotetrack/rules/dates/*.toml`` (shipped inside the wheel, read
with importlib.resources so it works when installed) and, optionally, in
``$QUOTETRACK_RULES/dates/`` with the same file names: the user's entries are added to the
shipped ones, so a newsroom can teach the finder a word without forking the package.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from .dates_scan import scanner
from .literals import lowercase_form, required
from .tries import alternation

#: Lexicon tables whose keys become a <PLACEHOLDER> alternation in the patterns.
PLACEHOLDER_TABLES = {
    "MONTH": ("months",),
    "MON": ("months", "month_abbreviations"),
    "WEEKDAY": ("weekdays",),
    "REL": ("relative",),
    "DEICTIC": ("deictic",),
    "ORDINAL": ("ordinals",),
    "NUMBER": ("numbers",),
    "UNIT": ("units",),
    "DAY_ORDINAL": ("day_ordinals",),
}
_PLACEHOLDER = re.compile(r"<([A-Z_]+)>")
_PLAIN = re.compile(r"[a-z]+")
#: The resolvers a rule may name (dates_resolve.py has one for each).
KINDS = frozenset(
    {"calendar", "month", "weekday", "deictic", "relative", "ago", "quarter", "focus", "year_of"}
)


class DateRulesError(ValueError):
    """A dates rules file (shipped or the user's) cannot be read or has a bad entry.

    Raised when the rules are loaded, with the file and entry named, so a mistake in a
    user's $QUOTETRACK_RULES/dates/ file is reported instead of silently finding nothing.
    """


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled date pattern; ``kind`` names the resolver that turns it into a value.

    Every match of ``regex`` contains one of ``near_words`` (a month name, "quarter") or a
    match of ``near`` (four digits): the finder runs ``regex`` only around those, since
    most of an article is nowhere near a month name. With neither, the whole text is
    searched.
    """

    name: str
    kind: str
    regex: re.Pattern[str]
    near: re.Pattern[str] | None = None
    near_words: frozenset[str] = frozenset()
    #: ``regex`` for the lowercased text (literals.lowercase_form): the same matches,
    #: without IGNORECASE's per-character work; None when the pattern has no such form.
    lowered: re.Pattern[str] | None = None
    #: ``lowered`` searched from the character before each match (dates_scan.scanner),
    #: or None.
    scan: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class DateRules:
    """Everything the date finder knows, loaded from data."""

    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    ignore: tuple[re.Pattern[str], ...]
    modifiers: re.Pattern[str]
    future: re.Pattern[str]
    past: frozenset[str]
    deadline: frozenset[str]
    past_auxiliaries: frozenset[str]
    past_prepositions: frozenset[str]
    not_verbs: frozenset[str]
    abbreviations: frozenset[str]
    #: Each near word and the rules (by position) that are tried around it.
    near_readers: dict[str, tuple[int, ...]]
    #: For each veto of ``ignore``, the strings one of which its every match contains, in
    #: the lowercased text (extraction/literals.py): a stretch of text without any is not
    #: searched. None: the veto says of none, it is run everywhere. All of them as one
    #: pattern (the longest that starts at a place), with each string's needed prefixes
    #: ("weekend": "week" too): one search of a stretch tells every veto whether to run.
    ignore_strings: tuple[frozenset[str] | None, ...] = ()
    #: Each veto for the lowercased text, or None (as ``Rule.lowered``), and its scanner
    #: (as ``Rule.scan``).
    ignore_lowered: tuple[re.Pattern[str] | None, ...] = ()
    ignore_scans: tuple[re.Pattern[str] | None, ...] = ()
    needed_finder: re.Pattern[str] | None = None
    needed_within: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The near words of every rule as one pattern (group 1) after a character that is
    #: not a-z, run on " " + the lowercased text; None when a near word is not plain
    #: lowercase ASCII letters (the words are then read one by one).
    near_finder: re.Pattern[str] | None = None

    def table(self, name: str) -> dict[str, Any]:
        return self.lexicon.get(name, {})


def _read_toml(name: str) -> list[dict[str, Any]]:
    """The shipped file first, then the user's file of the same name if there is one."""
    shipped = files("quotetrack").joinpath("rules", "dates", name)
    docs = [_parse(shipped.read_text("utf-8"), f"quotetrack/rules/dates/{name}")]
    user_root = os.environ.get("QUOTETRACK_RULES")
    if user_root:
        user_file = Path(user_root) / "dates" / name
        if user_file.is_file():
            docs.append(_parse(user_file.read_text("utf-8"), str(user_file)))
    return docs


def _parse(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DateRulesError(f"{origin}: not valid TOML ({exc})") from None


def _merge(docs: list[dict[str, Any]]) -> dict[str, Any]:
    """Tables are united key by key, lists are concatenated: later files only add."""
    merged: dict[str, Any] = {}
    for doc in docs:
        for key, value in doc.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            elif isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = merged[key] + value
            else:
                merged[key] = value
    return merged


def _alternation(words: list[str]) -> str:
    """The words as a case-insensitive trie; a space matches any whitespace."""
    return alternation(words, space=r"\s+", lower=True)


def _expander(lexicon: dict[str, Any], fragments: dict[str, str]):
    pieces = {
        name: _alternation([k for t in tables for k in lexicon.get(t, {})])
        for name, tables in PLACEHOLDER_TABLES.items()
    }

    def expand(pattern: str) -> str:
        for _ in range(5):  # fragments may use placeholders; a few rounds settle them
            pattern = _PLACEHOLDER.sub(
                lambda m: fragments.get(m[1], pieces.get(m[1], m[0])), pattern
            )
        return pattern

    return expand


def _compile(pattern: str, where: str = "dates rules") -> re.Pattern[str]:
    left = _PLACEHOLDER.search(pattern)
    if left:
        raise DateRulesError(f"{where}: unknown placeholder {left[0]}")
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise DateRulesError(f"{where}: bad regular expression ({exc})") from None


def _rule(entry: Any, expand, expand_words) -> Rule:
    """One [[rule]] of patterns.toml, checked: a name, a known kind, a pattern."""
    if not isinstance(entry, dict) or not {"name", "kind", "pattern"} <= entry.keys():
        raise DateRulesError(f"patterns.toml: a [[rule]] needs name, kind and pattern: {entry}")
    where = f"patterns.toml rule {entry['name']!r}"
    if entry["kind"] not in KINDS:
        raise DateRulesError(f"{where}: unknown kind {entry['kind']!r} (one of {sorted(KINDS)})")
    near = entry.get("near")
    words: frozenset[str] = frozenset()
    regex = None
    if isinstance(near, list) and near and all(isinstance(w, str) and w.strip() for w in near):
        words = frozenset(t for w in near for t in expand_words(w).split())
    elif isinstance(near, str) and near.strip():
        regex = _compile(expand(near), f"{where} near")
    elif near is not None:
        raise DateRulesError(f"{where}: near must be a pattern or a list of words")
    pattern = _compile(expand(entry["pattern"]), where)
    lowered = lowercase_form(pattern)
    return Rule(entry["name"], entry["kind"], pattern, regex, words, lowered, scanner(lowered))


def _word_expander(lexicon: dict[str, Any]):
    """``<MON>`` in a list of near words stands for every word of its lexicon tables."""

    def expand_words(word: str) -> str:
        m = _PLACEHOLDER.fullmatch(word.strip())
        if not m:
            return word.lower()
        if m[1] not in PLACEHOLDER_TABLES:
            raise DateRulesError(f"patterns.toml: unknown placeholder {m[0]} in near")
        return " ".join(k.lower() for t in PLACEHOLDER_TABLES[m[1]] for k in lexicon.get(t, {}))

    return expand_words


@cache
def load_table(name: str) -> dict[str, Any]:
    """One data file of the dates folder, shipped entries plus the user's."""
    return _merge(_read_toml(name))


@cache
def load_rules() -> DateRules:
    """Read and compile the data once per process (the CLI runs once per document)."""
    lexicon = load_table("lexicon.toml")
    patterns = load_table("patterns.toml")
    ignore = load_table("ignore.toml")
    expand = _expander(lexicon, patterns.get("fragments", {}))
    expand_words = _word_expander(lexicon)
    rules = tuple(_rule(entry, expand, expand_words) for entry in patterns.get("rule", []))
    vetoes = tuple(
        _compile(expand(p), f"ignore.toml [{key}]") for key, group in ignore.items() for p in group
    )
    tense = lexicon.get("tense", {})

    def words(table: dict[str, Any], key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in table.get(key, []))

    modifiers = _alternation(lexicon.get("modifiers", {}).get("words", []))
    needed = tuple(required(veto) for veto in vetoes)
    lowered = tuple(lowercase_form(veto) for veto in vetoes)
    return DateRules(
        lexicon=lexicon,
        rules=rules,
        ignore=vetoes,
        modifiers=_compile(r"(?:\b" + modifiers + r"\s*)+$"),
        future=_compile(r"(?<!\w)" + _alternation(tense.get("future", [])) + r"(?!\w)"),
        past=words(tense, "past"),
        deadline=words(tense, "deadline"),
        past_auxiliaries=words(tense, "past_auxiliaries"),
        past_prepositions=words(tense, "past_prepositions"),
        not_verbs=words(tense, "not_verbs"),
        abbreviations=words(lexicon.get("abbreviations", {}), "words"),
        near_readers=_readers(rules),
        ignore_strings=needed,
        ignore_lowered=lowered,
        ignore_scans=tuple(map(scanner, lowered)),
        needed_finder=_needs(frozenset().union(*(n for n in needed if n)) or None),
        needed_within=_prefixes(needed),
        near_finder=_near_finder(rules),
    )


def _readers(rules: tuple[Rule, ...]) -> dict[str, tuple[int, ...]]:
    readers: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for word in rule.near_words:
            readers.setdefault(word, []).append(i)
    return {word: tuple(ids) for word, ids in readers.items()}


def _needs(strings: frozenset[str] | None) -> re.Pattern[str] | None:
    return None if strings is None else re.compile(alternation(sorted(strings)))


def _prefixes(needed: tuple[frozenset[str] | None, ...]) -> dict[str, frozenset[str]]:
    """Each needed string and the needed strings it starts with (itself included)."""
    every = frozenset().union(*(n for n in needed if n))
    return {s: frozenset(w for w in every if s.startswith(w)) for s in every}


def _near_finder(rules: tuple[Rule, ...]) -> re.Pattern[str] | None:
    """Every rule's near words as one case-sensitive trie after a character that is not
    a-z, for the lowercased text with a space put before it: the engine skips to such
    characters (a word of the text begins after one), which it cannot do under
    IGNORECASE or after a look-behind."""
    words = {w for rule in rules for w in rule.near_words}
    if not words or not all(_PLAIN.fullmatch(w) for w in words):
        return None
    return re.compile("[^a-z](" + alternation(sorted(words)) + ")")
