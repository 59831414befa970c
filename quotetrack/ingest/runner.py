"""Ingesting documents: read, normalise, extract, store; one transaction per document.

The runner reports an outcome per input (new, unchanged or failed with its reason) and
keeps going after a failure, so one bad file never costs the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from quotetrack.errors import InputError
from quotetrack.ingest import documents
from quotetrack.ingest.collector import run_collection
from quotetrack.ingest.reading import DEFAULT_MAX_MB, decode
from quotetrack.ingest.sources import Item
from quotetrack.statements.document import Prepared
from quotetrack.store.engine import writer
from quotetrack.store.repository import (
    NewDocument,
    Packed,
    find_document_id,
    pack,
    store_document,
    stored_document_id,
)

RETRIES = 5


@dataclass(frozen=True, slots=True)
class Meta:
    """What the user said about the documents (applies to every input of one run)."""

    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    encoding: str = "utf-8"
    invalid: str = "error"
    max_mb: float = DEFAULT_MAX_MB


@dataclass(frozen=True, slots=True)
class Outcome:
    origin: str
    status: str  # new | unchanged | failed
    document_id: int | None = None
    attributions: int = 0
    reason: str | None = None


def ingest(engine: Engine, items: Iterable[Item], meta: Meta) -> Iterator[Outcome]:
    """Ingest each item in turn, yielding its outcome as soon as it is known."""
    target = Target(engine)
    with run_collection() as freeze:
        try:
            for item in items:
                try:
                    yield _ingest_one(target, item, meta)
                except InputError as exc:
                    yield Outcome(item.origin, "failed", reason=str(exc))
                freeze()  # after the first document: the extractor is loaded by then
        finally:
            target.close()


class Target:
    """Where one ingest run stores: the writer engine (its transactions take SQLite's
    write lock when they begin) and, on SQLite, one connection held for the whole run.

    Each document is still stored in a transaction of its own; holding the connection
    saves taking one from the pool and giving it back (a reset on return) twice a
    document, for "already stored?" and for storing: about 25 us a document in the
    parent of ``ingest --jobs``. Reads on it run outside any transaction (SQLite
    autocommit, see store/engine.py). PostgreSQL takes a connection per document as
    before: its driver begins a transaction at the first read, which a held
    connection would keep open between documents, and the pool's pre-ping finds a
    connection the server dropped."""

    __slots__ = ("engine", "held")

    def __init__(self, engine: Engine) -> None:
        self.engine = writer(engine)
        self.held: Connection | None = (
            self.engine.connect() if engine.dialect.name == "sqlite" else None
        )
        if self.held is not None:
            # A multi-row INSERT (store/upsert.py) keeps a statement journal of the pages
            # it changes, which SQLite writes to a temporary file past 64 KB: over PolNeAR
            # train, 58 MB more written by the storing process. Held in memory instead:
            # the pages one statement of one document changes, a few hundred KB at most.
            self.held.connection.driver_connection.execute("PRAGMA temp_store=MEMORY")

    def close(self) -> None:
        if self.held is not None:
            # The connection goes back to the pool: its other users keep the default.
            try:
                self.held.connection.driver_connection.execute("PRAGMA temp_store=DEFAULT")
            finally:
                self.held.close()


def _ingest_one(target: Target, item: Item, meta: Meta) -> Outcome:
    ready = _prepare(target, item, meta)
    if isinstance(ready, Outcome):
        return ready
    text, digest = ready
    publication, extracted, prepared = analyse(text, item.published or meta.published)
    return _store(target, item, meta, text, digest, publication, extracted, prepared)


def analyse(text: str, given: date | None) -> tuple[dict, list, Prepared]:
    """The pure, CPU-heavy part of ingesting one text: its publication date (given, else
    its dateline, else today), its attributions with their dates and topics, and what
    linking and copy detection need of them that depends on nothing stored."""
    from quotetrack.extraction.enrich import analyse as run
    from quotetrack.statements.document import prepare

    publication = _publication(text, given)
    extracted = run(text, publication["published"], publication["published_source"])
    return publication, extracted, prepare(text, extracted)


def analyse_packed(text: str, given: date | None) -> tuple[dict, Packed, Prepared]:
    """:func:`analyse` with the attributions packed as storing writes them
    (repository.pack): what an ``ingest --jobs`` worker sends back, since plain tuples
    pickle and unpickle in C, the records' dataclasses through Python."""
    publication, extracted, prepared = analyse(text, given)
    return publication, pack(extracted), prepared


def _prepare(target: Target, item: Item, meta: Meta) -> tuple[str, str] | Outcome:
    """The item's normalised text and its hash, or its outcome when already stored.

    Split from :func:`_store` so that ``--jobs`` (ingest/parallel.py) can run the
    CPU-heavy part in between (dateline and extraction) in worker processes.
    """
    text = decode(item.read(), meta.encoding, meta.invalid, meta.max_mb)
    if text[:512].lstrip()[:1] == "<":
        from quotetrack.ingest.web import extract_article, looks_like_html, main_text

        if looks_like_html(text):  # a saved page: its article, not its markup
            text = main_text(extract_article(text))
    text = documents.normalise(text)
    digest = documents.content_hash(text)
    existing = stored_id(target, digest)
    if existing is not None:
        return Outcome(item.origin, "unchanged", existing)
    return text, digest


def stored_id(target: Target, digest: str) -> int | None:
    """The id of the document stored with this hash, or None. Read outside any
    transaction: the run's transactions take SQLite's write lock when they begin, which
    one indexed lookup must not wait for or hold. On the held connection (SQLite), else
    on a connection of the pool's used as the driver's, with no Session made to find the
    engine and no Connection around it: those cost five times the lookup (0.2 ms a
    document in the parent of ``ingest --jobs``, which reads before it stores)."""
    if target.held is not None:
        return find_document_id(target.held, digest)
    return stored_document_id(target.engine, digest)


def _store(
    target: Target,
    item: Item,
    meta: Meta,
    text: str,
    digest: str,
    publication: dict,
    extracted,
    prepared: Prepared | None = None,
) -> Outcome:
    """Store one document and its attributions in one transaction; its outcome."""
    new = NewDocument(
        text=text,
        content_hash=digest,
        title=item.title or meta.title or documents.guess_title(text),
        url=item.url or meta.url,
        origin=None if item.origin == "<stdin>" else item.origin,
        source=item.source or meta.source,
        **publication,
    )
    # On a Connection, not in a Session: the Session's own begin, commit and
    # connection() calls cost about 40 us a document (of ~3 ms), in the parent of
    # ``ingest --jobs``, the busiest process of such a run.
    held = target.held
    for attempt in range(RETRIES):
        try:
            if held is None:
                with target.engine.begin() as conn:
                    doc_id = store_document(conn, new, extracted, prepared)
            else:
                with held.begin():
                    doc_id = store_document(held, new, extracted, prepared)
            break
        except OperationalError:
            # A lock held too long by another writer: the transaction rolled back whole,
            # so it is safe to try again.
            if attempt == RETRIES - 1:
                raise
    if doc_id is None:
        return Outcome(item.origin, "unchanged", stored_id(target, digest))
    return Outcome(item.origin, "new", doc_id, len(extracted))


def _publication(text: str, given: date | None) -> dict:
    """The publication date: given by the user, else a dateline in the text, else today."""
    if given is not None:
        return {"published": given, "published_source": "given"}
    dateline = _dateline(text)
    if dateline is not None:
        return {"published": dateline, "published_source": "dateline"}
    return {"published": datetime.now(UTC).date(), "published_source": "ingested"}


def _dateline(text: str) -> date | None:
    from quotetrack.extraction.dates import find_dateline

    found = find_dateline(text)
    if found is None or found.precision != "day":
        return None
    return date.fromisoformat(found.value)
