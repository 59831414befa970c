"""The statement and review columns that quote listings and exports add, as SQL.

The spread comes from the ``statements`` row (kept current by :mod:`stats`), the review
status from a correlated probe of ``reviews`` (unique by content hash and span). They
expect the outer query to select from ``attributions`` joined to ``documents`` and
outer-joined to ``statement_appearances`` and ``statements`` (:func:`join`); an
attribution in no statement (unknown speaker, rejected) counts as a statement of one
appearance, first seen where it is.
"""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from quotetrack.store.follow_models import Review, Statement, StatementAppearance
from quotetrack.store.models import Attribution, Document

statement_id = StatementAppearance.statement_id
first_seen = func.coalesce(Statement.first_seen, Document.published)
appearances = func.coalesce(Statement.appearances, 1)
sources = func.coalesce(Statement.sources, 1)
# Outlets whose appearance is not in a republished copy of another document.
independent_sources = func.coalesce(Statement.independent_sources, 1)


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


def join(stmt):
    """Outer-join the statement tables to a SELECT over attributions."""
    return stmt.outerjoin(
        StatementAppearance, StatementAppearance.attribution_id == Attribution.id
    ).outerjoin(Statement, Statement.id == StatementAppearance.statement_id)


def conditions(session: Session, first_only: bool, status: str | None) -> list:
    """WHERE conditions for ``--first-only`` and ``--status``. Without ``--status``,
    rejected attributions are hidden: a person has said they are wrong (the check is
    skipped while nothing has been rejected, so it costs nothing until it matters)."""
    found = []
    if first_only:
        found.append(statement_id.is_(None) | (Attribution.id == Statement.first_attribution_id))
    if status is not None:
        found.append(review_status == status)
    elif session.scalar(select(Review.id).where(Review.status == "rejected").limit(1)):
        found.append(review_status != "rejected")
    return found
