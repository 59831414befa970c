"""What a listing asks for, without the means of answering it.

Kept apart from :mod:`quotetrack.query.quotes` (SQLAlchemy) so that the CLI, ``ask``'s
question reader and the lean read path (:mod:`quotetrack.query.lean`) can build a query
without importing the ORM.

:class:`QuoteQuery` is written out rather than made with ``@dataclass``: importing
``dataclasses`` brings ``inspect`` (with ``ast``, ``dis`` and ``tokenize``), about a
quarter of Python's own start-up in every ``quotes`` process (docs/BENCHMARKS.md,
"Queries, short cases").
"""

from __future__ import annotations

from datetime import date

KINDS = ("direct", "partial", "mixed", "indirect")
FIELDS = (
    "speaker",
    "since",
    "until",
    "kind",
    "search",
    "topic",
    "about",
    "limit",
    "newest_first",
    "first_only",
    "status",
)


class QuoteQuery:
    """An immutable set of filters, compared, hashed and printed by its fields as a frozen
    dataclass would be; :meth:`replace` is ``dataclasses.replace``."""

    __slots__ = FIELDS

    def __init__(
        self,
        speaker: str | None = None,
        since: date | None = None,  # said on or after
        until: date | None = None,  # said on or before
        kind: str | None = None,
        search: str | None = None,  # full-text search over the content, ranked
        topic: str | None = None,  # a topic or keyword the statement is tagged with
        about: str | None = None,  # a topic, or words all in the content or its sentence
        limit: int | None = None,
        newest_first: bool = False,
        first_only: bool = False,  # one row per statement, at its first appearance
        status: str | None = None,  # review status; None hides rejected attributions
    ) -> None:
        values = (speaker, since, until, kind, search, topic, about, limit)
        values += (newest_first, first_only, status)
        for name, value in zip(FIELDS, values, strict=True):
            object.__setattr__(self, name, value)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in FIELDS)

    def replace(self, **changes) -> QuoteQuery:
        """A copy with ``changes``."""
        return QuoteQuery(**{**dict(zip(FIELDS, self._values(), strict=True)), **changes})

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not QuoteQuery:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in FIELDS)
        return f"QuoteQuery({fields})"
