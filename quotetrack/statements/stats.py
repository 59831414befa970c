"""A statement's first appearance and spread, stored on the statement itself.

Recomputed from its appearances whenever they change (a new appearance, a rejection or
correction, a document marked as a copy): a handful of statements per stored document,
so listings of any length read first_seen, appearances and sources with one join.
First means the earliest publication date, then ingest order (document id), then the
position in the text.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, case, func, select, update
from sqlalchemy.orm import Session

from quotetrack.store.follow_models import DocumentCopy, Statement, StatementAppearance
from quotetrack.store.models import Attribution, Document

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
            session.connection().execute(_UPDATE, rows)


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
