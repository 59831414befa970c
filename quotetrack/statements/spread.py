"""Where a statement was first seen, who repeated it, and how its wording changed.

The first appearance is the one in the earliest published document, ties broken by
ingest order (document id), then by position in the text. Appearances in documents
marked as republished copies are listed but do not count as independent sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotetrack.errors import NotFound
from quotetrack.statements.columns import review_match
from quotetrack.statements.diff import word_diff
from quotetrack.store.follow_models import DocumentCopy, Review, Statement, StatementAppearance
from quotetrack.store.models import Attribution, Document, Source, Speaker

CONTEXT = 80  # characters of the article shown either side of the words


@dataclass(frozen=True, slots=True)
class Appearance:
    attribution_id: int
    document_id: int
    published: date
    source: str | None
    title: str | None
    url: str | None
    speaker: str | None
    role: str | None
    text: str
    before: str
    after: str
    reason: str
    copy_of: int | None
    copy_reason: str | None
    review_status: str
    changes: str | None  # word diff against the first appearance; None when identical


@dataclass(frozen=True, slots=True)
class Spread:
    statement_id: int
    speaker: str | None
    roles: list[str]
    first_seen: date
    first_source: str | None
    sources: int
    independent_sources: int
    appearances: list[Appearance] = field(default_factory=list)


def statement_spread(session: Session, statement_id: int) -> Spread:
    """Everything ``quote show`` prints about one statement."""
    if session.get(Statement, statement_id) is None:
        raise NotFound(
            f"no statement {statement_id} (see the statement_id column of: quotetrack quotes)"
        )
    rows = session.execute(
        select(
            Attribution,
            Document.published,
            Document.text,
            Document.title,
            Document.url,
            Source.name,
            Speaker.name,
            StatementAppearance.reason,
            DocumentCopy.copy_of_document_id,
            DocumentCopy.reason,
            Review.status,
        )
        .join(StatementAppearance, StatementAppearance.attribution_id == Attribution.id)
        .join(Document, Document.id == Attribution.document_id)
        .outerjoin(Source, Source.id == Document.source_id)
        .outerjoin(Speaker, Speaker.id == Attribution.speaker_id)
        .outerjoin(DocumentCopy, DocumentCopy.document_id == Document.id)
        .outerjoin(Review, review_match())
        .where(StatementAppearance.statement_id == statement_id)
        .order_by(Document.published, Document.id, Attribution.start)
    ).all()
    if not rows:
        raise NotFound(f"statement {statement_id} has no appearances left")
    rows = _one_per_article(rows)
    first_text = rows[0][0].text
    appearances = [
        Appearance(
            attribution_id=a.id,
            document_id=a.document_id,
            published=published,
            source=source,
            title=title,
            url=url,
            speaker=speaker,
            role=a.role,
            text=a.text,
            before=_clip(text[max(0, a.start - CONTEXT) : a.start], left=True),
            after=_clip(text[a.end : a.end + CONTEXT], left=False),
            reason=reason,
            copy_of=copy_of,
            copy_reason=copy_reason,
            review_status=status or "unreviewed",
            changes=None if i == 0 or a.text == first_text else word_diff(first_text, a.text),
        )
        for i, (
            a,
            published,
            text,
            title,
            url,
            source,
            speaker,
            reason,
            copy_of,
            copy_reason,
            status,
        ) in enumerate(rows)
    ]
    first = appearances[0]
    return Spread(
        statement_id=statement_id,
        speaker=first.speaker,
        roles=sorted({x.role for x in appearances if x.role}),
        first_seen=first.published,
        first_source=first.source or first.title,
        sources=_count_sources(appearances),
        independent_sources=_count_sources([x for x in appearances if x.copy_of is None]),
        appearances=appearances,
    )


def _one_per_article(rows: list) -> list:
    """Drop a record whose span holds another record of the same article: a claim and
    the quoted words inside it are one appearance, shown by the words themselves."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for row in rows:
        spans.setdefault(row[0].document_id, []).append((row[0].start, row[0].end))

    def holds_another(a) -> bool:
        return any(
            a.start <= s and e <= a.end and (s, e) != (a.start, a.end)
            for s, e in spans[a.document_id]
        )

    return [row for row in rows if not holds_another(row[0])]


def _count_sources(appearances: list[Appearance]) -> int:
    return len({x.source or f"document {x.document_id}" for x in appearances})


def _clip(text: str, left: bool) -> str:
    """Context on one line, cut at a word boundary on its far side."""
    flat = " ".join(text.split())
    # keep the space (or its absence) next to the words themselves
    if text[-1:].isspace() and left:
        flat += " "
    if text[:1].isspace() and not left:
        flat = " " + flat
    if len(text) >= CONTEXT and " " in flat.strip():
        flat = "…" + flat.split(" ", 1)[1] if left else flat.rsplit(" ", 1)[0] + "…"
    return flat
