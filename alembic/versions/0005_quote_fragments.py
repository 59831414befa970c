"""Where a split quotation's pieces are: ``attributions.fragments``.

``"We tried," Carl Ortiz said, "but the money ran out."`` is one statement whose span runs
from the first piece to the last and so holds the reporter's words between them. The
pieces' offsets (JSON ``[[start, end], ...]`` into the document) let listings show the
speaker's words alone, joined by " … ", while the span stays the truth.

A plain ADD/DROP COLUMN on both backends: SQLite does not rebuild ``attributions``, so
the full-text triggers of 0003 stay in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attributions", sa.Column("fragments", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("attributions", "fragments")
