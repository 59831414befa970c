"""Many words as one regular expression, factored as a trie.

Python's regular expressions try the branches of ``a|b|c`` one by one at every position
of the text, and under IGNORECASE they cannot even skip ahead by first letter. A trie
("jan(?:uary)?") follows only the letters actually there, which is what keeps lexicons
of hundreds of words fast over whole articles.
"""

from __future__ import annotations

import re


def alternation(words: list[str], *, space: str | None = None, lower: bool = False) -> str:
    """A regex alternative matching any of ``words``, the longest where several fit.

    ``space`` replaces a space inside a word (``r"\\s+"`` to match any whitespace; by
    default a space matches a space); ``lower`` lowercases the words first, for patterns
    compiled with IGNORECASE. No words gives a pattern that never matches.
    """
    trie: dict[str, dict] = {}
    for word in set(words):
        node = trie
        for char in word.lower() if lower else word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _pattern(trie, space) if trie else "(?!)"


def _pattern(node: dict[str, dict], space: str | None) -> str:
    branches = [
        (space if char == " " and space is not None else re.escape(char)) + _pattern(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    optional = "" in node
    body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
    if optional:
        return (body if body.startswith("(?:") else "(?:" + body + ")") + "?"
    return body
