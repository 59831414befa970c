"""A statement's first appearance and spread, stored on the statement itself.

Recomputed from its appearances whenever they change (a new appearance, a rejection or
correction, a document marked as a copy): a handful of statements per stored document,
so listings of any length read first_seen, appearances and sources with one join.
First means the earliest publication date, then ingest order (document id), then the
position in the text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from quotetrack.store.follow_models import DocumentCopy, Statement, StatementAppearance
from quotetrack.store.models import Attribution, Document
from quotetrack.store.upsert import (
    bind_row,
    connection_of,
    day_reader,
    driver_execute,
    driver_executemany,
    in_list,
)

CHUNK = 500
_original = DocumentCopy.document_id.is_(None)
_AGGREGATE = (
    select(
        StatementAppearance.statement_id,
        # One appearance per article: a claim and the quoted words inside it are one.
        func.count(func.distinct(Document.id)),
        func.min(Document.published),
        func.count(func.distinct(Document.source_id))
        + func.count(func.distinct(case((Document.source_id.is_(None), Document.id)))),
        func.count(func.distinct(case((_original, Document.source_id))))
        + func.count(
            func.distinct(case(((Document.source_id.is_(None)) & _original, Document.id)))
        ),
    )
    .join(Attribution, Attribution.id == StatementAppearance.attribution_id)
    .join(Document, Document.id == Attribution.document_id)
    .outerjoin(DocumentCopy, DocumentCopy.document_id == Document.id)
    .where(StatementAppearance.statement_id.in_(bindparam("ids", expanding=True)))
    .group_by(StatementAppearance.statement_id)
)
_ranked = (
    select(
        StatementAppearance.statement_id.label("statement_id"),
        Attribution.id.label("attribution_id"),
        func.row_number()
        .over(
            partition_by=StatementAppearance.statement_id,
            order_by=(Document.published, Document.id, Attribution.start),
        )
        .label("n"),
    )
    .join(Attribution, Attribution.id == StatementAppearance.attribution_id)
    .join(Document, Document.id == Attribution.document_id)
    .where(StatementAppearance.statement_id.in_(bindparam("ids", expanding=True)))
    .subquery()
)
_FIRST = select(_ranked.c.statement_id, _ranked.c.attribution_id).where(_ranked.c.n == 1)
_UPDATE = (
    update(Statement)
    .where(Statement.id == bindparam("sid"))
    .values(
        appearances=bindparam("n"),
        first_seen=bindparam("seen"),
        sources=bindparam("sources"),
        independent_sources=bindparam("independent"),
        first_attribution_id=bindparam("first"),
    )
)


def refresh(session: Session, statement_ids: Iterable[int]) -> None:
    """Recompute the stored spread of these statements from their appearances."""
    ordered = sorted({i for i in statement_ids if i is not None and i > 0})
    for i in range(0, len(ordered), CHUNK):
        chunk = ordered[i : i + CHUNK]
        first = {sid: aid for sid, aid in session.execute(_FIRST, {"ids": chunk})}
        rows = [
            {
                "sid": sid,
                "n": n,
                "seen": seen,
                "sources": sources,
                "independent": independent,
                "first": first.get(sid),
            }
            for sid, n, seen, sources, independent in session.execute(_AGGREGATE, {"ids": chunk})
        ]
        if rows:
            connection_of(session).execute(_UPDATE, rows)


def statements_in(session: Session, document_ids: Iterable[int]) -> set[int]:
    """The statements with an appearance in any of these documents."""
    return set(
        session.scalars(
            select(StatementAppearance.statement_id)
            .join(Attribution, Attribution.id == StatementAppearance.attribution_id)
            .where(Attribution.document_id.in_(sorted(set(document_ids))))
            .distinct()
        )
    )


def add_document(
    session: Session,
    document_id: int,
    published: date,
    source_id: int | None,
    firsts: dict[int, tuple[int, int]],
) -> None:
    """Update the stored spread of existing statements for their appearances in one
    document just stored (not a copy, and with no earlier appearance of them), without
    reading all their appearances: what :func:`refresh` would compute, since

    - the document is new, so each statement has one more article;
    - its first appearance moves here only if this one is earlier (publication date,
      document id, position in the text);
    - a source counts once more only if none of the statement's other articles came
      from it (an article without a source always counts).

    ``firsts``: statement id → (start, attribution id) of its first appearance in the
    document. On PostgreSQL the statements' rows are locked first, so two writers adding
    to one statement at once count each other's articles.
    """
    ordered = sorted(firsts)
    for i in range(0, len(ordered), CHUNK):
        _add_document(session, document_id, published, source_id, firsts, ordered[i : i + CHUNK])


def _add_document(session, document_id, published, source_id, firsts, chunk) -> None:
    conn = connection_of(session)
    day = day_reader(conn.dialect)
    current = [
        (sid, n, None if seen is None else day(seen), sources, independent, first)
        for sid, n, seen, sources, independent, first in driver_execute(
            session,
            _CURRENT.format(in_list(len(chunk)))
            + (" FOR NO KEY UPDATE" if conn.dialect.name == "postgresql" else ""),
            chunk,
        ).fetchall()
    ]
    if not current:
        return
    wanted = sorted({row[5] for row in current if row[5] is not None})
    earliest = (
        {
            attribution_id: (day(seen), doc_id, start)
            for attribution_id, seen, doc_id, start in driver_execute(
                session, _FIRST_AT.format(in_list(len(wanted))), wanted
            ).fetchall()
        }
        if wanted
        else {}
    )
    seen_source: dict[int, bool] = {}  # statement -> whether an original came from it
    if source_id is not None:
        seen_source = {
            sid: bool(original)
            for sid, original in conn.execute(
                _SAME_SOURCE, {"ids": chunk, "source": source_id, "me": document_id}
            )
        }
    rows, recount = [], []
    for sid, n, seen, sources, independent, first in current:
        if not n or seen is None or first not in earliest:
            recount.append(sid)  # never counted: count it all
            continue
        start, attribution_id = firsts[sid]
        if (published, document_id, start) < earliest[first]:
            first = attribution_id
        row = (
            first,
            min(seen, published),
            n + 1,
            sources + (sid not in seen_source),
            independent + (not seen_source.get(sid, False)),
            sid,
        )
        rows.append(bind_row(conn.dialect, Statement.__table__, _SPREAD_COLUMNS, row))
    if rows:
        driver_executemany(session, _SET_SPREAD, rows)
    if recount:
        refresh(session, recount)


# The statements' stored spread, their rows locked on PostgreSQL (FOR NO KEY UPDATE:
# appearances being inserted by others may still reference them). This and _FIRST_AT go
# to the driver as they are (store/upsert.py); their dates are read with ``day_reader``.
_CURRENT = (
    'SELECT "id", "appearances", "first_seen", "sources", "independent_sources", '
    '"first_attribution_id" FROM "statements" WHERE "id" IN ({}) ORDER BY "id"'
)
_FIRST_AT = (
    'SELECT a."id", d."published", d."id", a."start" FROM "attributions" AS a '
    'JOIN "documents" AS d ON d."id" = a."document_id" WHERE a."id" IN ({})'
)
_SPREAD_COLUMNS = (
    "first_attribution_id",
    "first_seen",
    "appearances",
    "sources",
    "independent_sources",
    "id",
)
_SET_SPREAD = (
    'UPDATE "statements" SET "first_attribution_id" = ?, "first_seen" = ?, "appearances" = ?, '
    '"sources" = ?, "independent_sources" = ? WHERE "id" = ?'
)
# Statements with an appearance in another article from this source; 1 when one of those
# articles is an original (not a copy).
_SAME_SOURCE = (
    select(
        StatementAppearance.statement_id,
        func.max(case((_original, 1), else_=0)),
    )
    .join(Attribution, Attribution.id == StatementAppearance.attribution_id)
    .join(Document, Document.id == Attribution.document_id)
    .outerjoin(DocumentCopy, DocumentCopy.document_id == Document.id)
    .where(
        StatementAppearance.statement_id.in_(bindparam("ids", expanding=True)),
        Document.source_id == bindparam("source"),
        Document.id != bindparam("me"),
    )
    .group_by(StatementAppearance.statement_id)
)
