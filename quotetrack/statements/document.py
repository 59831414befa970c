"""What storing a document adds to statements: the hook ``store_document`` calls.

Runs in the document's own transaction, so a document is never stored without its
statement links, copy mark and the reviews made on the same text before.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotetrack.review.decisions import reapply
from quotetrack.statements.copies import copies_of, detect_copy
from quotetrack.statements.link import link_attributions
from quotetrack.statements.stats import refresh, statements_in
from quotetrack.store.models import Attribution


def link_document(session: Session, document_id: int, stored: list[int] | None = None) -> None:
    """Reapply earlier reviews of this text, link its attributions (not the rejected
    ones) to statements, and mark it if it republishes an earlier document.

    ``stored``: the ids of the document's attributions when the caller has just inserted
    them, which saves reading them back."""
    rejected = reapply(session, document_id)
    if stored is None:
        stored = list(
            session.scalars(select(Attribution.id).where(Attribution.document_id == document_id))
        )
    ids = [i for i in stored if i not in rejected]
    if ids:
        link_attributions(session, ids)
    original = detect_copy(session, document_id)
    if original is not None:
        # Which appearances are copies changed for the whole group: recount its sources.
        group = {original, document_id, *copies_of(session, original)}
        refresh(session, statements_in(session, group))
