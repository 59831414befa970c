"""Ingesting documents: read, normalise, extract, store; each document whole or not at all.

The runner reports an outcome per input (new, unchanged or failed with its reason) and
keeps going after a failure, so one bad file never costs the others.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from quotetrack.errors import InputError
from quotetrack.ingest import documents
from quotetrack.ingest.reading import DEFAULT_MAX_MB, decode
from quotetrack.ingest.sources import Item
from quotetrack.statements.document import Prepared
from quotetrack.store.engine import session_factory, writer
from quotetrack.store.repository import NewDocument, find_document_id, store_document

RETRIES = 5
#: Documents stored in one transaction on SQLite. A commit there costs about a third of
#: storing one news article (the WAL frames of the pages it touched: index pages of the
#: statement keys, the full-text index's new segment); pages several documents touch in
#: one transaction are written once. Each document is still all or nothing (the
#: transaction is), outcomes are reported only once it is committed, and the write lock
#: is held for storing only (analysis happens before the transaction begins): about 16 x
#: 3 ms. PostgreSQL stores one document per transaction: concurrent writers there lock
#: rows, not the database, and longer transactions would make them wait on each other.
BATCH = 16


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
    """Ingest each item in turn, yielding its outcome as soon as it is stored.

    Items are read and analysed a batch at a time (:data:`BATCH`, one on PostgreSQL),
    then stored in one transaction (:func:`store_ready`)."""
    sessions = session_factory(writer(engine))
    size = batch_size(engine)
    frozen = False
    items = iter(items)
    try:
        while chunk := list(islice(items, size)):
            yield from store_ready(sessions, meta, [_ready(sessions, item, meta) for item in chunk])
            if not frozen:
                freeze_loaded()
                frozen = True
    finally:
        if frozen:
            gc.unfreeze()


def batch_size(engine: Engine) -> int:
    """Documents per transaction on this engine's backend (see :data:`BATCH`)."""
    return BATCH if engine.dialect.name == "sqlite" else 1


@dataclass(frozen=True, slots=True)
class Ready:
    """A new document, analysed and ready to store."""

    item: Item
    text: str
    digest: str
    publication: dict
    extracted: list
    prepared: Prepared | None = None


def _ready(sessions, item: Item, meta: Meta) -> Ready | Outcome:
    """The item read and analysed, or its outcome when it needs no storing."""
    try:
        ready = _prepare(sessions, item, meta)
        if isinstance(ready, Outcome):
            return ready
        text, digest = ready
        return Ready(item, text, digest, *analyse(text, item.published or meta.published))
    except InputError as exc:
        return Outcome(item.origin, "failed", reason=str(exc))


def store_ready(sessions, meta: Meta, entries: list[Ready | Outcome]) -> Iterator[Outcome]:
    """Every entry's outcome in order, storing the ready ones in one transaction first.

    Nothing is reported before the transaction that stored it is committed, so a kill
    loses nothing reported as stored. Should one document's storing fail, the
    transaction is rolled back whole and the documents are stored again one per
    transaction, as a run of one would, so that the others are kept and the failure is
    reported (or raised) as before."""
    todo = [e for e in entries if isinstance(e, Ready)]
    if len(todo) > 1:
        try:
            done = iter(_store_together(sessions, meta, todo))
        except OperationalError:
            raise
        except Exception:  # one of them: found again below, alone
            done = None
        if done is not None:
            for entry in entries:
                yield next(done) if isinstance(entry, Ready) else entry
            return
    for entry in entries:
        yield _store_one(sessions, meta, entry) if isinstance(entry, Ready) else entry


def _store_one(sessions, meta: Meta, r: Ready) -> Outcome:
    return _store(sessions, r.item, meta, r.text, r.digest, r.publication, r.extracted, r.prepared)


def _store_together(sessions, meta: Meta, todo: list[Ready]) -> list[Outcome]:
    """Store ``todo`` in one transaction (tried again whole when another writer held the
    lock too long); their outcomes, in order."""
    for attempt in range(RETRIES):
        try:
            with sessions.begin() as session:
                return [
                    _outcome(session, r.item, r.digest, len(r.extracted), _insert(session, r, meta))
                    for r in todo
                ]
        except OperationalError:
            if attempt == RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def freeze_loaded() -> None:
    """Leave what is loaded by now (modules, rules, lexicons, compiled patterns: several
    hundred thousand objects) out of the garbage collections of this run. Python's
    collector otherwise walks them all again each time it runs, a tenth of an ingest's
    CPU time. The caller unfreezes them when its run ends (``gc.unfreeze()``): in a
    long-lived process (``jobs serve``, a test session) objects that were alive at the
    freeze and die later, an engine and its connections, must be collectable again."""
    gc.collect()
    gc.freeze()


def analyse(text: str, given: date | None) -> tuple[dict, list, Prepared]:
    """The pure, CPU-heavy part of ingesting one text: its publication date (given, else
    its dateline, else today), its attributions with their dates and topics, and what
    linking and copy detection need of them that depends on nothing stored."""
    from quotetrack.extraction.enrich import analyse as run
    from quotetrack.statements.document import prepare

    publication = _publication(text, given)
    extracted = run(text, publication["published"], publication["published_source"])
    return publication, extracted, prepare(text, extracted)


def _prepare(sessions, item: Item, meta: Meta) -> tuple[str, str] | Outcome:
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
    existing = stored_id(sessions, digest)
    if existing is not None:
        return Outcome(item.origin, "unchanged", existing)
    return text, digest


def stored_id(sessions, digest: str) -> int | None:
    """The id of the document stored with this hash, or None. Read on a connection of its
    own outside any transaction: the sessions' transactions take SQLite's write lock when
    they begin, which one indexed lookup must not wait for or hold."""
    with sessions() as session:  # no connection yet: only the engine is wanted
        engine = session.get_bind()
    with engine.connect() as conn:
        return find_document_id(conn, digest)


def _store(
    sessions,
    item: Item,
    meta: Meta,
    text: str,
    digest: str,
    publication: dict,
    extracted,
    prepared: Prepared | None = None,
) -> Outcome:
    """Store one document and its attributions in one transaction; its outcome."""
    r = Ready(item, text, digest, publication, extracted, prepared)
    for attempt in range(RETRIES):
        try:
            with sessions.begin() as session:
                doc_id = _insert(session, r, meta)
            break
        except OperationalError:
            # A lock held too long by another writer: the transaction rolled back whole,
            # so it is safe to try again.
            if attempt == RETRIES - 1:
                raise
    if doc_id is None:
        with sessions() as session:
            return _outcome(session, item, digest, len(extracted), None)
    return _outcome(None, item, digest, len(extracted), doc_id)


def _insert(session, r: Ready, meta: Meta) -> int | None:
    """Insert one document in the session's transaction; its id, or None when the same
    text is stored already."""
    new = NewDocument(
        text=r.text,
        content_hash=r.digest,
        title=r.item.title or meta.title or documents.guess_title(r.text),
        url=r.item.url or meta.url,
        origin=None if r.item.origin == "<stdin>" else r.item.origin,
        source=r.item.source or meta.source,
        **r.publication,
    )
    return store_document(session, new, r.extracted, r.prepared)


def _outcome(session, item: Item, digest: str, found: int, doc_id: int | None) -> Outcome:
    """``new`` with the id inserted, or ``unchanged`` with the id of the same text stored
    before (read in ``session``, which sees a batch's documents before their commit)."""
    if doc_id is None:
        return Outcome(item.origin, "unchanged", find_document_id(session, digest))
    return Outcome(item.origin, "new", doc_id, found)


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
