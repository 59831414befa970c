"""Finding attributions: by speaker, date range, kind, words, in chronological order.

Rows come back as plain dicts, streamed from the database, so a listing of a million
attributions or a CSV export never holds more than a batch in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from quotetrack.errors import NotFound
from quotetrack.speakers.names import person_key, plain_key
from quotetrack.store.models import Attribution, Document, Source, Speaker, SpeakerAlias

KINDS = ("direct", "partial", "mixed", "indirect")
BATCH = 1000


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    speaker: str | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None
    search: str | None = None  # words in the content
    about: str | None = None  # words that must all be in the content or its sentence
    limit: int | None = None
    newest_first: bool = False


COLUMNS = {
    "id": Attribution.id,
    "date": Document.published,
    "speaker": Speaker.name,
    "kind": Attribution.kind,
    "text": Attribution.text,
    "cue": Attribution.cue,
    "stance": Attribution.stance,
    "mention": Attribution.mention,
    "role": Attribution.role,
    "resolution": Attribution.resolution,
    "anonymous": Attribution.anonymous,
    "confidence": Attribution.confidence,
    "rule": Attribution.rule,
    "document_id": Document.id,
    "title": Document.title,
    "source": Source.name,
    "url": Document.url,
    "start": Attribution.start,
    "end": Attribution.end,
    "speaker_start": Attribution.mention_start,
    "speaker_end": Attribution.mention_end,
}


def speaker_ids(session: Session, name: str) -> list[int]:
    """The speakers a name means: its canonical name, else an alias, else a last name.

    Raises NotFound when none matches, so a mistyped name is an error, not an empty list.
    """
    key = plain_key(name)
    keys = {key, person_key(name)}
    exact = session.scalars(select(Speaker.id).where(Speaker.key.in_(keys))).all()
    if exact:
        return list(exact)
    aliased = session.scalars(
        select(SpeakerAlias.speaker_id).where(SpeakerAlias.key.in_(keys)).distinct()
    ).all()
    if aliased:
        return list(aliased)
    suffix = session.scalars(
        select(Speaker.id).where(Speaker.key.like(f"% {_escape(key)}", "\\"))
    ).all()
    if suffix:
        return list(suffix)
    raise NotFound(f"no speaker matches {name!r} (list them with: quotetrack speakers)")


def quote_statement(session: Session, q: QuoteQuery) -> Select:
    """The SELECT behind ``quotes``, ``ask`` and ``export``."""
    stmt = (
        select(*(col.label(name) for name, col in COLUMNS.items()))
        .select_from(Attribution)
        .join(Document, Attribution.document_id == Document.id)
        .outerjoin(Speaker, Attribution.speaker_id == Speaker.id)
        .outerjoin(Source, Document.source_id == Source.id)
    )
    conditions = []
    if q.speaker:
        conditions.append(Attribution.speaker_id.in_(speaker_ids(session, q.speaker)))
    if q.since:
        conditions.append(Document.published >= q.since)
    if q.until:
        conditions.append(Document.published <= q.until)
    if q.kind:
        conditions.append(Attribution.kind == q.kind)
    if q.search:
        conditions.append(_contains(Attribution.text, q.search))
    if q.about:
        sentence = func.substr(
            Document.text,
            Attribution.sentence_start + 1,
            Attribution.sentence_end - Attribution.sentence_start,
        )
        for word in q.about.split():
            conditions.append(or_(_contains(Attribution.text, word), _contains(sentence, word)))
    if conditions:
        stmt = stmt.where(and_(*conditions))
    order = (Document.published, Document.id, Attribution.start)
    stmt = stmt.order_by(*(c.desc() for c in order) if q.newest_first else order)
    if q.limit:
        stmt = stmt.limit(q.limit)
    return stmt


def quote_rows(session: Session, q: QuoteQuery) -> Iterator[dict]:
    result = session.execute(quote_statement(session, q).execution_options(yield_per=BATCH))
    for row in result:
        yield dict(row._mapping)


def speaker_rows(session: Session, name: str | None = None) -> Iterator[dict]:
    """Speakers with how often they are quoted, most quoted first."""
    count = func.count(Attribution.id)
    stmt = (
        select(
            Speaker.id.label("id"),
            Speaker.name.label("name"),
            Speaker.kind.label("kind"),
            count.label("attributions"),
            func.count(func.distinct(Attribution.document_id)).label("documents"),
            func.min(Document.published).label("first_seen"),
            func.max(Document.published).label("last_seen"),
        )
        .join(Attribution, Attribution.speaker_id == Speaker.id)
        .join(Document, Document.id == Attribution.document_id)
        .group_by(Speaker.id, Speaker.name, Speaker.kind)
        .order_by(count.desc(), Speaker.name)
    )
    if name:
        stmt = stmt.where(Speaker.id.in_(speaker_ids(session, name)))
    for row in session.execute(stmt):
        yield dict(row._mapping)


def _contains(column, words: str):
    return func.lower(column).like(f"%{_escape(words.lower())}%", escape="\\")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
