"""Recording verdicts and applying them.

A verdict is stored against the document's content hash and the attribution's span and
text, then applied to the attribution itself: a corrected speaker replaces the one the
extractor found (so every query, filter and export shows it), a rejection takes the
attribution out of its statement. When the same text is stored again, :func:`reapply`
finds the verdicts by hash and span and applies them before anything is linked.
An article whose text was edited is a new text (new hash): its verdicts are asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from quotetrack.errors import NotFound, QuotetrackError
from quotetrack.speakers.registry import speaker_for
from quotetrack.statements.columns import review_match, review_status
from quotetrack.statements.link import link_attributions, unlink
from quotetrack.store.follow_models import Review
from quotetrack.store.models import Attribution, Document, Speaker

STATUSES = ("confirmed", "corrected", "rejected")
FILTERS = (*STATUSES, "unreviewed")


@dataclass(frozen=True, slots=True)
class Pending:
    """An attribution to review, with what a reviewer needs to judge it."""

    attribution_id: int
    speaker: str | None
    text: str
    kind: str
    confidence: float
    mention: str | None
    context: str  # the sentence it is in
    title: str | None
    status: str


def decide(
    session: Session, attribution_id: int, status: str, speaker: str | None = None
) -> Review:
    """Record a verdict on an attribution, and on the records inside its span (the quoted
    words of a claim), and apply it."""
    if status not in STATUSES:
        raise QuotetrackError(f"unknown review status {status!r} (one of {', '.join(STATUSES)})")
    row = session.execute(
        select(Attribution, Document.content_hash, Speaker.name)
        .join(Document, Document.id == Attribution.document_id)
        .outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
        .where(Attribution.id == attribution_id)
    ).first()
    if row is None:
        raise NotFound(f"no attribution {attribution_id}")
    attribution, content_hash, current = row
    if status == "corrected":
        speaker = " ".join((speaker or "").split())
        if not speaker:
            raise QuotetrackError("a correction needs the right speaker's name")
    else:
        speaker = None
    review = _record(session, attribution, content_hash, current, status, speaker)
    for inner, inner_speaker in _held_by(session, attribution):
        _record(session, inner, content_hash, inner_speaker, status, speaker)
    return review


def _held_by(session: Session, attribution: Attribution) -> list[tuple[Attribution, str | None]]:
    """The records inside this one's span (the quoted words of a claim), with their
    speakers: a verdict on the claim is a verdict on the words it reports."""
    return [
        (inner, name)
        for inner, name in session.execute(
            select(Attribution, Speaker.name)
            .outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
            .where(
                Attribution.document_id == attribution.document_id,
                Attribution.id != attribution.id,
                Attribution.start >= attribution.start,
                Attribution.end <= attribution.end,
            )
            .order_by(Attribution.start)
        ).all()
    ]


def _record(
    session: Session,
    attribution: Attribution,
    content_hash: str,
    current: str | None,
    status: str,
    speaker: str | None,
) -> Review:
    """Store the verdict on this attribution (replacing an earlier one) and apply it."""
    review = session.scalar(
        select(Review).where(
            Review.content_hash == content_hash,
            Review.start == attribution.start,
            Review.end == attribution.end,
        )
    )
    if review is None:
        review = Review(
            content_hash=content_hash,
            start=attribution.start,
            end=attribution.end,
            original_speaker=current,
        )
        session.add(review)
    review.text = attribution.text
    review.status = status
    review.speaker = speaker
    review.reviewed_at = datetime.now(UTC)
    session.flush()
    _apply(session, attribution, review)
    return review


def reapply(session: Session, document_id: int) -> set[int]:
    """Apply the stored verdicts on this document's text; the ids of rejected ones."""
    rows = session.execute(
        select(Attribution, Review)
        .join(Document, Document.id == Attribution.document_id)
        .join(Review, review_match())
        .where(Attribution.document_id == document_id)
    ).all()
    rejected = set()
    for attribution, review in rows:
        _apply(session, attribution, review, link=False)
        if review.status == "rejected":
            rejected.add(attribution.id)
    return rejected


def _apply(session: Session, attribution: Attribution, review: Review, link: bool = True) -> None:
    """Make the attribution reflect the verdict; relink it unless it was rejected."""
    if review.status == "corrected" and review.speaker:
        speaker_id = speaker_for(session, review.speaker, "person")
        if speaker_id != attribution.speaker_id:
            session.execute(
                update(Attribution)
                .where(Attribution.id == attribution.id)
                .values(speaker_id=speaker_id)
            )
            session.expire(attribution)
            unlink(session, attribution.id)
    if not link:
        return
    if review.status == "rejected":
        unlink(session, attribution.id)
    else:
        link_attributions(session, [attribution.id])


def pending(
    session: Session,
    status: str = "unreviewed",
    speaker_ids: list[int] | None = None,
    exclude: set[int] | frozenset[int] = frozenset(),
    limit: int = 20,
) -> list[Pending]:
    """Attributions with this review status, lowest confidence first (the likeliest
    mistakes come first)."""
    if status not in FILTERS:
        raise QuotetrackError(f"unknown review status {status!r} (one of {', '.join(FILTERS)})")
    state = review_status
    sentence = func.substr(
        Document.text,
        Attribution.sentence_start + 1,
        Attribution.sentence_end - Attribution.sentence_start,
    )
    stmt = (
        select(
            Attribution.id,
            Speaker.name,
            Attribution.text,
            Attribution.kind,
            Attribution.confidence,
            Attribution.mention,
            sentence,
            Document.title,
            state,
        )
        .join(Document, Document.id == Attribution.document_id)
        .outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
        .where(state == status)
        .order_by(Attribution.confidence, Attribution.id)
    )
    if speaker_ids is not None:
        stmt = stmt.where(Attribution.speaker_id.in_(speaker_ids))
    if exclude:
        stmt = stmt.where(Attribution.id.not_in(sorted(exclude)))
    return [Pending(*row) for row in session.execute(stmt.limit(limit))]
