"""What a statement is about: topics from a lexicon, and the names it mentions.

The lexicon is ``quotetrack/rules/topics.toml``, extended by ``topics.toml`` in the user's
rules folder (``$QUOTETRACK_RULES``). Each topic compiles to one regular expression, so
tagging costs one search per topic per statement.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from quotetrack.errors import ConfigError

RULES_ENV = "QUOTETRACK_RULES"
_WORD = r"[A-Z](?:[\w&-]|\.(?=[A-Za-z]))*"
_NAME_RUN = re.compile(rf"{_WORD}(?:\s+(?:(?:of|the|for|de|al)\s+){{0,2}}{_WORD})*")


@dataclass(frozen=True, slots=True)
class Topic:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class TopicRules:
    topics: tuple[Topic, ...]
    ignore: frozenset[str]


def tag(content: str, sentence: str, rules: TopicRules | None = None) -> tuple[str, ...]:
    """The topics of a statement, judged on its content and the sentence reporting it."""
    rules = rules or load_topics()
    where = f"{content}\n{sentence}"
    return tuple(t.name for t in rules.topics if t.pattern.search(where))


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
    return TopicRules(topics, frozenset(ignore))


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
    words = sorted({k.strip() for k in keywords}, key=len, reverse=True)
    parts = [r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)"] if words else []
    parts.extend(patterns)
    try:
        return re.compile("|".join(parts) or r"(?!)", re.IGNORECASE)
    except re.error as exc:
        raise ConfigError(f"topics: topic {name!r} has a bad pattern: {exc}") from exc
