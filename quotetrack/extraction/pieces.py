"""The words of a split quotation, apart from the records that carry them.

A module of its own, importing nothing, so that the lean read path
(:mod:`quotetrack.query.lean`) can compute a listing's ``words`` without importing
:mod:`quotetrack.extraction.model` and, with its dataclasses, ``inspect``.
"""

from __future__ import annotations


def joined_pieces(content: str, start: int, fragments) -> str:
    """``content`` (the text from ``start``) reduced to its ``fragments``, joined by " … ".

    A split quotation's span holds the reporter's words between the pieces ("...," she
    said, "..."); a reader wants the speaker's words alone. Without fragments the content
    is the words.
    """
    if not fragments:
        return content
    return " … ".join(content[s - start : e - start] for s, e in fragments)
