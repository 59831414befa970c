"""Writing extracted documents and reading the store back.

A document and everything extracted from it are written in one transaction: either all
of it is there or none of it is. Rows that several writers may create at once (sources,
speakers, aliases, topics, the document itself) are inserted with ON CONFLICT DO NOTHING
and then read back, so concurrent ingests on SQLite or PostgreSQL never duplicate them
and never fail on each other's rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from quotetrack.extraction.model import Attribution as Extracted
from quotetrack.speakers.names import plain_key
from quotetrack.speakers.registry import speakers_for
from quotetrack.statements.document import Prepared
from quotetrack.store.models import (
    Attribution,
    AttributionDate,
    AttributionTopic,
    Document,
    Source,
)
from quotetrack.store.search_index import index_attributions
from quotetrack.store.upsert import (
    connection_of,
    driver_execute,
    in_list,
    insert_ignore,
    insert_many,
    insert_rows,
)


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A document ready to store: normalised text and what is known about it."""

    text: str
    content_hash: str
    title: str | None
    url: str | None
    origin: str | None
    source: str | None
    published: date
    published_source: str  # given | dateline | ingested


def find_document_id(session: Session | Connection, content_hash: str) -> int | None:
    found = driver_execute(session, _BY_HASH, (content_hash,)).fetchone()
    return None if found is None else found[0]


_BY_HASH = 'SELECT "id" FROM "documents" WHERE "content_hash" = ?'


def stored_document_id(engine: Engine, content_hash: str) -> int | None:
    """:func:`find_document_id` on a connection of the pool's, outside any transaction
    (on PostgreSQL the pool rolls back the one the driver began when it takes the
    connection back)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()
        mark = "?" if engine.dialect.paramstyle == "qmark" else "%s"
        cursor.execute(_BY_HASH.replace("?", mark), (content_hash,))
        found = cursor.fetchone()
    finally:
        raw.close()
    return None if found is None else found[0]


class Packed(tuple):
    """A document's attributions as :func:`store_document` writes them, each a tuple:
    the speaker's (name, kind) or None, the attribution's row after its document and
    speaker ids (in ``_ATTRIBUTION_COLUMNS`` order), its dates' rows after the
    attribution id, and its topics then its keywords as (key, name, kind) (the key
    made here, so that an ``ingest --jobs`` worker makes it, not the parent).

    Plain tuples of strings and numbers, which pickle in C: an ``ingest --jobs`` worker
    sends these to the parent instead of the records, whose dataclasses unpickle through
    a Python ``__setstate__`` each (about 0.26 of 0.46 ms a document in the parent, the
    busiest process of such a run), and the parent has no rows left to build."""

    __slots__ = ()


def pack(extracted: Iterable[Extracted]) -> Packed:
    """The records in the form :func:`store_document` writes (:class:`Packed`)."""
    return Packed(map(_packed, extracted))


def _packed(a: Extracted) -> tuple:
    dates = a.dates  # most attributions have none: no generator for them
    return (
        (a.speaker, a.speaker_kind or "person") if a.speaker else None,
        _attribution_values(a),
        tuple([(d.start, d.end, d.text[:200], d.value, d.precision) for d in dates])
        if dates
        else (),
        _tags(a.topics, a.keywords) if a.topics or a.keywords else (),
    )


def _tags(topics: Iterable[str], keywords: Iterable[str]) -> tuple[tuple[str, str, str], ...]:
    """An attribution's topics and keywords as (key, name, kind), in that order."""
    return (
        *[(topic_key(name, "topic")[:300], name, "topic") for name in topics],
        *[(topic_key(name, "keyword")[:300], name, "keyword") for name in keywords],
    )


def store_document(
    session: Session | Connection,
    doc: NewDocument,
    extracted: Iterable[Extracted] | Packed,
    prepared: Prepared | None = None,
) -> int | None:
    """Insert the document and its attributions; None when the same text is already stored.

    The caller owns the transaction (one per document): a Session's, or a Connection's
    (what ``ingest`` uses: no Session to go through for each statement). ``extracted``:
    the records, or them :func:`pack`-ed, which needs ``prepared``: what linking and copy
    detection need of the text (:func:`quotetrack.statements.document.prepare`), when it
    was computed already (in an ``ingest --jobs`` worker).
    """
    from quotetrack.statements.document import link_new_document, prepare
    from quotetrack.statements.link import NewDocument as Linked

    packed = isinstance(extracted, Packed)
    if packed and prepared is None:
        raise ValueError("packed attributions need what prepare() found in their text")
    now = datetime.now(UTC)
    source_id = _source_id(session, doc.source, now) if doc.source else None
    conn = connection_of(session)  # fetched once for the statements sent to the driver
    doc_id = insert_ignore(
        conn,
        Document.__table__,
        {
            "source_id": source_id,
            "content_hash": doc.content_hash,
            "text": doc.text,
            "title": doc.title,
            "url": doc.url,
            "origin": doc.origin,
            "published": doc.published,
            "published_source": doc.published_source,
            "ingested_at": now,
        },
        ["content_hash"],
    )
    if doc_id is None:
        return None  # stored already: nothing to prepare or pack
    if not packed:
        extracted = list(extracted)
        if prepared is None:
            prepared = prepare(doc.text, extracted)
        extracted = pack(extracted)
    speakers = speakers_for(session, [p[0] for p in extracted if p[0] is not None])
    speaker_ids = [None if p[0] is None else speakers[p[0]] for p in extracted]
    ids: list[int] = []
    if extracted:
        ids = insert_many(
            conn,
            Attribution.__table__,
            [(doc_id, s, *p[1]) for s, p in zip(speaker_ids, extracted, strict=True)],
            _ATTRIBUTION_COLUMNS,
        )
        _store_dates(conn, ids, extracted)
        _store_topics(conn, ids, extracted)
    link_new_document(
        session,
        Linked(doc_id, doc.published, source_id),
        doc.text,
        doc.content_hash,
        [
            (i, s, p[1][_START], p[1][_TEXT])
            for i, s, p in zip(ids, speaker_ids, extracted, strict=True)
        ],
        prepared,
    )
    if ids:
        # The last statement of the transaction: once the full-text table (a virtual
        # table) is written to, SQLite opens and releases a savepoint on it around every
        # later statement, each row of an executemany included (~300 a document, 4% of
        # storing). Linking changes no attribution's text, so the index is the same.
        index_attributions(conn, ids[0], ids[-1])  # consecutive on SQLite
    return doc_id


def _attribution_values(a: Extracted) -> tuple:
    """An attribution's row after its document and speaker ids, in the order of
    ``_ATTRIBUTION_COLUMNS`` (a tuple: 19 rows per article, each of 26 values, no dict
    to build and read back)."""
    return (
        a.speaker,
        a.start,
        a.end,
        a.text,
        a.kind,
        a.mention,
        a.mention_start,
        a.mention_end,
        a.cue,
        a.cue_start,
        a.cue_end,
        a.stance,
        a.confidence,
        a.rule,
        a.resolution,
        a.anonymous,
        a.role,
        a.sentence_start,
        a.sentence_end,
        a.said_on,
        first_day(a.said_on) if a.said_on else None,
        a.said_on_precision,
        a.said_on_source,
        a.said_on_start,
        a.said_on_end,
        json.dumps([list(f) for f in a.fragments]) if a.fragments else None,
    )


_ATTRIBUTION_COLUMNS = (
    "document_id",
    "speaker_id",
    "speaker_name",
    "start",
    "end",
    "text",
    "kind",
    "mention",
    "mention_start",
    "mention_end",
    "cue",
    "cue_start",
    "cue_end",
    "stance",
    "confidence",
    "rule",
    "resolution",
    "anonymous",
    "role",
    "sentence_start",
    "sentence_end",
    "said_on",
    "said_on_day",
    "said_on_precision",
    "said_on_source",
    "said_on_start",
    "said_on_end",
    "fragments",
)
#: Where a packed row (after the document and speaker ids) holds start and text.
_START = _ATTRIBUTION_COLUMNS.index("start") - 2
_TEXT = _ATTRIBUTION_COLUMNS.index("text") - 2


def _store_dates(session: Session | Connection, ids: list[int], packed: Packed) -> None:
    """Every date of the document's attributions, in one statement."""
    rows = [
        (attribution_id, *d) for attribution_id, p in zip(ids, packed, strict=True) for d in p[2]
    ]
    insert_rows(session, AttributionDate.__table__, _DATE_COLUMNS, rows)


_DATE_COLUMNS = ("attribution_id", "start", "end", "text", "value", "precision")


def _store_topics(session: Session | Connection, ids: list[int], packed: Packed) -> None:
    """Tag the attributions with their topics and keywords: the topics are looked up in
    one query (created when new, in the order first met) and linked in one statement."""
    wanted: dict[str, tuple[str, str]] = {}  # key -> (name, kind), in the order first met
    for p in packed:
        for key, name, kind in p[3]:
            if key not in wanted:
                wanted[key] = (name, kind)
    if not wanted:
        return
    keys = sorted(wanted)
    found = driver_execute(session, _TOPICS_BY_KEY.format(in_list(len(keys))), keys)
    by_key = dict(found.fetchall())
    missing = {key: wanted[key] for key in wanted if key not in by_key}
    if missing:
        by_key.update(_create_topics(session, missing))
    rows = []
    for attribution_id, p in zip(ids, packed, strict=True):
        if tags := p[3]:
            rows.extend((attribution_id, t) for t in sorted({by_key[key] for key, *_ in tags}))
    insert_rows(session, AttributionTopic.__table__, ("attribution_id", "topic_id"), rows)


_TOPICS_BY_KEY = 'SELECT "key", "id" FROM "topics" WHERE "key" IN ({})'


def topic_key(name: str, kind: str) -> str:
    return f"{kind}:{plain_key(name)}"


def _create_topics(
    session: Session | Connection, missing: dict[str, tuple[str, str]]
) -> dict[str, int]:
    """Create the topics of these keys (key -> (name, kind)), in this order, in one
    statement per ``CHUNK``: their ids by key. A topic another writer created a moment
    ago is not inserted again but read."""
    created: dict[str, int] = {}
    items = list(missing.items())
    for i in range(0, len(items), CHUNK):
        chunk = items[i : i + CHUNK]
        params = [v for key, (name, kind) in chunk for v in (name[:300], key, kind)]
        found = driver_execute(session, _CREATE_TOPICS.format(_topic_values(len(chunk))), params)
        created.update(found.fetchall())
    taken = [key for key in missing if key not in created]
    if taken:
        found = driver_execute(session, _TOPICS_BY_KEY.format(in_list(len(taken))), taken)
        created.update(found.fetchall())
    return created


CHUNK = 500  # topics per INSERT
# Rows are inserted in the order of the VALUES list, so the ids are those that one
# INSERT per topic, in that order, gave before.
_CREATE_TOPICS = (
    'INSERT INTO "topics" ("name", "key", "kind") VALUES {} '
    'ON CONFLICT ("key") DO NOTHING RETURNING "key", "id"'
)


@lru_cache(maxsize=64)
def _topic_values(rows: int) -> str:
    return ", ".join(["(?, ?, ?)"] * rows)


def first_day(value: str) -> date | None:
    """The first day a TimeML value covers: 2025-W12 → Monday 17 March 2025."""
    try:
        if "W" in value:
            year, week = value.split("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        if "Q" in value:
            year, quarter = value.split("-Q")
            return date(int(year), 3 * int(quarter) - 2, 1)
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


def _source_id(session: Session | Connection, name: str, now: datetime) -> int:
    found = session.scalar(select(Source.id).where(Source.name == name))
    if found is not None:
        return found
    return insert_ignore(
        session, Source.__table__, {"name": name, "created_at": now}, ["name"]
    ) or (session.scalar(select(Source.id).where(Source.name == name)))
