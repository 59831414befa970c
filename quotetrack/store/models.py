"""The schema, as SQLAlchemy 2 declarative models.

The models describe the schema that the Alembic migrations build; a test runs
``alembic check`` so the two cannot drift apart. The application never calls
``create_all``: the migrations are the only way a schema comes into being.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Source(Base):
    """Where documents come from: a named outlet, a folder, a feed."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Document(Base):
    """One article, stored with the exact text that every offset refers to."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000))
    origin: Mapped[str | None] = mapped_column(String(2000))
    published: Mapped[date] = mapped_column(Date, index=True)
    # given (by the user or the feed) | dateline (read from the text) | ingested (unknown)
    published_source: Mapped[str] = mapped_column(String(20))
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    source: Mapped[Source | None] = relationship()
    attributions: Mapped[list[Attribution]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Speaker(Base):
    """A person, organisation or group that says things; one row however often seen."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    # lower-cased, space-folded name: what uniqueness and lookups use
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # person | organisation | group

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", passive_deletes=True
    )


class SpeakerAlias(Base):
    """Another name a speaker goes by ("Witkoff" for "Steve Witkoff")."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "key", name="uq_speaker_aliases_speaker_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), index=True)
    # Why this name means this speaker ("surname of Steve Witkoff", "merged by a user").
    reason: Mapped[str | None] = mapped_column(String(300))
    origin: Mapped[str | None] = mapped_column(String(20))  # ingest | user

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class Attribution(Base):
    """A statement in a document and who made it, with every span kept."""

    __tablename__ = "attributions"
    __table_args__ = (
        Index("ix_attributions_speaker_id_document_id", "speaker_id", "document_id"),
        # The order of listings (migration 0007): a --limit stops the walk early.
        Index(
            "ix_attributions_said_on_day_document_id_start_id",
            "said_on_day",
            "document_id",
            "start",
            "id",
        ),
        UniqueConstraint("document_id", "start", "end", name="uq_attributions_document_span"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    # Looked up through ix_attributions_speaker_id_document_id (migration 0013).
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    mention: Mapped[str | None] = mapped_column(String(500))
    mention_start: Mapped[int | None] = mapped_column(Integer)
    mention_end: Mapped[int | None] = mapped_column(Integer)
    cue: Mapped[str | None] = mapped_column(String(200))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    stance: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(100))
    resolution: Mapped[str] = mapped_column(String(20))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[str | None] = mapped_column(String(300))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    # The speaker's name as the extractor gave it in this article, before any merging:
    # what a split uses to move attributions back to the right person.
    speaker_name: Mapped[str | None] = mapped_column(String(300))
    # When it was said: a TimeML value and its first day (for range filters), its
    # precision, and where it came from (text | published | ingested).
    said_on: Mapped[str | None] = mapped_column(String(20))
    # Ranges and order through ix_attributions_said_on_day_document_id_start_id (0013).
    said_on_day: Mapped[date | None] = mapped_column(Date)
    said_on_precision: Mapped[str | None] = mapped_column(String(10))
    said_on_source: Mapped[str | None] = mapped_column(String(20))
    said_on_start: Mapped[int | None] = mapped_column(Integer)
    said_on_end: Mapped[int | None] = mapped_column(Integer)
    # A split quotation's pieces, JSON [[start, end], ...] (migration 0005).
    fragments: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="attributions")
    speaker: Mapped[Speaker | None] = relationship()


class AttributionDate(Base):
    """A date mentioned in an attribution's sentence, normalised, with its span."""

    __tablename__ = "attribution_dates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attribution_id: Mapped[int] = mapped_column(
        ForeignKey("attributions.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(200))
    value: Mapped[str] = mapped_column(String(20))
    precision: Mapped[str] = mapped_column(String(10))


class Topic(Base):
    """A subject statements are tagged with: a lexicon topic, or a name they mention."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # topic | keyword


class AttributionTopic(Base):
    __tablename__ = "attribution_topics"
    # Stored as its primary key alone on SQLite (migration 0012).
    __table_args__ = {"sqlite_with_rowid": False}

    attribution_id: Mapped[int] = mapped_column(
        ForeignKey("attributions.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True
    )


import quotetrack.store.follow_models  # noqa: E402,F401
from quotetrack.store import jobs_models  # noqa: E402,F401
