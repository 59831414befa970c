"""Each statement's distinct wordings, kept as appearances are added and removed.

Linking a new quote compares it with the distinct wordings of its candidate statements
(the first ``TEXTS_PER_STATEMENT`` to appear). They were found by grouping every
appearance of every candidate: a statement quoted in thousands of articles made each
new quote read thousands of rows, so storing slowed as the archive grew (125 ms per
synthetic article at 10,000 articles, half of it in that query). ``statement_wordings``
holds one row per statement and distinct text: a 63-bit hash of the text and the first
attribution (lowest id) that has it, whose text and kind are read by primary key.

The upgrade fills it from the appearances already stored (their texts are hashed here,
so the fill reads each linked attribution once); the downgrade drops it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

BATCH = 10_000
KEY_MASK = (1 << 63) - 1


def upgrade() -> None:
    table = op.create_table(
        "statement_wordings",
        sa.Column(
            "statement_id",
            sa.Integer(),
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text_hash", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "attribution_id",
            sa.Integer(),
            sa.ForeignKey("attributions.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_statement_wordings_attribution_id", "statement_wordings", ["attribution_id"]
    )
    _fill(op.get_bind(), table)


def _fill(conn, table) -> None:
    """One row per (statement, distinct text): the appearances in attribution order, the
    first of each text kept. Written in batches so a large archive is never held whole."""
    appearances = conn.execute(
        sa.text(
            "SELECT a.statement_id, a.attribution_id, t.text FROM statement_appearances a "
            "JOIN attributions t ON t.id = a.attribution_id "
            "ORDER BY a.statement_id, a.attribution_id"
        ).execution_options(stream_results=True, max_row_buffer=BATCH)
    )
    seen: set[int] = set()  # text hashes of the current statement
    current, rows = None, []
    for statement_id, attribution_id, text in appearances:
        if statement_id != current:
            current, seen = statement_id, set()
        h = text_hash(text)
        if h in seen:
            continue
        seen.add(h)
        rows.append(
            {"statement_id": statement_id, "text_hash": h, "attribution_id": attribution_id}
        )
        if len(rows) >= BATCH:
            conn.execute(table.insert(), rows)
            rows = []
    if rows:
        conn.execute(table.insert(), rows)


def text_hash(text: str) -> int:
    """``quotetrack.statements.normalise.stable_hash(text)``, repeated here so that this
    revision does not change when the package does."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") & KEY_MASK


def downgrade() -> None:
    op.drop_index("ix_statement_wordings_attribution_id", table_name="statement_wordings")
    op.drop_table("statement_wordings")
