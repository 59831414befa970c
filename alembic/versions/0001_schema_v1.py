"""Schema v1: sources, documents, speakers and aliases, attributions.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("title", sa.String(500), nullable=True),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("origin", sa.String(2000), nullable=True),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("published_source", sa.String(20), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_source_id", "documents", ["source_id"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
    )
    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "speaker_id",
            sa.Integer(),
            sa.ForeignKey("speakers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("alias", sa.String(300), nullable=False),
        sa.Column("key", sa.String(300), nullable=False),
        sa.UniqueConstraint("speaker_id", "key", name="uq_speaker_aliases_speaker_key"),
    )
    op.create_index("ix_speaker_aliases_key", "speaker_aliases", ["key"])
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "speaker_id",
            sa.Integer(),
            sa.ForeignKey("speakers.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("mention", sa.String(500), nullable=True),
        sa.Column("mention_start", sa.Integer(), nullable=True),
        sa.Column("mention_end", sa.Integer(), nullable=True),
        sa.Column("cue", sa.String(200), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("stance", sa.String(20), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rule", sa.String(100), nullable=False),
        sa.Column("resolution", sa.String(20), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("role", sa.String(300), nullable=True),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.UniqueConstraint("document_id", "start", "end", name="uq_attributions_document_span"),
    )
    op.create_index("ix_attributions_speaker_id", "attributions", ["speaker_id"])
    op.create_index("ix_attributions_kind", "attributions", ["kind"])
    op.create_index(
        "ix_attributions_speaker_id_document_id", "attributions", ["speaker_id", "document_id"]
    )


def downgrade() -> None:
    op.drop_table("attributions")
    op.drop_table("speaker_aliases")
    op.drop_table("speakers")
    op.drop_table("documents")
    op.drop_table("sources")
