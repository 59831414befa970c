"""Writing extracted documents and reading the store back.

A document and everything extracted from it are written in one transaction: either all
of it is there or none of it is. Rows that several writers may create at once (sources,
speakers, aliases, the document itself) are inserted with ON CONFLICT DO NOTHING and then
read back, so concurrent ingests on SQLite or PostgreSQL never duplicate them and never
fail on each other's rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from quotetrack.extraction.model import Attribution as Extracted
from quotetrack.store.models import Attribution, Document, Source, Speaker, SpeakerAlias

_SPACE = re.compile(r"\s+")


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


def name_key(name: str) -> str:
    """The lookup key of a name: case and spacing do not make two speakers."""
    return _SPACE.sub(" ", name).strip().casefold()


def find_document_id(session: Session, content_hash: str) -> int | None:
    return session.scalar(select(Document.id).where(Document.content_hash == content_hash))


def store_document(
    session: Session, doc: NewDocument, extracted: Iterable[Extracted]
) -> int | None:
    """Insert the document and its attributions; None when the same text is already stored.

    The caller owns the transaction (one per document).
    """
    now = datetime.now(UTC)
    source_id = _source_id(session, doc.source, now) if doc.source else None
    doc_id = _insert_ignore(
        session,
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
        return None
    speakers: dict[str, int] = {}
    rows = []
    for a in extracted:
        speaker_id = None
        if a.speaker:
            key = name_key(a.speaker)
            if key not in speakers:
                speakers[key] = _speaker_id(session, a.speaker, a.speaker_kind or "person")
            speaker_id = speakers[key]
        rows.append(_attribution_row(doc_id, speaker_id, a))
    if rows:
        session.execute(Attribution.__table__.insert(), rows)
    return doc_id


def _attribution_row(doc_id: int, speaker_id: int | None, a: Extracted) -> dict:
    return {
        "document_id": doc_id,
        "speaker_id": speaker_id,
        "start": a.start,
        "end": a.end,
        "text": a.text,
        "kind": a.kind,
        "mention": a.mention,
        "mention_start": a.mention_start,
        "mention_end": a.mention_end,
        "cue": a.cue,
        "cue_start": a.cue_start,
        "cue_end": a.cue_end,
        "stance": a.stance,
        "confidence": a.confidence,
        "rule": a.rule,
        "resolution": a.resolution,
        "anonymous": a.anonymous,
        "role": a.role,
        "sentence_start": a.sentence_start,
        "sentence_end": a.sentence_end,
    }


def _source_id(session: Session, name: str, now: datetime) -> int:
    return _insert_ignore(
        session, Source.__table__, {"name": name, "created_at": now}, ["name"]
    ) or (session.scalar(select(Source.id).where(Source.name == name)))


def _speaker_id(session: Session, name: str, kind: str) -> int:
    """The speaker's row, created with its default aliases when first seen."""
    key = name_key(name)
    new_id = _insert_ignore(
        session, Speaker.__table__, {"name": name, "key": key, "kind": kind}, ["key"]
    )
    if new_id is None:
        return session.scalar(select(Speaker.id).where(Speaker.key == key))
    for alias in default_aliases(name, kind):
        _insert_ignore(
            session,
            SpeakerAlias.__table__,
            {"speaker_id": new_id, "alias": alias, "key": name_key(alias)},
            ["speaker_id", "key"],
        )
    return new_id


def default_aliases(name: str, kind: str) -> list[str]:
    """A person is also found by surname: "Witkoff" finds "Steve Witkoff"."""
    words = name.split()
    if kind != "person" or len(words) < 2:
        return []
    surname = words[-1]
    if surname.rstrip(".").lower() in {"jr", "sr", "ii", "iii", "iv"} and len(words) > 2:
        surname = words[-2].rstrip(",")
    return [surname]


def _insert_ignore(session: Session, table: Table, values: dict, conflict: list[str]) -> int | None:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, on whichever backend this is."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(table).values(**values).on_conflict_do_nothing(index_elements=conflict)
    return session.execute(stmt.returning(table.c.id)).scalar()
