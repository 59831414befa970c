"""Word-level differences between two wordings of one statement.

Shown to a fact-checker who wants to know whether the words changed on the way, so
tokens keep their punctuation: a dropped comma or an inserted ellipsis is a change
worth seeing. ``[-removed-]`` and ``{+added+}`` as in ``git diff --word-diff``.
"""

from __future__ import annotations

from difflib import SequenceMatcher


def word_diff(first: str, later: str) -> str:
    a, b = first.split(), later.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)
