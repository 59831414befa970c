"""What a source hands a job run: entries, each loaded only when the run gets to it.

An entry is what a job remembers between runs (by ``key``): a file, a feed entry, a page,
a line of a JSON Lines file. Loading it (reading the file, fetching the page) is deferred
so that entries the job has already seen cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from quotetrack.ingest.sources import Item

#: The key under which a job keeps its own source's state (ETag, file fingerprint).
SOURCE_KEY = "@source"


@dataclass(frozen=True, slots=True)
class Loaded:
    """An entry's document, ready for the ingest runner, and what documents cannot hold."""

    item: Item
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    load: Callable[[], Loaded]
    url: str | None = None
    #: what makes the entry "changed" (a file's size and mtime); None: seen once is enough
    fingerprint: str | None = None
    #: handle it even when seen before (a page job's page: the conditional request and the
    #: content hash decide whether anything is new)
    always: bool = False


@dataclass(frozen=True, slots=True)
class Validators:
    """What makes the next look at a source cheap: HTTP validators or a file fingerprint."""

    etag: str | None = None
    last_modified: str | None = None
    fingerprint: str | None = None


@dataclass(slots=True)
class Listing:
    """A source's entries for this run, and its validators to keep once the run completes.

    The validators are saved only after every entry was handled: a run killed half-way
    must not leave an ETag that makes the next run's request come back "not modified".
    """

    entries: Iterable[Entry] = ()
    validators: Validators = field(default_factory=Validators)
    total: int | None = None
