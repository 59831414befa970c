"""SQLite: a document's attributions enter the full-text index in one statement.

The FTS5 index of attributions (migration 0003) was filled by a trigger, one row at a
time. In SQLite 3.40 a full-text table flushes what it holds in memory at every
statement-level savepoint, and an insert that fires a trigger opens one per row: each
attribution of a document was written to the index as a segment of its own, which the
index then merged again. Storing a document now inserts its attributions, then indexes
them with one ``INSERT INTO attributions_fts ... SELECT``
(:func:`quotetrack.store.search_index.index_attributions`): the same terms and ranks,
a fifteenth of the writes (PolNeAR train: 69.6 -> 4.7 writes to ``attributions_fts_data``
per document; store only, 11.7% fewer instructions).

So the insert trigger goes; the delete and update triggers stay (rare, and they must
see every row). Whatever inserts attributions on SQLite indexes them the same way (the
ingest path and ``benchmarks/synth.py``); ``INSERT INTO attributions_fts(attributions_fts,
rank) VALUES ('integrity-check', 1)`` checks an index against its table. The downgrade
puts the trigger back (the index is already complete). PostgreSQL keeps its generated
``tsvector`` column: nothing to do there.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

INSERT_TRIGGER = (
    "CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN "
    "INSERT INTO attributions_fts(rowid, text) VALUES (new.id, new.text); END"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS attributions_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(INSERT_TRIGGER)
