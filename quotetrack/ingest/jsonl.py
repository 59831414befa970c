"""Bulk loads from JSON Lines: one article per line, as
``{"text": …, "title": …, "url": …, "published": "2025-03-11", "source": …}``.

Only ``text`` is required. A line that is not a JSON object with text, or whose date is
not ISO 8601, fails alone with its line number; the other lines are ingested.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from quotetrack.errors import InputError
from quotetrack.ingest.sources import Item
from quotetrack.jobs.entries import Entry, Loaded

FIELDS = ("text", "title", "url", "published", "source")


def jsonl_entries(path: Path, source: str | None = None) -> Iterator[Entry]:
    """An entry per non-blank line, read lazily: files of any size stream through."""
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            if raw.strip():
                yield _entry(path, number, raw, source)


def _entry(path: Path, number: int, raw: bytes, source: str | None) -> Entry:
    origin = f"{path}:{number}"
    try:
        record = _record(raw)
    except InputError as exc:
        problem = f"line {number}: {exc}"
        return Entry(key=f"{origin}:{_digest(raw)}", load=lambda: _fail(problem))
    url = record.get("url") or None
    key = url or "sha256:" + _digest(record["text"].encode("utf-8"))

    def load() -> Loaded:
        item = Item(
            origin=origin,
            read=lambda: record["text"].encode("utf-8"),
            title=record.get("title") or None,
            url=url,
            published=_published(record.get("published"), number),
            source=record.get("source") or source,
        )
        return Loaded(item)

    return Entry(key=key, load=load, url=url)


def _record(raw: bytes) -> dict:
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"not valid JSON ({exc.args[0].split(':')[0]})") from exc
    if not isinstance(record, dict):
        raise InputError("not a JSON object")
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        raise InputError('no "text"')
    for name in FIELDS[1:]:
        if record.get(name) is not None and not isinstance(record[name], str):
            raise InputError(f'"{name}" is not a string')
    return record


def _published(value: str | None, number: int) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f'line {number}: "published" is not an ISO date: {value!r}') from exc


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fail(problem: str) -> Loaded:
    raise InputError(problem)
