"""The tables behind scheduled ingest: jobs, their runs, their locks and what they have seen.

A job names a source (a folder, a JSON Lines file, a web page or a feed) and a schedule.
Each run leaves a row in ``job_runs`` (the history users read), holds the job's row in
``job_locks`` while it works (so overlapping runs, even on two machines sharing one
PostgreSQL, never run the same job at once) and remembers each entry it handled in
``job_entries`` (a file's size and mtime, a page's ETag, a failure's backoff), which is
how the next run knows what is new.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from quotetrack.store.models import Base


class Job(Base):
    """A source to keep up with, and when to look at it again."""

    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # folder | jsonl | url (a page or a feed: the response decides)
    kind: Mapped[str] = mapped_column(String(20))
    location: Mapped[str] = mapped_column(String(2000))
    every_seconds: Mapped[int | None] = mapped_column(Integer)
    cron: Mapped[str | None] = mapped_column(String(100))
    source_name: Mapped[str | None] = mapped_column(String(200))
    glob: Mapped[str | None] = mapped_column(String(200))
    next_run_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # consecutive runs whose source could not be read; pushes the next run further out
    failures: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobRun(Base):
    """One run of a job: the history ``jobs history`` shows."""

    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job_id_started_at", "job_id", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # running | ok | partial | failed | stopped | interrupted
    status: Mapped[str] = mapped_column(String(20))
    new: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class JobLock(Base):
    """Who is running a job right now, until when. A row exists only while a run holds it
    (or a crashed run left it, which ``expires_at`` and the owner's process id reclaim)."""

    __tablename__ = "job_locks"

    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class JobEntry(Base):
    """One thing a job has handled: a file, a feed entry, a page, a JSON line, or the
    job's own feed or page URL (whose ETag and Last-Modified make the next request
    conditional)."""

    __tablename__ = "job_entries"
    __table_args__ = (UniqueConstraint("job_id", "key_hash", name="uq_job_entries_job_key_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(Text)
    # SHA-256 of the key: unique per job whatever the key's length (btree limits)
    key_hash: Mapped[str] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(2000))
    # done | failed | gone (failed, and no longer listed by the source)
    status: Mapped[str] = mapped_column(String(20))
    # what makes a file "changed": its size and modification time
    fingerprint: Mapped[str | None] = mapped_column(String(200))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    # the page's byline; documents have no author column, so it is kept here
    author: Mapped[str | None] = mapped_column(String(500))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
