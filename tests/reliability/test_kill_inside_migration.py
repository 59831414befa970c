"""A process killed while it creates the schema leaves no half-made schema.

The crash soak kills ``ingest`` at random moments, and nothing says one of those moments
fell inside a migration. Here the kill is placed there on purpose: the ``init`` process
sends itself SIGKILL right after its k-th DDL statement (counted in Alembic's executor,
and in the statements that create a new SQLite file from the shipped schema,
``migrate._create``), from the first table to the last statement of the head revision. The
database must then hold either no schema at all or a whole one, and a later ``init`` and
``ingest`` must work as on a database nobody touched.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from reliability_corpus import articles
from reliability_soak import schema_state, scratch_database
from sqlalchemy import create_engine, inspect

from quotetrack.store.migrate import HEAD

KILLER = """
import os, signal, sys
from alembic.ddl.impl import DefaultImpl

after = int(os.environ["QT_KILL_AFTER_DDL"])
run = DefaultImpl._exec
count = 0

def counting(self, *args, **kwargs):
    global count
    result = run(self, *args, **kwargs)
    count += 1
    if count == after:
        os.kill(os.getpid(), signal.SIGKILL)
    return result

DefaultImpl._exec = counting

from quotetrack.store import migrate


def create_counting(cursor, statements):
    global count
    for statement in statements:
        cursor.execute(statement)
        count += 1
        if count == after:
            os.kill(os.getpid(), signal.SIGKILL)


migrate._create = create_counting
from quotetrack.cli import main
sys.argv = ["quotetrack", "init", "--db", sys.argv[1]]
main()
"""


def _init_killed_after(url: str, statements: int) -> int:
    env = {**os.environ, "QT_KILL_AFTER_DDL": str(statements)}
    env.pop("QUOTETRACK_DB", None)
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, url], env=env, capture_output=True, timeout=120
    )
    return proc.returncode


def _ddl_count(url: str) -> int:
    """How many DDL statements a whole ``init`` runs (the last kill point)."""
    counter = KILLER.replace("os.kill(os.getpid(), signal.SIGKILL)", "pass") + ("\nprint(count)")
    counter = counter.replace("main()\n", "try:\n    main()\nexcept SystemExit:\n    pass\n")
    env = {**os.environ, "QT_KILL_AFTER_DDL": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", counter, url], env=env, capture_output=True, text=True, timeout=120
    )
    return int(proc.stdout.split()[-1])


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_kill_inside_any_migration_leaves_no_half_made_schema(qt, db_url, tmp_path):
    """Killed after 1, a few, half and all but one of the DDL statements of the whole
    migration chain: the schema is absent or at the head, never in between."""
    from quotetrack.config import resolve_db_url

    url = resolve_db_url(db_url)
    pg = os.environ.get("QUOTETRACK_TEST_POSTGRES") if url.startswith("postgresql") else None
    with scratch_database(pg, tmp_path / "count") as scratch:
        total = _ddl_count(resolve_db_url(scratch))  # PostgreSQL needs fewer than SQLite
    assert total > 20  # the chain 0001..head creates the tables, indexes and changes
    good = tmp_path / "article.txt"
    good.write_text(articles(1, seed=5)[0].text, encoding="utf-8")
    for k in sorted({1, 3, total // 2, total - 1}):
        code = _init_killed_after(url, k)
        assert code == -signal.SIGKILL, f"kill after DDL statement {k} did not happen ({code})"
        revision, problems = schema_state(url)
        assert problems == [], f"after DDL statement {k} of {total}: {problems}"
        assert revision is None, f"after DDL statement {k}: a schema was committed"
        assert _tables(url) == set()
    assert qt("init").exit_code == 0
    assert schema_state(url) == (HEAD, [])
    result = qt("ingest", str(good))
    assert result.exit_code == 0, result.stderr
    assert "1 new" in result.stderr
