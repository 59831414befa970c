"""Wire copies: the same story republished, marked as a copy of its earliest printing.

A republished wire story repeats every quote in it; counted as separate sources it would
look like independent confirmation. Documents are compared by their 5-word shingles.
Candidates come from MinHash band keys stored in ``document_keys`` (16 bands of 2 of 32
MinHash values: a pair sharing half its shingles is a candidate with probability > 0.99,
an unrelated pair almost never), and each candidate is then checked exactly. A document is
a copy when the shorter of the two has ``SHARED`` of its shingles in the longer and is at
least ``LENGTH_RATIO`` of its length: a story cut from the bottom or given a new headline
is still a copy; an article that quotes a paragraph of another is not.

Articles that share boilerplate share band keys whatever else they say: a run common to
a third of an archive, small enough to be the least of its bins, puts that third in one
band. So a band key found in more than ``HOT`` documents is no lead on its own: such
documents are candidates only when they share ``MANY`` band keys (a copy shares about
7 of 16 at the threshold, and a story reprinted often enough to make its own keys hot
shares nearly all of them). Of the candidates left, a text is read only when its run
count and a finer signature (``SKETCH`` one-permutation MinHash values of 16 bits, in
``document_signatures``) allow a copy: the length ratio is checked exactly, and the
signatures must agree in enough slots that a pair at the copy threshold would fall short
of it with probability under ``MISS``. Most candidates thus cost a comparison of two
short byte strings, not reading and splitting an article.
"""

from __future__ import annotations

import math
import operator
import re
import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from quotetrack.statements.normalise import EMPTY_BLAKE2B_8, KEY_MASK, stable_hash
from quotetrack.store.follow_models import DocumentCopy, DocumentKey, DocumentSignature
from quotetrack.store.models import Document
from quotetrack.store.upsert import (
    connection_of,
    driver_execute,
    in_list,
    insert_ignore,
    insert_rows,
)

SHINGLE = 5
HASHES, BANDS = 32, 16
ROWS = HASHES // BANDS
SHARED = 0.8
LENGTH_RATIO = 0.5
MIN_SHINGLES = 20  # a brief of fewer than ~24 words is too short to call a copy
MISS = 1e-4  # the most a signature check may risk passing over a pair at the threshold
CHUNK = 500  # values per IN (...) list
_WORD = re.compile(r"\w+")
SKETCH = 128  # values in the stored signature that rules candidates out (a multiple of HASHES)
_EMPTY = 0xFFFF  # a sketch bin no run fell in; values are kept below it
_PACKED = struct.Struct(f">{SKETCH}H")
_LANE = 16  # bits per sketch value, as packed
_LOW = int.from_bytes(b"\x00\x01" * SKETCH, "big")  # the lowest bit of every value
_EMPTY_BYTES = _EMPTY.to_bytes(2, "big")
_ALL_EMPTY = int.from_bytes(_EMPTY_BYTES * SKETCH, "big")  # every value empty
_NONE = 1 << 64  # above every hash: a bin no hash fell in
_KEY_MASK_BYTES = KEY_MASK.to_bytes(8, "big")
_JOIN = "\x1f".join  # how stable_hash joins its parts
_ASCII = bytes(range(128))
#: Each ASCII capital made its small letter (as casefold() does), each other ASCII byte
#: that is no word character a space; every other byte kept.
_FOLDED_WORDS = bytes(
    b if b >= 128 or b == ord("_") or chr(b).isalnum() else ord(" ") for b in range(256)
).translate(bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz"))
HOT = 50  # a band key shared by more documents than this is boilerplate, not a lead
MANY = 3  # band keys shared, hot or not, that make a candidate all the same
COUNTED = 256  # documents counted of a band key's, enough to tell which lists are longest
# How many stored documents hold each band key (parameters), counting no further than
# {limit}. Sent to the driver as it is (store/upsert.py).
_SPREAD_UP_TO = (
    "SELECT v.column1, (SELECT count(*) FROM ("
    'SELECT 1 FROM "document_keys" AS d WHERE d."key" = v.column1 LIMIT {limit}'
    ") AS t) FROM (VALUES {values}) AS v"
)
# Whether the stored document of the candidate query's row holds a band key (parameter):
# a lookup by primary key. Its OFFSET keeps PostgreSQL from making it a hashed subplan,
# which would read the whole list of the key that the search leaves out.
_HOLDS = (
    'EXISTS (SELECT 1 FROM "document_keys" AS b '
    'WHERE b."key" = ? AND b."document_id" = k."document_id" LIMIT 1 OFFSET 0)'
)


def runs(text: str) -> set[tuple[str, ...]]:
    """The distinct 5-word runs of a text, casefolded: what two documents are compared by."""
    words = _WORD.findall(text.casefold())
    return set(zip(*(words[i:] for i in range(SHINGLE)), strict=False))


def shingles(text: str) -> set[int]:
    """The stable hashes of a text's 5-word runs (``stable_hash(*run)``), which its band
    keys are made of."""
    return hashed(runs(text))


def hashed(found: set[tuple[str, ...]]) -> set[int]:
    """``stable_hash(*run)`` of each run: the blake2b of the run's words joined by
    ``\x1f``, its first 8 bytes read big-endian, cut to 63 bits."""
    return _hashed(set(map(str.encode, map(_JOIN, found))))


def _encoded_runs(text: str) -> Iterator[bytes]:
    """The 5-word runs of the casefolded ``text``, repeats included, each joined by
    ``\x1f`` and encoded as UTF-8: what ``hashed(runs(text))`` hashes, with the words
    cut from the encoded text (:func:`_encoded_words`) rather than found one by one and
    encoded."""
    words = _encoded_words(text)
    return map(b"\x1f".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False))


def _encoded_words(text: str) -> list[bytes]:
    r"""``[w.encode() for w in _WORD.findall(text.casefold())]``, ~0.5 us a word faster.

    A character is a word character (``\w``) exactly when it is ``_`` or
    ``str.isalnum``. casefold() folds each character on its own (and folding twice
    changes nothing), an ASCII capital to its small letter. So the few distinct
    non-ASCII characters of the text are folded one by one, each replaced by its folding
    with spaces for what is no word character in it; then the encoded text's ASCII
    capitals are made small and its other ASCII non-word characters spaces by a byte
    table, and it is split at the spaces. No regex steps through the text, the whole
    text is not folded (which cost as much again), and no word is a ``str`` of its own.
    (A lone surrogate is no word character: replaced, it is never encoded.)"""
    if not text.isascii():
        others = text.encode("utf-8", "surrogatepass").translate(None, _ASCII)
        for char in set(others.decode("utf-8", "surrogatepass")):
            kept = "".join(c if c.isascii() or c.isalnum() else " " for c in char.casefold())
            if kept != char:
                text = text.replace(char, kept)
    return text.encode().translate(_FOLDED_WORDS).split()


def _hashed(joined: Iterable[bytes]) -> set[int]:
    # The innermost loop of analysing a document. Each hash starts from a copy of an
    # empty blake2b of 8 bytes, which costs less than a new one (whose keyword
    # arguments are parsed each time: 0.75 -> 0.45 us a run); the digests are read as
    # one big-endian array instead of one int.from_bytes each, their top bits cleared
    # (cut to 63 bits) all at once by one AND of the array read as a single integer,
    # not one AND per hash.
    copy = EMPTY_BLAKE2B_8.copy
    digests = []
    for run in joined:
        h = copy()
        h.update(run)
        digests.append(h.digest())
    n = len(digests)
    cut = int.from_bytes(b"".join(digests), "big") & int.from_bytes(_KEY_MASK_BYTES * n, "big")
    return set(struct.unpack(f">{n}Q", cut.to_bytes(8 * n, "big")))


def signature(hashed: set[int]) -> list[int]:
    """The MinHash signature of a set of shingle hashes: ``HASHES`` values, -1 for a bin
    no shingle fell in.

    One-permutation MinHash: each hash falls in one of ``HASHES`` bins by its low bits and
    each bin keeps its smallest value, one pass over the shingles instead of one per hash
    function. Two bins agree with probability about the Jaccard similarity; an empty bin
    only makes a needless candidate, which the exact check then drops.
    """
    return _values(_least(hashed, HASHES), HASHES)


def _least(hashed: set[int], bins: int) -> list[int]:
    """The smallest hash in each bin (a hash's remainder by ``bins``), ``_NONE`` for an
    empty bin. Within a bin, the order of ``hash // bins`` is the order of the hashes."""
    least = [_NONE] * bins
    for h in hashed:
        b = h % bins
        if h < least[b]:
            least[b] = h
    return least


def _fold(least: list[int], bins: int) -> list[int]:
    """:func:`_least` for ``bins`` bins from the smallest hashes of a multiple of them."""
    return [min(least[b::bins]) for b in range(bins)]


def _values(least: list[int], bins: int) -> list[int]:
    """Each bin's MinHash value (``hash // bins`` of its smallest hash), -1 when empty."""
    return [-1 if h == _NONE else h // bins for h in least]


def band_keys(hashed: set[int]) -> list[int]:
    """The MinHash band keys of a set of shingle hashes."""
    return _bands(signature(hashed))


def _bands(values: list[int]) -> list[int]:
    return [
        stable_hash("band", band, *values[band * ROWS : (band + 1) * ROWS]) for band in range(BANDS)
    ]


def sketch(hashed: set[int]) -> list[int]:
    """The stored signature: ``SKETCH`` bins, each the smallest value in it cut to 16 bits
    (two cut values that agree by chance only make a needless exact check)."""
    return _cut(_values(_least(hashed, SKETCH), SKETCH))


def _cut(values: list[int]) -> list[int]:
    return [_EMPTY if v < 0 else v % _EMPTY for v in values]


@dataclass(frozen=True, slots=True)
class CopySketch:
    """What copy detection needs of a new document's text: its count of distinct runs,
    its band keys and its packed sketch. A pure function of the text, so ``ingest
    --jobs`` computes it in the worker that analyses the text, not in the parent."""

    shingles: int
    keys: tuple[int, ...]
    packed: bytes


def copy_sketch(text: str) -> CopySketch | None:
    """The text's :class:`CopySketch`; None when it is too short to call a copy."""
    # The runs joined as hashed() joins them, each hashed as it comes: a set of the runs
    # themselves cost more (a siphash and an insert each) than hashing the few repeats
    # (about 2%). The distinct hashes count the distinct runs, as runs() finds them
    # (no word holds the separator), unless two of a text's runs agreed in all 63 bits
    # of blake2b, which the signatures (made of those hashes) already take never to
    # happen.
    found = _hashed(_encoded_runs(text))
    if len(found) < MIN_SHINGLES:
        return None
    least = _least(found, SKETCH)  # one pass serves both signatures
    return CopySketch(
        len(found),
        tuple(_bands(_values(_fold(least, HASHES), HASHES))),
        _PACKED.pack(*_cut(_values(least, SKETCH))),
    )


def copies_of(session: Session, original_id: int) -> list[int]:
    return list(
        session.scalars(
            select(DocumentCopy.document_id).where(DocumentCopy.copy_of_document_id == original_id)
        )
    )


def detect_copy(
    session: Session,
    document_id: int,
    text: str | None = None,
    published: date | None = None,
    found: CopySketch | None = None,
) -> int | None:
    """Index a newly stored document and mark it (or the document it was copied from) as
    a copy; returns the original's id when a copy was found.

    ``text`` and ``published``: the document's, when the caller has them (saves reading
    the text back); ``found``: its :func:`copy_sketch`, when computed already."""
    if text is None or published is None:
        text, published = session.execute(
            select(Document.text, Document.published).where(Document.id == document_id)
        ).one()
    if found is None:
        found = copy_sketch(text)
    if found is None:
        return None
    candidates = [
        (other_id, count, None if packed is None else bytes(packed))
        for other_id, count, packed in _candidates(session, found.keys, document_id)
    ]
    insert_rows(
        session,
        DocumentKey.__table__,
        ("key", "document_id"),
        [(k, document_id) for k in found.keys],
    )
    insert_rows(
        session,
        DocumentSignature.__table__,
        ("document_id", "shingles", "signature"),
        [(document_id, found.shingles, found.packed)],
    )
    conn = connection_of(session)
    check = _Checker(found)
    to_read = [
        other_id
        for other_id, count, packed in candidates
        if packed is None or check.may_copy(count, packed)
    ]
    if not to_read:
        return None
    unsigned = {other_id for other_id, _, packed in candidates if packed is None}
    # The exact check compares the runs themselves: the same sets as their stable hashes,
    # without hashing every candidate's text again.
    mine = runs(text)
    best: tuple[float, int] | None = None
    for i in range(0, len(to_read), CHUNK):
        for other_id, other_text in conn.execute(
            select(Document.id, Document.text)
            .where(Document.id.in_(to_read[i : i + CHUNK]))
            .order_by(Document.id)
        ):
            theirs = runs(other_text)
            if other_id in unsigned:  # stored before signatures were: sign it now
                _sign(session, other_id, theirs)
            shared = _shared(mine, theirs)
            if shared is not None and (best is None or shared > best[0]):
                best = (shared, other_id)
    if best is None:
        return None
    shared, other_id = best
    return _mark(
        session,
        (published, document_id),
        other_id,
        f"{shared:.0%} of the shorter text's 5-word runs shared",
    )


def _candidates(session: Session, keys: tuple[int, ...], document_id: int) -> list[tuple]:
    """The stored documents other than ``document_id`` that share a band key held by no
    more than ``HOT`` documents, or ``MANY`` band keys whatever their spread: (id, run
    count, sketch) each, the last two None when unsigned, in the order of their ids.

    Without reading the longest lists of the keys that boilerplate made hot, whose length
    grows with the archive: a document that shares ``MANY`` keys holds at least one of
    them outside any ``MANY - 1`` lists (pigeonhole), and no list of a cold key is left
    out. So the lists of all keys but the ``MANY - 1`` longest hot ones are read and
    grouped by document; a document found in them with a cold key or ``MANY`` keys is a
    candidate, and one found with fewer is looked up by primary key in the lists left
    out, one lookup after another until one decides.

    On PostgreSQL the two statements may see different commits of other processes: the
    candidates are those the one query would have found at the first, and perhaps a
    document committed in between (judged by counts taken without it), which the exact
    check then takes or leaves like any other."""
    spread = sorted(_spread(session, keys).items(), key=operator.itemgetter(1), reverse=True)
    skipped = [key for key, n in spread[: MANY - 1] if n > HOT]
    read = spread[len(skipped) :]
    if not read:  # no key found, or too few for MANY of them and all hot
        return []
    cold = [key for key, n in read if n <= HOT]
    # The shortest list left out looked up first: most documents found in one list read
    # lack its key, which decides when they need all the lists left out.
    skipped.reverse()
    return driver_execute(
        session,
        _candidate_sql(len(read), len(cold), len(skipped), MANY),
        (*(key for key, _ in read), document_id, *cold, *skipped * len(skipped)),
    ).fetchall()


def _spread(session: Session, keys: tuple[int, ...]) -> dict[int, int]:
    """How many stored documents hold each of ``keys`` held by any, as far as the search
    needs to know: exactly up to ``COUNTED`` (and past ``HOT``), and past it only while
    ``MANY`` keys or more reach the count, to tell the ``MANY - 1`` longest lists (each
    time counting those keys four times as far). Which lists are skipped changes no
    candidate, only the work; counting every list to its end would read the hottest
    lists, which the search skips."""
    limit = max(COUNTED, HOT + 1)
    spread = {key: n for key, n in _counted(session, keys, limit) if n}
    long = [key for key, n in spread.items() if n == limit]
    while len(long) >= MANY:
        limit *= 4
        spread.update(_counted(session, long, limit))
        long = [key for key in long if spread[key] == limit]
    return spread


def _counted(session: Session, keys: Sequence[int], limit: int) -> list[tuple[int, int]]:
    """(key, the documents that hold it, counted no further than ``limit``) of each key."""
    sql = _SPREAD_UP_TO.format(limit=limit, values=", ".join(["(?)"] * len(keys)))
    return driver_execute(session, sql, tuple(keys)).fetchall()


@lru_cache(maxsize=512)
def _candidate_sql(read: int, cold: int, skipped: int, many: int) -> str:
    """The query of :func:`_candidates` for that many keys whose lists are read, cold
    keys among them and keys skipped, and ``many`` (``MANY``). Parameters: the read keys,
    the new document's id, the cold keys, then the skipped keys once for each count of
    them a document may lack."""
    having = [f"count(*) >= {many}"]
    if cold:
        having.append(f'max(CASE WHEN k."key" IN ({in_list(cold)}) THEN 1 ELSE 0 END) = 1')
    for lacking in range(1, skipped + 1):
        having.append(f"(count(*) = {many - lacking} AND {_held(lacking, skipped)})")
    return (
        'SELECT c."document_id", s."shingles", s."signature" FROM ('
        'SELECT k."document_id" AS "document_id" FROM "document_keys" AS k '
        f'WHERE k."key" IN ({in_list(read)}) AND k."document_id" != ? '
        f'GROUP BY k."document_id" HAVING {" OR ".join(having)}'
        ') AS c LEFT OUTER JOIN "document_signatures" AS s ON s."document_id" = c."document_id" '
        'ORDER BY c."document_id"'
    )


def _held(least: int, keys: int) -> str:
    """SQL: the document holds at least ``least`` of ``keys`` band keys (parameters)."""
    if least == 1:
        return "(" + " OR ".join([_HOLDS] * keys) + ")"
    if least == keys:
        return " AND ".join([_HOLDS] * keys)
    return "(" + " + ".join([f"CASE WHEN {_HOLDS} THEN 1 ELSE 0 END"] * keys) + f") >= {least}"


class _Checker:
    """:func:`_may_copy` for one new document against many packed candidate sketches,
    comparing the 128 values of two sketches at once as the lanes of two big integers."""

    __slots__ = ("count", "mine", "empty", "empty_count")

    def __init__(self, found: CopySketch) -> None:
        self.count = found.shingles
        self.mine = int.from_bytes(found.packed, "big")
        # the lowest bit of each of this sketch's empty values: the lanes that equal
        # _EMPTY are those left all zero by an XOR with it (folded as in may_copy), found
        # in a few operations on the whole integer, not a slice per value
        x = self.mine ^ _ALL_EMPTY
        x |= x >> 8
        x |= x >> 4
        x |= x >> 2
        x |= x >> 1
        self.empty = _LOW & ~x
        self.empty_count = self.empty.bit_count()

    def may_copy(self, other_count: int, packed: bytes) -> bool:
        small, large = (
            (self.count, other_count) if self.count <= other_count else (other_count, self.count)
        )
        if not small or small / large < LENGTH_RATIO:
            return False
        x = self.mine ^ int.from_bytes(packed, "big")
        x |= x >> 8
        x |= x >> 4
        x |= x >> 2
        x |= x >> 1
        differ = x & _LOW  # the lowest bit of every value that differs
        both_empty = self.empty_count - (self.empty & differ).bit_count()
        agree = SKETCH - differ.bit_count() - both_empty
        least = SHARED * small / (small + large - SHARED * small)
        return agree >= _agreements(SKETCH - both_empty, math.floor(least * 100) / 100)


def _sign(session: Session, document_id: int, found: set[tuple[str, ...]]) -> None:
    insert_ignore(
        session,
        DocumentSignature.__table__,
        {
            "document_id": document_id,
            "shingles": len(found),
            "signature": _PACKED.pack(*sketch(hashed(found))),
        },
        ["document_id"],
    )


def _may_copy(
    count: int, values: list[int], empty: list[int], other_count: int, other: tuple[int, ...]
) -> bool:
    """Whether two documents, known by their run counts and sketches, can be copies.

    The length ratio is exact. The share of runs is not: the bins non-empty in either
    sketch are trials, each agreeing with probability about the Jaccard similarity, and
    a copy has at least ``least`` (what a pair right at both thresholds has). The check
    asks for as many agreements as such a pair reaches with probability ``1 - MISS``.
    """
    small, large = sorted((count, other_count))
    if not small or small / large < LENGTH_RATIO:
        return False
    both_empty = sum(1 for i in empty if other[i] == _EMPTY)
    agree = sum(map(operator.eq, values, other)) - both_empty
    least = SHARED * small / (small + large - SHARED * small)
    return agree >= _agreements(SKETCH - both_empty, math.floor(least * 100) / 100)


@lru_cache(maxsize=4096)
def _agreements(trials: int, j: float) -> int:
    """The most agreements ``t`` such that Binomial(trials, j) < t has probability ≤ MISS."""
    below, t = 0.0, 0
    while t <= trials:
        p = math.comb(trials, t) * j**t * (1 - j) ** (trials - t)
        if below + p > MISS:
            break
        below += p
        t += 1
    return t


def _shared(a: set, b: set) -> float | None:
    small, large = sorted((len(a), len(b)))
    if not small or small / large < LENGTH_RATIO:
        return None
    share = len(a & b) / small
    return share if share >= SHARED else None


def _mark(session: Session, doc: tuple[date, int], other_id: int, reason: str) -> int:
    """Make the earliest of the two groups' documents the original of them all.

    ``doc``: the new document's (publication date, id)."""
    root_id = session.scalar(
        select(DocumentCopy.copy_of_document_id).where(DocumentCopy.document_id == other_id)
    )
    root = session.execute(
        select(Document.published, Document.id).where(Document.id == (root_id or other_id))
    ).one()
    root = (root[0], root[1])
    copy, original = root[1], doc[1]
    if doc < root:
        # Stored later but printed earlier: the new document is the original of them all.
        session.execute(
            update(DocumentCopy)
            .where(DocumentCopy.copy_of_document_id == root[1])
            .values(copy_of_document_id=doc[1])
        )
        session.execute(delete(DocumentCopy).where(DocumentCopy.document_id == root[1]))
    else:
        copy, original = doc[1], root[1]
    insert_ignore(
        session,
        DocumentCopy.__table__,
        {"document_id": copy, "copy_of_document_id": original, "reason": reason},
        ["document_id"],
    )
    return original
