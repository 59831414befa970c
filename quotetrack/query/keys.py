"""The names of a listing's columns, shared by the CLI and the lean read path.

A module of its own, holding nothing else, so that :mod:`quotetrack.query.lean` can use
them without importing the CLI.
"""

from __future__ import annotations

#: What a statement's later appearances and its review add to a row; the timeline export
#: adds them to its CSV when ``--first-only`` or ``--status`` asks about statements or
#: reviews, so the default CSV keeps the columns scripts already read.
FOLLOW_COLUMNS = (
    "statement_id",
    "first_seen",
    "appearances",
    "sources",
    "independent_sources",
    "review_status",
)

#: What the table format of ``quotes`` and ``ask`` shows.
QUOTE_TABLE = ("date", "speaker", "kind", "words", "cue")

#: The output columns of a listing row, in the order of ``quotes.COLUMNS`` (then
#: ``words``, which the read paths compute).
KEYS = (
    "id",
    "date",
    "speaker",
    "kind",
    "text",
    "cue",
    "stance",
    "mention",
    "role",
    "resolution",
    "anonymous",
    "confidence",
    "rule",
    "said_on",
    "said_on_precision",
    "said_on_source",
    "published",
    "mentioned_dates",
    "topics",
    "document_id",
    "title",
    "source",
    "url",
    "start",
    "end",
    "speaker_start",
    "speaker_end",
    "fragments",
    *FOLLOW_COLUMNS,
)
