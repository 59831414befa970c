"""An index in the order listings are given: said-on day, document, start, id.

``quotes``, ``ask`` and ``export timeline`` list statements by ``said_on_day``, then
document and position (then id, so ties are always broken the same way). Without an
index in that order every listing read all its matches and sorted them before a
``--limit`` could cut them: 0.2-0.3 s for the first 50 of a topic or of a prolific
speaker's 80,000 statements on 1,000,000 attributions. With it, SQLite walks the
listing in order and stops at the limit, and PostgreSQL's planner can do the same.
An index only: no rows change, and the downgrade drops it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEX = "ix_attributions_said_on_day_document_id_start_id"


def upgrade() -> None:
    op.create_index(INDEX, "attributions", ["said_on_day", "document_id", "start", "id"])


def downgrade() -> None:
    op.drop_index(INDEX, table_name="attributions")
