"""Each document's MinHash signature, so copy detection need not re-read its candidates.

``document_signatures`` holds, per document, the number of distinct 5-word runs of its
text and a sketch of it (128 one-permutation MinHash values of 16 bits, packed).
Checking whether a new document copies a candidate then starts from these two (the
length ratio exactly, the share of runs estimated), and only a candidate that could be
a copy has its text read and compared run by run. A new table only: documents stored
before this revision get their signature the first time they are a candidate, so the
upgrade reads no text.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_signatures",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("document_signatures")
