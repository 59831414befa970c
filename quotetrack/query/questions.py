"""``ask``: a plain-English question turned into the same query ``quotes`` runs.

The forms live in ``questions.toml`` beside this file; this module only matches them in
order and reads the time phrase a question ends with.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache

from quotetrack import read_packaged
from quotetrack.errors import QuestionError
from quotetrack.query.spec import QuoteQuery
from quotetrack.query.when import UnreadableDate, read_period

_TRAILING = re.compile(r"[\s?!.]+$")
_QUOTES = "\"'“”‘’«»"
_BETWEEN = re.compile(r"^between\s+(.+?)\s+and\s+(.+)$")
_FROM_TO = re.compile(r"^from\s+(.+?)\s+(?:to|until|till)\s+(.+)$")


@dataclass(frozen=True, slots=True)
class Form:
    example: str
    pattern: re.Pattern[str]


@cache
def _data() -> dict:
    # Read beside this file when it is a file: importlib.resources (with zipfile and
    # tempfile) would cost ``ask`` more start-up than reading its question.
    text = read_packaged("query", "questions.toml")
    if text is not None:
        return tomllib.loads(text)
    from importlib import resources

    return tomllib.loads(
        resources.files("quotetrack.query").joinpath("questions.toml").read_text("utf-8")
    )


@cache
def forms() -> tuple[Form, ...]:
    return tuple(
        Form(f["example"], re.compile(f["pattern"], re.IGNORECASE)) for f in _data()["form"]
    )


def topic_words(about: str) -> str | None:
    """The words of a topic that carry meaning: "the budget" is searched as "budget"."""
    ignore = set(_data().get("ignore_words", []))
    words = [w for w in about.split() if w.lower() not in ignore]
    return " ".join(words) or None


def examples() -> list[str]:
    return [f.example for f in forms()]


def parse_question(question: str, *, today: date | None = None) -> QuoteQuery:
    """The query a question asks for; QuestionError listing the known forms otherwise."""
    cleaned = _TRAILING.sub("", " ".join(question.split()))
    for form in forms():
        match = form.pattern.match(cleaned)
        if match:
            return _query(match.groupdict(), today)
    listed = " | ".join(examples())
    raise QuestionError(f"cannot read that question; ask it like one of: {listed}")


def _query(groups: dict[str, str | None], today: date | None) -> QuoteQuery:
    since, until = _when((groups.get("when") or "").strip(), today)
    words = (groups.get("words") or "").strip().strip(_QUOTES).strip() or None
    about = topic_words((groups.get("about") or "").strip().strip(_QUOTES).strip())
    speaker = (groups.get("speaker") or "").strip() or None
    return QuoteQuery(speaker=speaker, search=words, about=about, since=since, until=until)


def _when(phrase: str, today: date | None) -> tuple[date | None, date | None]:
    if not phrase:
        return None, None
    lowered = phrase.lower()
    try:
        for pattern in (_BETWEEN, _FROM_TO):
            match = pattern.match(lowered)
            if match:
                return read_period(match.group(1), today=today)[0], read_period(
                    match.group(2), today=today
                )[1]
        head, _, rest = lowered.partition(" ")
        if head in ("since", "after", "from"):
            return read_period(rest, today=today)[0], None
        if head in ("before", "until", "till"):
            return None, read_period(rest, today=today)[1]
        if head in ("in", "during", "on"):
            return read_period(rest, today=today)
        return read_period(lowered, today=today)
    except UnreadableDate as exc:
        raise QuestionError(f"cannot read the time in that question: {exc}") from exc
