"""What a listing asks for, without the means of answering it.

Kept apart from :mod:`quotetrack.query.quotes` (SQLAlchemy) so that the CLI, ``ask``'s
question reader and the lean read path (:mod:`quotetrack.query.lean`) can build a query
without importing the ORM.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

KINDS = ("direct", "partial", "mixed", "indirect")


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    speaker: str | None = None
    since: date | None = None  # said on or after
    until: date | None = None  # said on or before
    kind: str | None = None
    search: str | None = None  # full-text search over the content, ranked
    topic: str | None = None  # a topic or keyword the statement is tagged with
    about: str | None = None  # a topic, or words all in the content or its sentence
    limit: int | None = None
    newest_first: bool = False
    first_only: bool = False  # one row per statement, at its first appearance
    status: str | None = None  # review status; None hides rejected attributions
