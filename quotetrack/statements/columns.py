"""The statement and review columns that quote listings and exports add, as SQL.

Correlated scalar subqueries over ``statement_appearances`` (indexed by statement) and
``reviews`` (unique by content hash and span): each costs an index probe or two per
row returned, nothing for rows filtered out before. They expect the outer query to
select from ``attributions`` joined to ``documents`` and outer-joined to
``statement_appearances``; an attribution in no statement (unknown speaker, rejected)
counts as a statement of one appearance.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from quotetrack.store.follow_models import DocumentCopy, Review, StatementAppearance
from quotetrack.store.models import Attribution, Document

_sa = aliased(StatementAppearance)
_a = aliased(Attribution)
_d = aliased(Document)
_copy = aliased(DocumentCopy)
statement_id = StatementAppearance.statement_id


def _over_statement(*columns):
    return (
        select(*columns)
        .select_from(_sa)
        .join(_a, _a.id == _sa.attribution_id)
        .join(_d, _d.id == _a.document_id)
        .where(_sa.statement_id == statement_id)
    )


def _sources():
    """Distinct outlets; documents without a named source count one each."""
    return func.count(func.distinct(_d.source_id)) + func.count(
        func.distinct(case((_d.source_id.is_(None), _d.id)))
    )


def _single(value, many):
    return case((statement_id.is_(None), value), else_=many.scalar_subquery())


first_seen = func.coalesce(
    _over_statement(func.min(_d.published)).scalar_subquery(), Document.published
)
appearances = _single(1, _over_statement(func.count()))
sources = _single(1, _over_statement(_sources()))
# Outlets whose appearance is not in a republished copy of another document.
independent_sources = _single(
    1,
    _over_statement(_sources())
    .outerjoin(_copy, _copy.document_id == _d.id)
    .where(_copy.document_id.is_(None)),
)
first_attribution_id = (
    _over_statement(_a.id).order_by(_d.published, _d.id, _a.start).limit(1).scalar_subquery()
)


def review_match(document=Document, attribution=Attribution):
    """The join condition from an attribution (and its document) to its review."""
    return and_(
        Review.content_hash == document.content_hash,
        Review.start == attribution.start,
        Review.end == attribution.end,
        Review.text == attribution.text,
    )


review_status = func.coalesce(
    select(Review.status).where(review_match()).limit(1).scalar_subquery(), "unreviewed"
)

COLUMNS = {
    "statement_id": statement_id,
    "first_seen": first_seen,
    "appearances": appearances,
    "sources": sources,
    "independent_sources": independent_sources,
    "review_status": review_status,
}


def conditions(first_only: bool, status: str | None) -> list:
    """WHERE conditions for ``--first-only`` and ``--status``. Without ``--status``,
    rejected attributions are hidden: a person has said they are wrong."""
    found = []
    if first_only:
        found.append((statement_id.is_(None)) | (Attribution.id == first_attribution_id))
    if status is None:
        found.append(review_status != "rejected")
    else:
        found.append(review_status == status)
    return found
