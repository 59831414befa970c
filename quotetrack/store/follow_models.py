"""Statements, their appearances, wire copies and human review (migration 0004).

Kept in tables of their own rather than as columns on ``attributions``: SQLite can only
drop a column by recreating its table, which would lose the full-text triggers of
migration 0003, and a link table costs one indexed join only when it is asked for.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quotetrack.store.models import Base


class Statement(Base):
    """One thing a speaker said, however many articles reported it."""

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The speaker when the statement was first seen; a merge that removes that speaker
    # leaves the statement and its appearances, without a key to join new ones by.
    speaker_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Kept up to date whenever an appearance is added or removed or a copy is marked
    # (statements/stats.py), so listings read them with one join instead of aggregating
    # the appearances of every row they return.
    first_attribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("attributions.id", ondelete="SET NULL")
    )
    first_seen: Mapped[date | None] = mapped_column(Date)
    appearances: Mapped[int] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer)
    independent_sources: Mapped[int] = mapped_column(Integer)


class StatementAppearance(Base):
    """An attribution as one appearance of a statement, and why it was joined to it."""

    __tablename__ = "statement_appearances"

    attribution_id: Mapped[int] = mapped_column(
        ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    # "first one stored", "exact after normalisation (#12)", "contained in a longer…"
    reason: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)


class StatementKey(Base):
    """Candidate lookup: a hash of (speaker, word shingle) → statements that contain it.

    Linking a new attribution probes this index with its own shingles, so the cost does
    not grow with the number of statements (no all-pairs comparison). The speaker's id is
    the key's top bits (migration 0010), so one speaker's keys share a few index pages
    and a document's commit writes those, not one random page per key.
    """

    __tablename__ = "statement_keys"
    # Stored as its primary key alone on SQLite (migration 0012).
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class StatementWording(Base):
    """A distinct wording of a statement (migration 0008): a hash of the text and the
    first attribution (lowest id) with that text. Linking compares new quotes with these
    rather than grouping every appearance of a statement quoted in thousands of articles.
    """

    __tablename__ = "statement_wordings"
    # Stored as its primary key alone on SQLite (migration 0012).
    __table_args__ = {"sqlite_with_rowid": False}

    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), primary_key=True
    )
    text_hash: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    attribution_id: Mapped[int] = mapped_column(
        ForeignKey("attributions.id", ondelete="CASCADE"), index=True
    )


class DocumentKey(Base):
    """Candidate lookup for republished articles: MinHash band keys of a document's text."""

    __tablename__ = "document_keys"
    # Stored as its primary key alone on SQLite (migration 0012).
    __table_args__ = {"sqlite_with_rowid": False}

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class DocumentSignature(Base):
    """A document's copy sketch (migration 0006): how many distinct 5-word runs its text
    has, and 128 one-permutation MinHash values of 16 bits (statements/copies.py). Lets
    copy detection rule out most candidates without reading their text."""

    __tablename__ = "document_signatures"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    shingles: Mapped[int] = mapped_column(Integer)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class DocumentCopy(Base):
    """A document that republishes an earlier one (wire copy), and how alike they are."""

    __tablename__ = "document_copies"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    copy_of_document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(200))


class Review(Base):
    """A person's verdict on an attribution.

    Keyed by the document's content hash and the attribution's span (and checked against
    its text), not by attribution id, so the verdict outlives the rows it was made on: an
    article stored again, after a rebuild or a re-extraction that finds the same quote,
    gets it back.
    """

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("content_hash", "start", "end", name="uq_reviews_content_span"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True)  # confirmed|corrected|rejected
    original_speaker: Mapped[str | None] = mapped_column(String(300))
    speaker: Mapped[str | None] = mapped_column(String(300))  # the corrected name
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
