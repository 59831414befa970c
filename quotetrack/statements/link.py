"""Linking attributions to statements as they are stored.

Each attribution with a known speaker is compared only with the statements of that
speaker that share a word shingle with it, found through ``statement_keys`` (a hash of
speaker and shingle): a handful of index probes per attribution, whatever the size of
the store. Candidates are then checked word by word (:mod:`similarity`); the best match
above the thresholds joins, else the attribution starts a statement of its own. The
reason for every join is stored with the appearance.

An unknown speaker never joins anything: the same words from two unknown people are
not one statement. Such attributions get no statement at all.

Known limit: keys hash the speaker id at linking time, so after ``speakers merge`` the
two speakers' earlier statements stay apart (later quotes join the kept speaker's).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain, groupby, repeat
from operator import itemgetter

from sqlalchemy import Connection, bindparam, delete, func, select
from sqlalchemy.orm import Session

from quotetrack.statements.normalise import (
    HASH_BITS,
    HASH_MASK,
    SPEAKER_MASK,
    Wording,
    index_keys,
    spoken,
    stable_hash,
    wording,
)
from quotetrack.statements.similarity import MIN_WORDS, Match, compare
from quotetrack.statements.stats import add_document, refresh
from quotetrack.store.follow_models import (
    Statement,
    StatementAppearance,
    StatementKey,
    StatementWording,
)
from quotetrack.store.models import Attribution
from quotetrack.store.upsert import (
    connection_of,
    driver_execute,
    driver_executemany,
    in_list,
    insert_many,
    insert_rows,
)

CANDIDATES = 8  # statements checked word by word per attribution, most shared keys first
TEXTS_PER_STATEMENT = 20  # distinct wordings of a candidate compared with the new one
CHUNK = 500  # values per IN (...) list
_first, _second = itemgetter(0), itemgetter(1)


@dataclass
class _Known:
    """What this linking run knows of a statement: its wordings and its index keys."""

    wordings: list[tuple[int, Wording]] = field(default_factory=list)  # (attribution, words)
    keys: set[int] = field(default_factory=set)
    # every stored wording of the statement: text hash -> its first attribution
    stored: dict[int, int] = field(default_factory=dict)


_UNLINKED = (
    select(Attribution.id, Attribution.speaker_id, Attribution.text, Attribution.kind)
    .outerjoin(StatementAppearance, StatementAppearance.attribution_id == Attribution.id)
    .where(
        Attribution.id.in_(bindparam("ids", expanding=True)),
        Attribution.speaker_id.is_not(None),
        StatementAppearance.attribution_id.is_(None),
    )
    .order_by(Attribution.id)
)
# The lookups of linking are sent to the driver as they are (store/upsert.py): integers
# and text, nothing to convert, and ~1,100 rows per article in a large archive.
_BY_KEY = 'SELECT "key", "statement_id" FROM "statement_keys" WHERE "key" IN ({})'

# Whether any key is stored under a speaker's bits (one scalar subquery a speaker, in
# one row): one index seek a speaker instead of one a key. Over a new archive most
# speakers of a document are new to it (PolNeAR train: two thirds of the keys looked up
# were a speaker's without any key), and their keys need no lookup.
_BY_SPEAKER = '(SELECT "key" FROM "statement_keys" WHERE "key" BETWEEN ? AND ? LIMIT 1)'
SPEAKERS = 256  # speakers per probe (columns of its row)

# Each distinct wording once, with its first appearance (migration 0008): a statement
# quoted in a thousand articles sends its few wordings, without reading its appearances.
_WORDINGS = (
    'SELECT w."statement_id", w."text_hash", w."attribution_id", a."text", a."kind" '
    'FROM "statement_wordings" AS w JOIN "attributions" AS a ON a."id" = w."attribution_id" '
    'WHERE w."statement_id" IN ({})'
)
# A wording new to a statement, or met at a lower attribution id than the stored first
# one (an older attribution linked again after a review).
_ADD_WORDING = (
    'INSERT INTO "statement_wordings" ("statement_id", "text_hash", "attribution_id") '
    'VALUES (?, ?, ?) ON CONFLICT ("statement_id", "text_hash") DO UPDATE SET '
    '"attribution_id" = excluded."attribution_id" '
    'WHERE excluded."attribution_id" < "statement_wordings"."attribution_id"'
)


def link_attributions(session: Session, attribution_ids: list[int]) -> int:
    """Join each attribution to a statement (or start one); returns how many joined an
    existing statement. Attributions already linked, or without a speaker, are skipped.

    A handful of queries per call whatever the number of attributions: their index keys
    in one lookup, the wordings of the likeliest candidates in another, the new rows in
    bulk. Statements started here get provisional (negative) ids until inserted, so two
    attributions of one document can join each other.
    """
    rows = session.execute(_UNLINKED, {"ids": list(attribution_ids)}).all()
    if not rows:
        return 0
    joined, appearances, _ = _link(
        session,
        [
            (attribution_id, speaker_id, wording(spoken(text, kind)), text)
            for attribution_id, speaker_id, text, kind in rows
        ],
    )
    refresh(session, {statement_id for _, statement_id, *_ in appearances})
    return joined


@dataclass(frozen=True, slots=True)
class NewDocument:
    """The document whose attributions :func:`link_new` links: stored in this
    transaction, so none of its attributions is linked yet and it is nobody's copy yet."""

    id: int
    published: date
    source_id: int | None


def link_new(
    session: Session, doc: NewDocument, items: list[tuple[int, int, int, Wording, str]]
) -> int:
    """:func:`link_attributions` for the attributions of a document stored in this
    transaction, given as (attribution id, speaker id, start, wording, text) in id order.

    The same links, without reading the attributions back; statements started here are
    inserted with their spread already final (one appearance, in this document), and the
    spread of the statements joined is updated for one more document
    (:func:`stats.add_document`), not recomputed from all their appearances."""
    if not items:
        return 0
    starts = {attribution_id: start for attribution_id, _, start, _, _ in items}
    joined, appearances, created = _link(
        session, [(a, s, w, t) for a, s, _, w, t in items], new_document=doc, starts=starts
    )
    firsts: dict[int, tuple[int, int]] = {}  # statement joined -> (start, attribution)
    for attribution_id, statement_id, *_ in appearances:
        if statement_id in created:
            continue
        here = (starts[attribution_id], attribution_id)
        firsts[statement_id] = min(firsts.get(statement_id, here), here)
    add_document(session, doc.id, doc.published, doc.source_id, firsts)
    return joined


def _link(
    session: Session | Connection,
    rows: list[tuple[int, int, Wording, str]],
    new_document: NewDocument | None = None,
    starts: dict[int, int] | None = None,
) -> tuple[int, list[tuple[int, int, str, float]], set[int]]:
    """Link (attribution id, speaker id, wording, text) rows: how many joined an existing
    statement, the appearance rows inserted (attribution id, statement id, reason,
    score), and the ids of the statements started. With ``new_document`` (and the
    attributions' ``starts``), the statements started are inserted with their final
    spread."""
    conn = connection_of(session)  # fetched once, for the dozen statements below
    prepared = []
    texts = {attribution_id: text for attribution_id, _, _, text in rows}
    for attribution_id, speaker_id, w, _ in rows:
        keys = index_keys(speaker_id, w) if len(w.words) >= MIN_WORDS else set()
        prepared.append((attribution_id, speaker_id, w, keys))
    # Only the keys of speakers with some key stored can lead anywhere (see _BY_SPEAKER)
    live = _speakers_with_keys(conn, {s & SPEAKER_MASK for _, s, _, keys in prepared if keys})
    by_key = _statements_by_key(
        conn, {k for _, s, _, keys in prepared if s & SPEAKER_MASK in live for k in keys}
    )
    known: dict[int, _Known] = defaultdict(_Known)
    # Each attribution's candidates among the stored statements. They change below only
    # for an attribution sharing a key with one linked before it in this call.
    stored_candidates = [_candidates(keys, by_key) for *_, keys in prepared]
    _load_wordings(conn, {s for found in stored_candidates for s in found}, known)
    added: set[int] = set()  # keys given to a statement in this call
    joined = 0
    new_statements: list[int] = []  # speaker ids, in provisional id order -1, -2, ...
    new_firsts: list[int] = []  # the first appearance of each, in the new document
    new_keys: list[tuple[int, set[int]]] = []  # (statement id, the keys new to it)
    appearances: list[tuple[int, int, str, float]] = []  # statement ids provisional
    for (attribution_id, speaker_id, w, keys), candidates in zip(
        prepared, stored_candidates, strict=True
    ):
        if added and not added.isdisjoint(keys):
            candidates = _candidates(keys, by_key)
        if unread := {s for s in candidates if s > 0 and s not in known}:
            _load_wordings(conn, unread, known)
        best = _best(w, candidates, known)
        if best is None:
            new_statements.append(speaker_id)
            new_firsts.append(attribution_id)
            statement_id, match = -len(new_statements), Match(1.0, "first one stored")
        else:
            statement_id, match = best
            joined += 1
            if statement_id < 0 and starts is not None:
                first = new_firsts[-statement_id - 1]
                if (starts[attribution_id], attribution_id) < (starts[first], first):
                    new_firsts[-statement_id - 1] = attribution_id
        appearances.append((attribution_id, statement_id, match.reason, match.score))
        entry = known[statement_id]
        entry.wordings.append((attribution_id, w))
        fresh = keys - entry.keys if entry.keys else keys
        if fresh:
            entry.keys |= fresh
            added |= fresh
            # Most keys are new to the document and the store: they all lead to this one
            # statement, one frozenset shared by them all, set in C; a key that led
            # somewhere already gets a new set with this statement added.
            leading = fresh & by_key.keys()
            by_key.update(
                dict.fromkeys(fresh - leading if leading else fresh, frozenset((statement_id,)))
            )
            for key in leading:
                by_key[key] = by_key[key] | {statement_id}
            new_keys.append((statement_id, fresh))
    real = _insert_statements(
        conn, new_statements, new_firsts if new_document is not None else None, new_document
    )
    if real:
        appearances = [(a, real.get(s, s), reason, score) for a, s, reason, score in appearances]
    insert_rows(
        conn,
        StatementAppearance.__table__,
        ("attribution_id", "statement_id", "reason", "score"),
        appearances,
    )
    _insert_keys(
        conn,
        list(chain.from_iterable(zip(keys, repeat(real.get(s, s))) for s, keys in new_keys)),
    )
    _add_wordings(conn, appearances, texts, known)
    return joined, appearances, set(real.values())


def _add_wordings(
    session: Session | Connection,
    appearances: list[tuple[int, int, str, float]],
    texts: dict[int, str],
    known: dict[int, _Known],
) -> None:
    """Record the wordings new to their statements (most appearances repeat a wording
    already stored, and write nothing). In (statement, hash) order, so that concurrent
    writers adding to the same statements take their row locks in one order."""
    firsts: dict[tuple[int, int], int] = {}
    for attribution_id, statement_id, *_ in appearances:
        h = stable_hash(texts[attribution_id])
        stored = known[statement_id].stored.get(h) if statement_id in known else None
        if stored is not None and stored <= attribution_id:
            continue
        firsts[(statement_id, h)] = min(
            firsts.get((statement_id, h), attribution_id), attribution_id
        )
    if not firsts:
        return
    driver_executemany(session, _ADD_WORDING, [(s, h, a) for (s, h), a in sorted(firsts.items())])


def _insert_statements(
    session: Session | Connection,
    speaker_ids: list[int],
    firsts: list[int] | None = None,
    doc: NewDocument | None = None,
) -> dict[int, int]:
    """Insert the statements started in this call; provisional id → real id. With
    ``firsts`` (the first appearance of each in the new document ``doc``), their spread
    is stored final: one appearance, one source, an original."""
    if not speaker_ids:
        return {}
    now = datetime.now(UTC)
    if firsts is not None and doc is not None:
        rows = [
            (s, now, 1, 1, 1, doc.published, first)
            for s, first in zip(speaker_ids, firsts, strict=True)
        ]
    else:
        rows = [(s, now, 0, 0, 0, None, None) for s in speaker_ids]
    ids = insert_many(session, Statement.__table__, rows, _STATEMENT_COLUMNS)
    return {-(i + 1): statement_id for i, statement_id in enumerate(ids)}


_STATEMENT_COLUMNS = (
    "speaker_id",
    "created_at",
    "appearances",
    "sources",
    "independent_sources",
    "first_seen",
    "first_attribution_id",
)


def unlink(session: Session, attribution_id: int) -> None:
    """Take an attribution out of its statement (a rejection, a speaker correction); a
    statement left with no appearance is removed."""
    statement_id = session.scalar(
        select(StatementAppearance.statement_id).where(
            StatementAppearance.attribution_id == attribution_id
        )
    )
    if statement_id is None:
        return
    session.execute(
        delete(StatementAppearance).where(StatementAppearance.attribution_id == attribution_id)
    )
    left = session.scalar(
        select(func.count()).where(StatementAppearance.statement_id == statement_id)
    )
    if not left:
        session.execute(delete(Statement).where(Statement.id == statement_id))
    else:
        _replace_wording(session, statement_id, attribution_id)
        refresh(session, [statement_id])


def _replace_wording(session: Session, statement_id: int, attribution_id: int) -> None:
    """After an appearance leaves a statement: when it was the first of its wording, the
    next appearance with the same text becomes the first, or the wording goes."""
    gone = session.execute(
        delete(StatementWording)
        .where(
            StatementWording.statement_id == statement_id,
            StatementWording.attribution_id == attribution_id,
        )
        .returning(StatementWording.text_hash)
    ).first()
    if gone is None:
        return
    said = select(Attribution.text).where(Attribution.id == attribution_id).scalar_subquery()
    nxt = session.scalar(
        select(func.min(StatementAppearance.attribution_id))
        .join(Attribution, Attribution.id == StatementAppearance.attribution_id)
        .where(StatementAppearance.statement_id == statement_id, Attribution.text == said)
    )
    if nxt is not None:
        session.execute(
            StatementWording.__table__.insert().values(
                statement_id=statement_id, text_hash=gone[0], attribution_id=nxt
            )
        )


def _candidates(keys: set[int], by_key: Mapping[int, AbstractSet[int]]) -> list[int]:
    """The statements sharing most index keys with an attribution, best first (on a
    tie, the lowest id). Asked twice per attribution while a document is linked, and
    most keys lead nowhere: only the statements of the keys found are counted."""
    found = list(filter(None, map(by_key.get, keys)))  # in C: most keys lead nowhere
    if not found:
        return []
    if len(found) == 1:
        return sorted(found[0])[:CANDIDATES]
    shared = Counter(chain.from_iterable(found))
    # By id, then stably by count, most first: the order of (-count, id) without a
    # Python key function per statement (a popular speaker's keys lead to hundreds)
    return sorted(sorted(shared), key=shared.__getitem__, reverse=True)[:CANDIDATES]


def _best(w: Wording, candidates: list[int], known: dict[int, _Known]) -> tuple[int, Match] | None:
    best: tuple[int, Match] | None = None
    for statement_id in candidates:
        for other_id, other in known[statement_id].wordings:
            match = compare(w, other)
            if match and (best is None or match.score > best[1].score):
                best = (statement_id, Match(match.score, f"{match.reason} (#{other_id})"))
                if match.reason.startswith("exact"):
                    return best
    return best


def _statements_by_key(session: Session | Connection, keys: set[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    ordered = sorted(keys)
    for i in range(0, len(ordered), CHUNK):
        chunk = _padded(ordered[i : i + CHUNK])
        rows = driver_execute(session, _BY_KEY.format(in_list(len(chunk))), chunk).fetchall()
        # A popular speaker's common shingles lead to hundreds of statements each: ~1,000
        # rows per article in a 9,000-article archive. One set per run of a key's rows
        # (they come in index order; a key met in two runs is merged), built in C.
        for key, run in groupby(rows, _first):
            if key in found:
                found[key].update(map(_second, run))
            else:
                found[key] = set(map(_second, run))
    return found


def _speakers_with_keys(session: Session | Connection, speaker_bits: set[int]) -> set[int]:
    """Which of these speaker bits (a speaker id mod 2^23: a key's top bits) some stored
    key has. A key under any other leads to no statement, so it needs no lookup."""
    ordered = sorted(speaker_bits)
    live: set[int] = set()
    for i in range(0, len(ordered), SPEAKERS):
        chunk = _padded(ordered[i : i + SPEAKERS])
        bounds = [v for bits in chunk for v in (bits << HASH_BITS, bits << HASH_BITS | HASH_MASK)]
        row = driver_execute(session, _probe_sql(len(chunk)), bounds).fetchone()
        live.update(bits for bits, key in zip(chunk, row, strict=True) if key is not None)
    return live


def _padded(values: list[int]) -> list[int]:
    """``values`` (at most ``CHUNK``, not empty) with the last one repeated up to the
    next power of two, at most ``CHUNK``: the lists of a query come in a few lengths,
    and the driver's statement cache (128 statements on SQLite) keeps each length's
    statement prepared instead of parsing one for nearly every document. A value
    repeated in an IN list, or probed twice, finds nothing more."""
    size = min(1 << (len(values) - 1).bit_length(), CHUNK)
    return values + [values[-1]] * (size - len(values))


@lru_cache(maxsize=64)
def _probe_sql(count: int) -> str:
    return "SELECT " + ", ".join([_BY_SPEAKER] * count)


def _load_wordings(
    session: Session | Connection, statement_ids: set[int], known: dict[int, _Known]
) -> None:
    """The distinct wordings of candidate statements (at most TEXTS_PER_STATEMENT each):
    the first texts to appear, each with the kind and attribution it first appeared as.
    Every stored wording's hash is kept too, so that linking writes only new ones."""
    ordered = sorted(statement_ids)
    for i in range(0, len(ordered), CHUNK):
        chunk = _padded(ordered[i : i + CHUNK])
        found = driver_execute(session, _WORDINGS.format(in_list(len(chunk))), chunk).fetchall()
        found.sort(key=lambda row: (row[0], row[2]))
        for statement_id, text_hash, attribution_id, said, kind in found:
            entry = known[statement_id]
            entry.stored[text_hash] = attribution_id
            if len(entry.wordings) < TEXTS_PER_STATEMENT:
                entry.wordings.append((attribution_id, _wording(said, kind)))


@lru_cache(maxsize=8192)
def _wording(text: str, kind: str) -> Wording:
    """A stored appearance's wording: the same texts are read as candidates again and
    again (a statement quoted in many articles), and normalising them is pure."""
    return wording(spoken(text, kind))


def _insert_keys(session: Session | Connection, rows: list[tuple[int, int]]) -> None:
    """Add index keys, (key, statement id); a key another writer added a moment ago is
    no error."""
    insert_rows(session, StatementKey.__table__, ("key", "statement_id"), rows, ignore=True)
