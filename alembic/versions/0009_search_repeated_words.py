"""PostgreSQL: an index of the words a statement says more than once, for ranked search.

``quotes --search WORD --limit N`` ranks the matches by ``ts_rank`` and breaks ties by
id. ``ts_rank`` needs each match's tsvector, which the GIN index does not hold: the
server read every match's row to rank it (22,330 rows on 9,949 pages for a word in 2%
of 1,000,000 statements, 20-80 ms), however short the page. For a query of one word
the rank depends only on how often the statement says it: every statement that says it
once ranks the same, below any that says it more often. So the page is the best-ranked
of the statements that say the word more than once (this index finds them) together
with the first N matches by id, and no other row need be read
(:mod:`quotetrack.query.lean`). Results do not change.

``quotetrack_repeated_lexemes(tsvector)`` keeps the lexemes of a tsvector that have more
than one position; the GIN index is over that expression of ``text_tsv``, for the rows
where it is not empty (a query must say so too, for PostgreSQL to use it). SQLite
(FTS5 ranks from its own index) has nothing to add. The downgrade drops both.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

FUNCTION = "quotetrack_repeated_lexemes"
INDEX = "ix_attributions_text_tsv_repeated"
REPEATS = f"{FUNCTION}(text_tsv) <> ''::tsvector"  # the index's predicate


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Built-ins only, schema-qualified, so the index expression means the same under any
    # search_path (pg_dump restores with an empty one).
    op.execute(
        f"CREATE FUNCTION {FUNCTION}(tsvector) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS "
        "$$ SELECT pg_catalog.array_to_tsvector(ARRAY("
        "SELECT u.lexeme FROM pg_catalog.unnest($1) AS u "
        "WHERE pg_catalog.cardinality(u.positions) > 1)) $$"
    )
    # Partial: most statements repeat no word, and an entry for each of them would make
    # every insert a third dearer (30,000 rows copied within the table, load 9: 2.34 s
    # without the index, 3.03 s with it whole, 2.49 s partial).
    op.execute(
        f"CREATE INDEX {INDEX} ON attributions USING gin ({FUNCTION}(text_tsv)) WHERE {REPEATS}"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(tsvector)")
