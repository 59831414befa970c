"""When, who and about what: said-on dates, sentence dates, topics, alias reasons,
and full-text search over statements (SQLite FTS5, PostgreSQL tsvector).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE attributions_fts USING fts5("
    "text, content='attributions', content_rowid='id', tokenize='porter unicode61')",
    "CREATE TRIGGER attributions_fts_insert AFTER INSERT ON attributions BEGIN "
    "INSERT INTO attributions_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN "
    "INSERT INTO attributions_fts(attributions_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER attributions_fts_update AFTER UPDATE OF text ON attributions BEGIN "
    "INSERT INTO attributions_fts(attributions_fts, rowid, text) "
    "VALUES ('delete', old.id, old.text); "
    "INSERT INTO attributions_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO attributions_fts(attributions_fts) VALUES ('rebuild')",
]
POSTGRES_FTS = [
    "ALTER TABLE attributions ADD COLUMN text_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX ix_attributions_text_tsv ON attributions USING gin (text_tsv)",
]


def upgrade() -> None:
    with op.batch_alter_table("speaker_aliases") as batch:
        batch.add_column(sa.Column("reason", sa.String(300), nullable=True))
        batch.add_column(sa.Column("origin", sa.String(20), nullable=True))
    with op.batch_alter_table("attributions") as batch:
        batch.add_column(sa.Column("speaker_name", sa.String(300), nullable=True))
        batch.add_column(sa.Column("said_on", sa.String(20), nullable=True))
        batch.add_column(sa.Column("said_on_day", sa.Date(), nullable=True))
        batch.add_column(sa.Column("said_on_precision", sa.String(10), nullable=True))
        batch.add_column(sa.Column("said_on_source", sa.String(20), nullable=True))
        batch.add_column(sa.Column("said_on_start", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("said_on_end", sa.Integer(), nullable=True))
        batch.create_index("ix_attributions_said_on_day", ["said_on_day"])
    # Statements stored before this revision were said, as far as anyone knows, on
    # their document's publication date.
    op.execute(
        "UPDATE attributions SET said_on_day = (SELECT published FROM documents "
        "WHERE documents.id = attributions.document_id), said_on_precision = 'day', "
        "said_on_source = 'published'"
    )
    op.execute(
        "UPDATE attributions SET said_on = "
        + (
            "CAST(said_on_day AS TEXT)"
            if op.get_bind().dialect.name == "sqlite"
            else "to_char(said_on_day, 'YYYY-MM-DD')"
        )
    )
    op.execute("UPDATE speaker_aliases SET origin = 'ingest'")
    op.create_table(
        "attribution_dates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "attribution_id",
            sa.Integer(),
            sa.ForeignKey("attributions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.Column("value", sa.String(20), nullable=False),
        sa.Column("precision", sa.String(10), nullable=False),
    )
    op.create_index("ix_attribution_dates_attribution_id", "attribution_dates", ["attribution_id"])
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.create_table(
        "attribution_topics",
        sa.Column(
            "attribution_id",
            sa.Integer(),
            sa.ForeignKey("attributions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "topic_id",
            sa.Integer(),
            sa.ForeignKey("topics.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_attribution_topics_topic_id", "attribution_topics", ["topic_id"])
    for statement in SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS attributions_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS attributions_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_attributions_text_tsv")
        op.execute("ALTER TABLE attributions DROP COLUMN IF EXISTS text_tsv")
    op.drop_table("attribution_topics")
    op.drop_table("topics")
    op.drop_table("attribution_dates")
    with op.batch_alter_table("attributions") as batch:
        batch.drop_index("ix_attributions_said_on_day")
        for column in (
            "said_on_end",
            "said_on_start",
            "said_on_source",
            "said_on_precision",
            "said_on_day",
            "said_on",
            "speaker_name",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("speaker_aliases") as batch:
        batch.drop_column("origin")
        batch.drop_column("reason")
