"""What storing a document adds to statements: the hook ``store_document`` calls.

Runs in the document's own transaction, so a document is never stored without its
statement links, copy mark and the reviews made on the same text before.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from quotetrack.review.decisions import reapply
from quotetrack.statements.copies import CopySketch, copies_of, copy_sketch, detect_copy
from quotetrack.statements.link import NewDocument, link_attributions, link_new
from quotetrack.statements.normalise import Wording, spoken, wording
from quotetrack.statements.stats import refresh, statements_in
from quotetrack.store.models import Attribution
from quotetrack.store.upsert import driver_execute


@dataclass(frozen=True, slots=True)
class Prepared:
    """What linking and copy detection need of a document's text and attributions that
    depends on nothing stored: a pure function of them, so ``ingest --jobs`` computes it
    in the worker that analysed the text, and the parent only stores."""

    copy: CopySketch | None
    wordings: tuple[Wording | None, ...]  # per attribution; None without a speaker


def prepare(text: str, extracted) -> Prepared:
    return Prepared(
        copy_sketch(text),
        tuple(wording(spoken(a.text, a.kind)) if a.speaker else None for a in extracted),
    )


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
    _copies(session, detect_copy(session, document_id), document_id)


def link_new_document(
    session: Session | Connection,
    doc: NewDocument,
    text: str,
    content_hash: str,
    attributions: list[tuple[int, int | None, int, str]],
    prepared: Prepared,
) -> None:
    """:func:`link_document` for a document inserted in this transaction, with what the
    caller knows of it: its text and hash, and its attributions as (id, speaker id,
    start, quoted text) in the order of ``prepared.wordings``. Without verdicts on this
    text, nothing is read back; with some, the general path applies them first (through
    the ORM: given a Connection, in a Session joined to its transaction)."""
    reviewed = driver_execute(session, _REVIEWED, (content_hash,)).fetchone()
    if reviewed is not None:
        ids = [a for a, *_ in attributions]
        if isinstance(session, Session):
            link_document(session, doc.id, ids)
            return
        with Session(bind=session) as orm:
            link_document(orm, doc.id, ids)
            orm.flush()
        return
    link_new(
        session,
        doc,
        [
            (attribution_id, speaker_id, start, w, said)
            for (attribution_id, speaker_id, start, said), w in zip(
                attributions, prepared.wordings, strict=True
            )
            if speaker_id is not None
        ],
    )
    original = detect_copy(session, doc.id, text, doc.published, prepared.copy)
    _copies(session, original, doc.id)


_REVIEWED = 'SELECT 1 FROM "reviews" WHERE "content_hash" = ? LIMIT 1'


def _copies(session: Session | Connection, original: int | None, document_id: int) -> None:
    if original is not None:
        # Which appearances are copies changed for the whole group: recount its sources.
        group = {original, document_id, *copies_of(session, original)}
        refresh(session, statements_in(session, group))
