"""Alembic environment for quotetrack.

quotetrack runs its migrations from code (``quotetrack.store.migrate``), handing over its
own connection through ``config.attributes["connection"]``; nothing here reads an
``alembic.ini`` or creates an engine at import time, so it works from an installed wheel.
The ``alembic`` command line can still be used by setting ``sqlalchemy.url``.
"""

from __future__ import annotations

from sqlalchemy import create_engine

from alembic import context
from quotetrack.store.models import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave the full-text search machinery, which the models do not describe, out of
    autogenerate and ``alembic check``: SQLite's FTS5 tables and PostgreSQL's tsvector
    and its indexes."""
    if type_ == "table" and name.startswith("attributions_fts"):
        return False
    return not (type_ in ("column", "index") and name in FULL_TEXT)


FULL_TEXT = ("text_tsv", "ix_attributions_text_tsv", "ix_attributions_text_tsv_repeated")


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs batch mode for ALTER TABLE
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        run_with(conn)


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_online()
