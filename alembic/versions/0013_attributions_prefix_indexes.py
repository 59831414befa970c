"""Two indexes of attributions that another index already begins with, dropped.

``ix_attributions_speaker_id`` is the first column of
``ix_attributions_speaker_id_document_id``, and ``ix_attributions_said_on_day`` the first
of ``ix_attributions_said_on_day_document_id_start_id`` (migration 0007): every lookup,
range or order either served, the longer one serves as well (on SQLite and PostgreSQL
alike, an index is usable for any leading run of its columns). Yet each was written for
every attribution stored: two b-tree inserts a row, about 19 a news article, and on
SQLite some five pages more in each document's commit. The downgrade builds them again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

#: name -> column, of the indexes this revision drops
DROPPED = {"ix_attributions_speaker_id": "speaker_id", "ix_attributions_said_on_day": "said_on_day"}


def upgrade() -> None:
    for name in DROPPED:
        op.drop_index(name, table_name="attributions")


def downgrade() -> None:
    for name, column in DROPPED.items():
        op.create_index(name, "attributions", [column])
