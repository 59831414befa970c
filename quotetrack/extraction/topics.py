"""What a statement is about: topics from a lexicon, and the names it mentions.

The lexicon is ``quotetrack/rules/topics.toml``, extended by ``topics.toml`` in the user's
rules folder (``$QUOTETRACK_RULES``). The keywords of every topic compile to one trie, so
tagging a sentence is one pass for all keywords (plus one search per topic pattern),
not one pass per topic.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from quotetrack.errors import ConfigError
from quotetrack.extraction.literals import (
    lowercase_form,
    lowered,
    may_match,
    required,
    words_found,
)
from quotetrack.extraction.tries import alternation

RULES_ENV = "QUOTETRACK_RULES"
_WORD = r"[A-Z](?:[\w&-]|\.(?=[A-Za-z]))*"
_WORD_CHAR = re.compile(r"\w")
_NAME_RUN = re.compile(rf"{_WORD}(?:\s+(?:(?:of|the|for|de|al)\s+){{0,2}}{_WORD})*")


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    pattern: re.Pattern[str]  # its keywords and patterns: what one topic alone matches


@dataclass(frozen=True, slots=True)
class TopicPattern:
    """A pattern of the lexicon's own for one topic, with what makes it cheap to try."""

    name: str  # the topic's
    pattern: re.Pattern[str]
    #: Strings one of which its every match contains (see extraction/literals.py); a
    #: text without any is not searched. None: no such strings are known.
    needs: frozenset[str] | None
    #: Its case-sensitive form for the lowered text (see
    #: extraction/literals.py:lowercase_form), or None.
    lowered: re.Pattern[str] | None

    @classmethod
    def of(cls, name: str, pattern: re.Pattern[str]) -> TopicPattern:
        return cls(name, pattern, required(pattern), lowercase_form(pattern))


@dataclass(frozen=True, slots=True)
class TopicRules:
    topics: tuple[Topic, ...]
    ignore: frozenset[str]
    #: Every keyword of every topic, found at each start where one begins (overlapping).
    keywords: re.Pattern[str] = re.compile(r"(?!)")
    #: Each keyword (lowercase) and the topics it stands for, with the topics of every
    #: keyword it begins with ("north atlantic alliance" carries "north atlantic"'s).
    keyword_topics: dict[str, frozenset[str]] = field(default_factory=dict)
    #: The topics with patterns of their own, and those patterns.
    patterns: tuple[TopicPattern, ...] = ()
    #: ``keywords`` for " " + the lowercased text, case-sensitive, after a character
    #: that is not a-z, 0-9 or _ (see _lowered_finder); None when a keyword is not ASCII.
    lowered_keywords: re.Pattern[str] | None = None


def tag(content: str, sentence: str, rules: TopicRules | None = None) -> tuple[str, ...]:
    """The topics of a statement, judged on its content and the sentence reporting it."""
    rules = rules or load_topics()
    return merge(topics_of(content, rules), topics_of(sentence, rules), rules=rules)


def topics_of(text: str, rules: TopicRules) -> frozenset[str]:
    """The topics whose keywords or patterns occur in ``text``."""
    found: set[str] = set()
    low = lowered(text)
    if low is None or rules.lowered_keywords is None:
        for m in rules.keywords.finditer(text):
            hit = rules.keyword_topics.get(m.group(1).lower())
            if hit is None:  # a case-insensitive match lower() does not map back ("ſ")
                hit = {t.name for t in rules.topics if t.pattern.fullmatch(m.group(1))}
            found.update(hit)
    else:  # what ``keywords.finditer`` finds, one search per keyword found
        for _, _, keyword in words_found(rules.lowered_keywords, text, low, _WORD_CHAR):
            found.update(rules.keyword_topics[keyword])
    for p in rules.patterns:
        if may_match(p.needs, low) and (
            p.lowered.search(low)
            if p.lowered is not None and low is not None
            else p.pattern.search(text)
        ):
            found.add(p.name)
    return frozenset(found)


def merge(*found: frozenset[str], rules: TopicRules) -> tuple[str, ...]:
    """The topics found in any of ``found``, in the lexicon's order."""
    union = frozenset().union(*found)
    return tuple(t.name for t in rules.topics if t.name in union)


def entities(content: str, rules: TopicRules | None = None) -> tuple[str, ...]:
    """Names in the content ("Ukraine", "the European Union" → "European Union"), in order,
    each once."""
    rules = rules or load_topics()
    seen: dict[str, None] = {}
    for match in _NAME_RUN.finditer(content):
        name = match.group(0).rstrip(".-")
        words = name.split()
        while words and words[0] in rules.ignore:
            words = words[1:]
        if words and not (len(words) == 1 and (words[0] in rules.ignore or len(words[0]) < 2)):
            seen.setdefault(" ".join(words), None)
    return tuple(seen)


@cache
def load_topics() -> TopicRules:
    documents = [
        _read(
            resources.files("quotetrack.rules").joinpath("topics.toml").read_text("utf-8"),
            "topics.toml",
        )
    ]
    user = os.environ.get(RULES_ENV)
    if user and (Path(user) / "topics.toml").is_file():
        path = Path(user) / "topics.toml"
        documents.append(_read(path.read_text("utf-8"), str(path)))
    keywords: dict[str, list[str]] = {}
    patterns: dict[str, list[str]] = {}
    ignore: set[str] = set()
    for doc in documents:
        ignore.update(doc.get("entities", {}).get("ignore", []))
        for entry in doc.get("topic", []):
            keywords.setdefault(entry["name"], []).extend(entry.get("keywords", []))
            patterns.setdefault(entry["name"], []).extend(entry.get("patterns", []))
    topics = tuple(Topic(name, _compile(keywords[name], patterns[name], name)) for name in keywords)
    own = tuple(
        TopicPattern.of(name, _compile([], patterns[name], name))
        for name in keywords
        if patterns[name]
    )
    return TopicRules(
        topics,
        frozenset(ignore),
        keywords=_keyword_finder(keywords),
        lowered_keywords=_lowered_finder(keywords),
        keyword_topics=_keyword_topics(keywords),
        patterns=own,
    )


def _keyword_finder(keywords: dict[str, list[str]]) -> re.Pattern[str]:
    """A zero-width match wherever a keyword begins, the longest one captured: matches may
    overlap ("nuclear arms control" holds two topics' keywords)."""
    words = [k.strip() for ks in keywords.values() for k in ks if k.strip()]
    if not words:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\w)(?=(" + alternation(words, lower=True) + r")(?!\w))", re.IGNORECASE)


def _lowered_finder(keywords: dict[str, list[str]]) -> re.Pattern[str] | None:
    """:func:`_keyword_finder` for " " + the lowercased text: a case-sensitive trie
    (group 1) after a character that no word character can be among the ASCII ones, which
    the engine can skip to (under IGNORECASE, or after a look-behind, it tries every
    position); the look-behind itself is checked by the caller. None when a keyword is
    not ASCII, where the lowercased text and IGNORECASE could disagree."""
    words = [k.strip() for ks in keywords.values() for k in ks if k.strip()]
    if not words or not all(w.isascii() for w in words):
        return None
    return re.compile(r"[^a-z0-9_](" + alternation(words, lower=True) + r")(?!\w)")


def _keyword_topics(keywords: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    own: dict[str, set[str]] = {}
    for name, ks in keywords.items():
        for k in ks:
            if k.strip():
                own.setdefault(k.strip().lower(), set()).add(name)
    # The finder captures the longest keyword at a position; a shorter one that ends
    # there at a word boundary matched too, so its topics come along.
    return {
        k: frozenset().union(*(names for shorter, names in own.items() if _begins_with(k, shorter)))
        for k in own
    }


def _begins_with(keyword: str, shorter: str) -> bool:
    return keyword.startswith(shorter) and (
        len(keyword) == len(shorter) or not _is_word_char(keyword[len(shorter)])
    )


def _is_word_char(char: str) -> bool:
    return bool(re.match(r"\w", char))


def _read(text: str, origin: str) -> dict:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: {exc}") from exc
    for i, entry in enumerate(data.get("topic", [])):
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ConfigError(f"{origin}: topic {i + 1} has no name")
        for key in ("keywords", "patterns"):
            if not all(isinstance(v, str) and v for v in entry.get(key, [])):
                raise ConfigError(f"{origin}: topic {entry['name']!r}: {key} must be strings")
    return data


def _compile(keywords: list[str], patterns: list[str], name: str) -> re.Pattern[str]:
    words = [k.strip() for k in keywords]
    parts = [r"(?<!\w)" + alternation(words, lower=True) + r"(?!\w)"] if words else []
    parts.extend(patterns)
    try:
        return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"topics: topic {name!r} has a bad pattern: {exc}") from exc
