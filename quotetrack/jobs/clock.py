"""UTC everywhere: SQLite hands datetimes back without a zone, PostgreSQL with one."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """The moment in UTC; naive values (from SQLite) were stored as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso(moment: datetime | None) -> str | None:
    """Second-precision UTC, as listings show it: 2025-03-11T08:30:00Z."""
    moment = aware(moment)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None
