"""One run per job at a time, across processes and machines sharing the database.

A run owns a job while its row in ``job_locks`` names it and has not expired. Claiming
is a single atomic statement on both SQLite and PostgreSQL: an INSERT … ON CONFLICT DO
NOTHING when nobody holds the job, else an UPDATE that takes the row only from the
owner it found (compare-and-swap) and only when that owner's claim expired or its
process is gone from this machine. The holder renews the expiry after every document
(the heartbeat), so a run killed with SIGKILL stops renewing and its lock lapses after
the TTL; on the same machine it is reclaimed at once, since its process no longer exists.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from quotetrack.jobs.clock import aware, now
from quotetrack.store.jobs_models import JobLock

ENV_TTL = "QUOTETRACK_LOCK_TTL"
DEFAULT_TTL = 600.0  # seconds: longer than any one document's fetch and extraction


def lock_ttl() -> timedelta:
    raw = os.environ.get(ENV_TTL, "").strip()
    try:
        seconds = float(raw) if raw else DEFAULT_TTL
    except ValueError:
        seconds = DEFAULT_TTL
    return timedelta(seconds=max(seconds, 1.0))


def new_owner() -> str:
    """machine:pid:random — the random part tells two runs of one process apart."""
    return f"{machine()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def machine() -> str:
    """Where process ids mean the same thing: the host name, plus the PID namespace on
    Linux, so that two containers given one host name never judge each other's pids."""
    name = socket.gethostname().replace(":", "_")
    try:
        namespace = os.readlink("/proc/self/ns/pid")  # "pid:[4026531836]"
    except OSError:
        return name
    return f"{name}@{''.join(c for c in namespace if c.isdigit())}"


def acquire(session: Session, job_id: int, owner: str, ttl: timedelta) -> bool:
    """Claim the job for ``owner``; False when another live run holds it."""
    moment = now()
    if _insert(session, job_id, owner, moment, moment + ttl):
        return True
    held = session.execute(
        select(JobLock.owner, JobLock.expires_at).where(JobLock.job_id == job_id)
    ).first()
    if held is None:  # released between the two statements: try the free path once more
        return _insert(session, job_id, owner, moment, moment + ttl)
    if aware(held.expires_at) > moment and not _dead_here(held.owner):
        return False
    taken = session.execute(
        update(JobLock)
        .where(JobLock.job_id == job_id, JobLock.owner == held.owner)
        .values(owner=owner, acquired_at=moment, expires_at=moment + ttl)
    )
    return taken.rowcount == 1


def heartbeat(session: Session, job_id: int, owner: str, ttl: timedelta) -> bool:
    """Push the expiry out; False when the lock was lost (expired and taken by another)."""
    renewed = session.execute(
        update(JobLock)
        .where(JobLock.job_id == job_id, JobLock.owner == owner)
        .values(expires_at=now() + ttl)
    )
    return renewed.rowcount == 1


def release(session: Session, job_id: int, owner: str) -> None:
    session.execute(delete(JobLock).where(JobLock.job_id == job_id, JobLock.owner == owner))


def holder(session: Session, job_id: int) -> str | None:
    """Who holds the job now, if the claim is live."""
    held = session.execute(
        select(JobLock.owner, JobLock.expires_at).where(JobLock.job_id == job_id)
    ).first()
    if held is None or aware(held.expires_at) <= now() or _dead_here(held.owner):
        return None
    return held.owner


def _insert(session: Session, job_id: int, owner: str, acquired, expires) -> bool:
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = (
        insert(JobLock)
        .values(job_id=job_id, owner=owner, acquired_at=acquired, expires_at=expires)
        .on_conflict_do_nothing(index_elements=["job_id"])
        .returning(JobLock.job_id)
    )
    return session.execute(stmt).scalar() is not None


def _dead_here(owner: str) -> bool:
    """The owner ran on this machine and its process is gone (killed, crashed)."""
    where, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if os.name != "posix" or where != machine() or not pid_text.isdigit():
        return False  # elsewhere (or no kill(pid, 0) to ask with): only expiry frees it
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
