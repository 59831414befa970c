"""Statements across articles, wire copies and human review.

New tables only: nothing on ``attributions`` is altered, so SQLite never recreates that
table and the full-text triggers of 0003 stay in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "speaker_id",
            sa.Integer(),
            sa.ForeignKey("speakers.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "first_attribution_id",
            sa.Integer(),
            sa.ForeignKey("attributions.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("appearances", sa.Integer(), nullable=False),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
    )
    op.create_index("ix_statements_speaker_id", "statements", ["speaker_id"])
    op.create_table(
        "statement_appearances",
        sa.Column(
            "attribution_id",
            sa.Integer(),
            sa.ForeignKey("attributions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "statement_id",
            sa.Integer(),
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
    )
    op.create_index(
        "ix_statement_appearances_statement_id", "statement_appearances", ["statement_id"]
    )
    op.create_table(
        "statement_keys",
        sa.Column("key", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "statement_id",
            sa.Integer(),
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_statement_keys_statement_id", "statement_keys", ["statement_id"])
    op.create_table(
        "document_keys",
        sa.Column("key", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_document_keys_document_id", "document_keys", ["document_id"])
    op.create_table(
        "document_copies",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "copy_of_document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("reason", sa.String(200), nullable=False),
    )
    op.create_index(
        "ix_document_copies_copy_of_document_id", "document_copies", ["copy_of_document_id"]
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("original_speaker", sa.String(300), nullable=True),
        sa.Column("speaker", sa.String(300), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("content_hash", "start", "end", name="uq_reviews_content_span"),
    )
    op.create_index("ix_reviews_status", "reviews", ["status"])


def downgrade() -> None:
    op.drop_table("reviews")
    op.drop_table("document_copies")
    op.drop_table("document_keys")
    op.drop_table("statement_keys")
    op.drop_table("statement_appearances")
    op.drop_table("statements")
