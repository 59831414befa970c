"""Finding attributions: by speaker, said-on date range, kind, topic and words.

Rows come back as plain dicts, streamed from the database, so a listing of a million
attributions or a CSV export never holds more than a batch in memory. Listings are in
chronological order of when things were said; a ``search`` is ranked by relevance
instead (SQLite FTS5's bm25, PostgreSQL's ts_rank).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence

from sqlalchemy import Select, and_, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from quotetrack.errors import NotFound
from quotetrack.extraction.model import joined_pieces
from quotetrack.query.spec import KINDS, QuoteQuery  # noqa: F401 - KINDS is re-exported
from quotetrack.speakers.names import person_key, plain_key
from quotetrack.statements import columns as follow
from quotetrack.store.models import (
    Attribution,
    AttributionDate,
    AttributionTopic,
    Document,
    Source,
    Speaker,
    SpeakerAlias,
    Topic,
)

BATCH = 1000
_TOKEN = re.compile(r"\w+")

# Every stored statement has a said-on day (migration 0003 filled in the older ones), so
# filters and ordering use its index directly.
said_on_day = Attribution.said_on_day

COLUMNS = {
    "id": Attribution.id,
    "date": said_on_day,
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
    "said_on": Attribution.said_on,
    "said_on_precision": Attribution.said_on_precision,
    "said_on_source": Attribution.said_on_source,
    "published": Document.published,
    "mentioned_dates": select(func.aggregate_strings(AttributionDate.value, " "))
    .where(AttributionDate.attribution_id == Attribution.id)
    .scalar_subquery(),
    "topics": select(func.aggregate_strings(Topic.name, "; "))
    .join(AttributionTopic, AttributionTopic.topic_id == Topic.id)
    .where(AttributionTopic.attribution_id == Attribution.id, Topic.kind == "topic")
    .scalar_subquery(),
    "document_id": Document.id,
    "title": Document.title,
    "source": Source.name,
    "url": Document.url,
    "start": Attribution.start,
    "end": Attribution.end,
    "speaker_start": Attribution.mention_start,
    "speaker_end": Attribution.mention_end,
    "fragments": Attribution.fragments,
    **follow.COLUMNS,
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


def topic_ids(session: Session, name: str, *, loose: bool = False) -> list[int]:
    """Topics and keywords called ``name``; with ``loose``, also topics whose name contains
    it ("Ukraine" finds "war in Ukraine")."""
    key = plain_key(name)
    wanted = Topic.key.in_([f"topic:{key}", f"keyword:{key}"])
    if loose:
        wanted = or_(
            wanted,
            and_(Topic.kind == "topic", func.lower(Topic.name).like(f"%{_escape(key)}%", "\\")),
        )
    return list(session.scalars(select(Topic.id).where(wanted)))


def quote_statement(
    session: Session, q: QuoteQuery, columns: Sequence[str] | None = None
) -> Select:
    """The SELECT behind ``quotes``, ``ask`` and ``export``: all of :data:`COLUMNS`, or
    only ``columns`` (an export of 13 columns then skips the correlated subqueries
    behind the others)."""
    names = list(COLUMNS) if columns is None else _needed(columns)
    stmt = (
        select(*(COLUMNS[name].label(name) for name in names))
        .select_from(Attribution)
        .join(Document, Attribution.document_id == Document.id)
        .outerjoin(Speaker, Attribution.speaker_id == Speaker.id)
        .outerjoin(Source, Document.source_id == Source.id)
    )
    stmt = follow.join(stmt)
    conditions = follow.conditions(session, q.first_only, q.status)
    if q.speaker:
        conditions.append(Attribution.speaker_id.in_(speaker_ids(session, q.speaker)))
    if q.since:
        conditions.append(said_on_day >= q.since)
    if q.until:
        conditions.append(said_on_day <= q.until)
    if q.kind:
        conditions.append(Attribution.kind == q.kind)
    if q.topic:
        ids = topic_ids(session, q.topic)
        if not ids:
            raise NotFound(f"no topic or keyword {q.topic!r} (list them with: quotetrack topics)")
        conditions.append(_tagged(ids))
    if q.about:
        conditions.append(_about(session, q.about))
    rank = None
    if q.search:
        stmt, match, rank = _full_text(session, stmt, q.search)
        if match is not None:
            conditions.append(match)
    if conditions:
        stmt = stmt.where(and_(*conditions))
    if rank is not None:
        stmt = stmt.order_by(rank, Attribution.id)
    else:
        # Attribution.document_id equals Document.id through the join, and the id breaks
        # the last ties: ix_attributions_said_on_day_document_id_start_id (migration 0007)
        # then serves the whole order, and a page cut by a limit is always the same rows.
        order = (said_on_day, Attribution.document_id, Attribution.start, Attribution.id)
        stmt = stmt.order_by(*(c.desc() for c in order) if q.newest_first else order)
    if q.limit:
        stmt = stmt.limit(q.limit)
    return stmt


def quote_rows(
    session: Session, q: QuoteQuery, columns: Sequence[str] | None = None
) -> Iterator[dict]:
    """The rows of :func:`quote_statement` as dicts, streamed, with ``words`` (the
    speaker's words alone, see :func:`joined_pieces`) after the stored columns.

    Run on the session's connection rather than through the ORM: these are plain column
    tuples, and ORM row processing was a third of an export's time.
    """
    stmt = quote_statement(session, q, columns)
    result = session.connection().execution_options(yield_per=BATCH).execute(stmt)
    keys = list(result.keys())
    with_words = columns is None or "words" in columns
    for row in result:
        out = dict(zip(keys, row, strict=True))
        if out.get("fragments"):  # stored as JSON text; a list, as ``extract`` gives it
            out["fragments"] = json.loads(out["fragments"])
        if with_words:
            out["words"] = joined_pieces(out["text"], out["start"], out["fragments"])
        yield out


def _needed(columns: Sequence[str]) -> list[str]:
    """The stored columns to select for these output columns (``words`` is made from
    ``text``, ``start`` and ``fragments``); unknown names are an error."""
    wanted = [c for c in columns if c != "words"]
    if "words" in columns:
        wanted += ["text", "start", "fragments"]
    unknown = [c for c in wanted if c not in COLUMNS]
    if unknown:
        raise ValueError(f"unknown quote columns: {unknown}")
    return list(dict.fromkeys(wanted))


def speaker_rows(session: Session) -> Iterator[dict]:
    """Speakers with how often they are quoted, most quoted first."""
    count = func.count(Attribution.id)
    stmt = (
        select(
            Speaker.id.label("id"),
            Speaker.name.label("name"),
            Speaker.kind.label("kind"),
            count.label("attributions"),
            func.count(func.distinct(Attribution.document_id)).label("documents"),
            func.min(said_on_day).label("first_seen"),
            func.max(said_on_day).label("last_seen"),
        )
        .join(Attribution, Attribution.speaker_id == Speaker.id)
        .join(Document, Document.id == Attribution.document_id)
        .group_by(Speaker.id, Speaker.name, Speaker.kind)
        .order_by(count.desc(), Speaker.name)
    )
    for row in session.execute(stmt):
        yield dict(row._mapping)


def topic_rows(session: Session, kind: str | None = "topic") -> Iterator[dict]:
    """Topics (or keywords) with how many statements and speakers they have."""
    count = func.count(AttributionTopic.attribution_id)
    stmt = (
        select(
            Topic.name.label("name"),
            Topic.kind.label("kind"),
            count.label("attributions"),
            func.count(func.distinct(Attribution.speaker_id)).label("speakers"),
            func.min(said_on_day).label("first_seen"),
            func.max(said_on_day).label("last_seen"),
        )
        .join(AttributionTopic, AttributionTopic.topic_id == Topic.id)
        .join(Attribution, Attribution.id == AttributionTopic.attribution_id)
        .join(Document, Document.id == Attribution.document_id)
        .group_by(Topic.id, Topic.name, Topic.kind)
        .order_by(count.desc(), Topic.name)
    )
    if kind:
        stmt = stmt.where(Topic.kind == kind)
    for row in session.execute(stmt):
        yield dict(row._mapping)


def _tagged(ids: list[int]):
    return Attribution.id.in_(
        select(AttributionTopic.attribution_id).where(AttributionTopic.topic_id.in_(ids))
    )


def _about(session: Session, about: str):
    """A topic by that name (or containing it), or all its words in content or sentence."""
    sentence = func.substr(
        Document.text,
        Attribution.sentence_start + 1,
        Attribution.sentence_end - Attribution.sentence_start,
    )
    words = and_(
        *(
            or_(_contains(Attribution.text, word), _contains(sentence, word))
            for word in about.split()
        )
    )
    ids = topic_ids(session, about, loose=True)
    return or_(_tagged(ids), words) if ids else words


def _full_text(session: Session, stmt: Select, query: str):
    """The statement joined to the search, its match condition and its ranking.

    On SQLite the FTS5 matches are joined once, so bm25's ``rank`` comes with each row;
    a correlated subquery would re-run the MATCH for every matching row (see
    docs/BENCHMARKS.md for what that cost).
    """
    tokens = _TOKEN.findall(query)
    if not tokens:
        return stmt, _contains(Attribution.text, query), None
    if session.get_bind().dialect.name == "postgresql":
        tsquery = func.plainto_tsquery("english", " ".join(tokens))
        vector = literal_column("attributions.text_tsv")
        return stmt, vector.op("@@")(tsquery), func.ts_rank(vector, tsquery).desc()
    expression = " ".join('"' + t.replace('"', "") + '"' for t in tokens)
    ranked = (
        select(literal_column("rowid").label("id"), literal_column("rank").label("rank"))
        .select_from(text("attributions_fts"))
        .where(text("attributions_fts MATCH :fts").bindparams(fts=expression))
        .subquery("fts")
    )
    return stmt.join(ranked, ranked.c.id == Attribution.id), None, ranked.c.rank


def _contains(column, words: str):
    return func.lower(column).like(f"%{_escape(words.lower())}%", escape="\\")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
