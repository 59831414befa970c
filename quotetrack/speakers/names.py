"""Name keys: what makes two spellings of a speaker the same speaker.

Only small, safe normalisations: case, spacing, punctuation, honorifics and titles in
front, middle initials. Anything bolder (a surname alone standing for a full name) needs
evidence from the store and is decided in ``registry``.
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache

from quotetrack import read_packaged

RULES_ENV = "QUOTETRACK_RULES"
_SPACE = re.compile(r"\s+")
_INITIAL = re.compile(r"^[a-z]\.?$")


class NameRules:
    """Words around a person's name that are not the name: titles in front, suffixes
    behind. A plain class: a dataclass would import ``inspect`` into every ``quotes
    --speaker`` process (docs/BENCHMARKS.md, "Queries, short cases")."""

    __slots__ = ("leading", "suffixes")

    def __init__(self, leading: frozenset[str], suffixes: frozenset[str]) -> None:
        self.leading = leading
        self.suffixes = suffixes


@lru_cache(maxsize=8192)
def plain_key(name: str) -> str:
    """Case- and space-folded name, nothing else: the key of an organisation. Cached:
    storing a document asks for some 55, most of names met before (its speakers, each
    twice, and the names its quotes are tagged with)."""
    return _SPACE.sub(" ", name).strip().casefold()


def person_key(name: str, rules: NameRules | None = None) -> str:
    """The identity key of a person's name: "President Donald J. Trump" → "donald trump"."""
    return _person_key(name, rules or load_name_rules())


@lru_cache(maxsize=8192)
def _person_key(name: str, rules: NameRules) -> str:
    """:func:`person_key` under these rules (kept by the rules' identity): a document's
    speakers are mostly people met before."""
    words = [w.strip(",") for w in plain_key(name).replace("’", "'").split()]
    while len(words) > 1 and _bare(words[0]) in rules.leading:
        words = words[1:]
    if len(words) > 2:
        core, tail = (words[:-1], words[-1:]) if _bare(words[-1]) in rules.suffixes else (words, [])
        if len(core) > 2:
            core = [core[0], *(w for w in core[1:-1] if not _INITIAL.match(w)), core[-1]]
        words = core + [_bare(t) + "." if _bare(t) in ("jr", "sr") else t for t in tail]
    elif len(words) == 2 and _bare(words[-1]) in rules.suffixes:
        words = [words[0], _bare(words[1]) + "."]
    return " ".join(words)


def surname(name: str, rules: NameRules | None = None) -> str | None:
    """The family name a person is called by alone, or None for a one-word name."""
    rules = rules or load_name_rules()
    words = person_key(name, rules).split()
    if words and _bare(words[-1]) in rules.suffixes:
        words = words[:-1]
    return words[-1] if len(words) >= 2 else None


def _shipped(name: str) -> str:
    """A rules file shipped in ``quotetrack/rules``. Read from the package's folder when
    there is one: ``importlib.resources`` (with ``zipfile``, ``tempfile``) and the rules
    loader cost a ``quotes --speaker`` a third of its start-up (docs/BENCHMARKS.md)."""
    text = read_packaged("rules", name)
    if text is not None:
        return text
    from importlib import resources

    return resources.files("quotetrack.rules").joinpath(name).read_text("utf-8")


def _bare(word: str) -> str:
    return word.rstrip(".")


@cache
def load_name_rules() -> NameRules:
    import tomllib  # here: a listing by topic keys names with plain_key alone

    files = [_shipped("names.toml")]
    user = os.environ.get(RULES_ENV)
    if user and os.path.isfile(os.path.join(user, "names.toml")):
        with open(os.path.join(user, "names.toml"), encoding="utf-8") as f:
            files.append(f.read())
    leading: set[str] = set()
    suffixes: set[str] = set()
    for text in files:
        data = tomllib.loads(text)
        leading.update(w.rstrip(".") for w in data.get("leading", []))
        suffixes.update(w.rstrip(".") for w in data.get("suffixes", []))
    return NameRules(frozenset(leading), frozenset(suffixes))
