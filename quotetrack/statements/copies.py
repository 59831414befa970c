"""Wire copies: the same story republished, marked as a copy of its earliest printing.

A republished wire story repeats every quote in it; counted as separate sources it would
look like independent confirmation. Documents are compared by their 5-word shingles.
Candidates come from MinHash band keys stored in ``document_keys`` (16 bands of 2 of 32
MinHash values: a pair sharing half its shingles is a candidate with probability > 0.99,
an unrelated pair almost never), and each candidate is then checked exactly. A document is
a copy when the shorter of the two has ``SHARED`` of its shingles in the longer and is at
least ``LENGTH_RATIO`` of its length: a story cut from the bottom or given a new headline
is still a copy; an article that quotes a paragraph of another is not.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from quotetrack.statements.normalise import KEY_MASK, stable_hash
from quotetrack.store.follow_models import DocumentCopy, DocumentKey
from quotetrack.store.models import Document
from quotetrack.store.upsert import insert_ignore

SHINGLE = 5
HASHES, BANDS = 32, 16
ROWS = HASHES // BANDS
SHARED = 0.8
LENGTH_RATIO = 0.5
MIN_SHINGLES = 20  # a brief of fewer than ~24 words is too short to call a copy
_WORD = re.compile(r"\w+")


def runs(text: str) -> set[tuple[str, ...]]:
    """The distinct 5-word runs of a text, casefolded: what two documents are compared by."""
    words = _WORD.findall(text.casefold())
    return set(zip(*(words[i:] for i in range(SHINGLE)), strict=False))


def shingles(text: str) -> set[int]:
    """The stable hashes of a text's 5-word runs (``stable_hash(*run)``), which its band
    keys are made of."""
    return hashed(runs(text))


def hashed(found: set[tuple[str, ...]]) -> set[int]:
    # stable_hash(*run), inlined: this is the innermost loop of storing a document.
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return {
        from_bytes(blake2b("\x1f".join(run).encode(), digest_size=8).digest(), "big") & KEY_MASK
        for run in found
    }


def band_keys(hashed: set[int]) -> list[int]:
    """The MinHash band keys of a set of shingle hashes.

    One-permutation MinHash: each hash falls in one of ``HASHES`` bins by its low bits and
    each bin keeps its smallest value, one pass over the shingles instead of one per hash
    function. Two bins agree with probability about the Jaccard similarity; an empty bin
    only makes a needless candidate, which the exact check then drops.
    """
    signature: list[int] = [-1] * HASHES
    for h in hashed:
        slot, value = h % HASHES, h // HASHES
        if signature[slot] < 0 or value < signature[slot]:
            signature[slot] = value
    return [
        stable_hash("band", band, *signature[band * ROWS : (band + 1) * ROWS])
        for band in range(BANDS)
    ]


def copies_of(session: Session, original_id: int) -> list[int]:
    return list(
        session.scalars(
            select(DocumentCopy.document_id).where(DocumentCopy.copy_of_document_id == original_id)
        )
    )


def detect_copy(session: Session, document_id: int) -> int | None:
    """Index a newly stored document and mark it (or the document it was copied from) as
    a copy; returns the original's id when a copy was found."""
    doc = session.get(Document, document_id)
    mine = runs(doc.text)
    if len(mine) < MIN_SHINGLES:
        return None
    keys = band_keys(hashed(mine))
    candidates = session.scalars(
        select(DocumentKey.document_id)
        .where(DocumentKey.key.in_(keys), DocumentKey.document_id != document_id)
        .distinct()
    ).all()
    session.execute(
        DocumentKey.__table__.insert(), [{"key": k, "document_id": document_id} for k in keys]
    )
    # The exact check compares the runs themselves: the same sets as their stable hashes,
    # without hashing every candidate's text again.
    best: tuple[float, int] | None = None
    for other_id, other_text in session.execute(
        select(Document.id, Document.text).where(Document.id.in_(candidates)).order_by(Document.id)
    ):
        shared = _shared(mine, runs(other_text))
        if shared is not None and (best is None or shared > best[0]):
            best = (shared, other_id)
    if best is None:
        return None
    shared, other_id = best
    other = session.get(Document, other_id)
    return _mark(session, doc, other, f"{shared:.0%} of the shorter text's 5-word runs shared")


def _shared(a: set, b: set) -> float | None:
    small, large = sorted((len(a), len(b)))
    if not small or small / large < LENGTH_RATIO:
        return None
    share = len(a & b) / small
    return share if share >= SHARED else None


def _mark(session: Session, doc: Document, other: Document, reason: str) -> int:
    """Make the earliest of the two groups' documents the original of them all."""
    root_id = session.scalar(
        select(DocumentCopy.copy_of_document_id).where(DocumentCopy.document_id == other.id)
    )
    root = session.get(Document, root_id) if root_id else other
    copy, original = root.id, doc.id
    if (doc.published, doc.id) < (root.published, root.id):
        # Stored later but printed earlier: the new document is the original of them all.
        session.execute(
            update(DocumentCopy)
            .where(DocumentCopy.copy_of_document_id == root.id)
            .values(copy_of_document_id=doc.id)
        )
        session.execute(delete(DocumentCopy).where(DocumentCopy.document_id == root.id))
    else:
        copy, original = doc.id, root.id
    insert_ignore(
        session,
        DocumentCopy.__table__,
        {"document_id": copy, "copy_of_document_id": original, "reason": reason},
        ["document_id"],
    )
    return original
