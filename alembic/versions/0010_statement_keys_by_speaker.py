"""Statement keys grouped by speaker: the speaker's id in the top bits of each key.

A statement key was ``stable_hash(speaker, shingle)``: 63 random bits, so the ~200 keys
a news article adds landed on ~160 random leaf pages of the ``statement_keys`` primary
key, and every one of those pages was written by the document's commit (one
transaction per document): over half the pages a commit wrote. A key is now
``(speaker_id mod 2^23) << 40 | (the same hash mod 2^40)``: one speaker's keys are
neighbours, a new speaker's go to the end of the index, and a commit writes about half
the pages (PolNeAR train: 254 -> 127 WAL frames per document).

The upgrade rewrites the stored keys in SQL from the old ones, on both backends: the low
40 bits are the old key's, the high bits the statement's speaker (the speaker its keys
were hashed with: linking only joins a quote to a statement of the same speaker). Keys of
a statement whose speaker was merged away (``speaker_id`` NULL) are dropped: they were
hashed with an id no speaker has, so no quote could reach them. Two keys of one
statement that agree in their low 40 bits become one row.

The downgrade recomputes the old keys from the texts of each statement's appearances
(as linking made them, with the statement's speaker), since the new keys have lost 23
of the old bits. Keys left behind by appearances later removed (a rejection) are not
recomputed: they only ever led to candidates that are then compared word by word.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import sqlalchemy as sa

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SPEAKER_MASK = (1 << 23) - 1
HASH_BITS = 40
HASH_MASK = (1 << HASH_BITS) - 1
BATCH = 10_000


def upgrade() -> None:
    conn = op.get_bind()
    # BIGINT before the shift: PostgreSQL shifts an integer within 32 bits.
    conn.execute(
        sa.text(
            "CREATE TEMPORARY TABLE rekeyed AS SELECT DISTINCT "
            f"((CAST(s.speaker_id AS BIGINT) & {SPEAKER_MASK}) << {HASH_BITS}) "
            f'| (k."key" & {HASH_MASK}) AS "key", k.statement_id AS statement_id '
            "FROM statement_keys k JOIN statements s ON s.id = k.statement_id "
            "WHERE s.speaker_id IS NOT NULL"
        )
    )
    conn.execute(sa.text("DELETE FROM statement_keys"))
    # In key order: the index is written page after page.
    conn.execute(
        sa.text(
            'INSERT INTO statement_keys ("key", statement_id) '
            'SELECT "key", statement_id FROM rekeyed ORDER BY "key", statement_id'
        )
    )
    conn.execute(sa.text("DROP TABLE rekeyed"))


def downgrade() -> None:
    """The keys as linking made them before this revision: ``stable_hash(speaker,
    shingle)`` of each appearance's wording, for statements with a speaker."""
    conn = op.get_bind()
    conn.execute(sa.text("DELETE FROM statement_keys"))
    table = sa.table(
        "statement_keys", sa.column("key", sa.BigInteger), sa.column("statement_id", sa.Integer)
    )
    appearances = conn.execute(
        sa.text(
            "SELECT s.id, s.speaker_id, t.text, t.kind FROM statements s "
            "JOIN statement_appearances a ON a.statement_id = s.id "
            "JOIN attributions t ON t.id = a.attribution_id "
            "WHERE s.speaker_id IS NOT NULL ORDER BY s.id, t.id"
        ).execution_options(stream_results=True, max_row_buffer=BATCH)
    )
    current, seen, rows = None, set(), []
    for statement_id, speaker_id, said, kind in appearances:
        if statement_id != current:
            current, seen = statement_id, set()
        for key in _old_keys(speaker_id, _words(said, kind)) - seen:
            seen.add(key)
            rows.append({"key": key, "statement_id": statement_id})
        if len(rows) >= BATCH:
            conn.execute(table.insert(), rows)
            rows = []
    if rows:
        conn.execute(table.insert(), rows)


# The wording and keys of linking before this revision, repeated here so that it does
# not change when the package does (quotetrack.statements.normalise and .similarity as
# they were at revision 0009).
SHINGLE = 3
MIN_WORDS = 3
KEY_MASK = (1 << 63) - 1
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*\.\.\.\s*\]|\(\s*\.\.\.\s*\)")
_APOSTROPHE = re.compile(r"(?<=\w)['’‘`](?=\w)")
_WORD = re.compile(r"\w+")
_QUOTE_MARK = re.compile(r'["“”„«»]')


def _words(text: str, kind: str) -> list[tuple[str, ...]]:
    """The segments of a stored quote's wording (``wording(spoken(text, kind))``)."""
    if kind != "direct" and _QUOTE_MARK.search(text):
        quoted = _QUOTE_MARK.split(text)[1::2]
        text = " … ".join(q for q in quoted if q.strip()) or text
    folded = _APOSTROPHE.sub("", unicodedata.normalize("NFKC", text).casefold())
    segments = []
    for part in _ELLIPSIS.split(folded):
        words = tuple(_WORD.findall(part.replace("_", " ")))
        if words:
            segments.append(words)
    return segments


def _old_keys(speaker_id: int, segments: list[tuple[str, ...]]) -> set[int]:
    """``stable_hash(speaker_id, " ".join(shingle))`` of each shingle; none for a wording
    shorter than linking's ``MIN_WORDS``."""
    if sum(len(s) for s in segments) < MIN_WORDS:
        return set()
    keys = set()
    for segment in segments:
        if len(segment) <= SHINGLE:
            runs = [segment]
        else:
            runs = [segment[i : i + SHINGLE] for i in range(len(segment) - SHINGLE + 1)]
        for run in runs:
            data = f"{speaker_id}\x1f{' '.join(run)}".encode()
            digest = hashlib.blake2b(data, digest_size=8).digest()
            keys.add(int.from_bytes(digest, "big") & KEY_MASK)
    return keys
