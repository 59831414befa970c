"""Migrations move real data: every step down and up keeps what users stored.

tests/test_migrations.py checks the chain, ``alembic check`` and up/down on an empty
database. Here the tables hold articles ingested by the CLI (with statements, topics and
dates from the later revisions) while the schema goes down to the first revision one step
at a time and back up again; the rows of the first revision's tables must come through
unchanged, and the CLI must find them afterwards (including the full-text search index
a later revision builds from existing rows). A database stamped by a newer quotetrack is
refused by every command, untouched.
"""

from __future__ import annotations

import json

import pytest
from reliability_cli import assert_clean_failure, run_in_process
from reliability_corpus import write_articles
from sqlalchemy import inspect, text

from quotetrack.store import migrate
from quotetrack.store.engine import make_engine

CORE = ("sources", "documents", "speakers", "speaker_aliases", "attributions")


def chain() -> list[str]:
    """Revisions from the first to head."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def snapshot(engine, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """The rows of the core tables, restricted to the first revision's columns."""
    out = {}
    with engine.connect() as conn:
        for table, cols in columns.items():
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = conn.execute(text(f"SELECT {quoted} FROM {table} ORDER BY id")).all()
            out[table] = [tuple(str(v) for v in row) for row in rows]
    return out


SPLIT = """Diesel shortage halts the flood pumps

LOWHAVEN, April 2, 2025 - The pumps stood idle on Wednesday.

"The pumps were ready," Marta Kowalczyk said, "but nobody had paid for the diesel."
"""


@pytest.fixture
def stocked(qt, db_url, tmp_path):
    """Rows in the tables of every revision: articles (statements, topics, dates), a
    split quotation (0005's fragments), a job with a run and its entries, a review.
    Filled in process, for speed; the tests then use ``qt``, the real entry point."""
    paths = write_articles(tmp_path / "articles", 5, seed=31)
    split = tmp_path / "articles" / "split.txt"
    split.write_text(SPLIT, encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "split.txt").write_text(SPLIT, encoding="utf-8")
    for args, answers in (
        (("ingest", *map(str, paths), str(split), "--source", "Harbour Gazette"), None),
        (("jobs", "add", "inbox", str(inbox), "--every", "1h"), None),
        (("jobs", "run", "--due"), None),
        (("review", "--limit", "1"), "c\n"),
    ):
        result = run_in_process(*args, "--db", db_url, input=answers)
        assert result.exit_code == 0, (args, result.stderr)
    return qt


def every_table(engine) -> dict[str, dict[str, list]]:
    """Each table's rows as sorted lists per column set, for comparisons across
    revisions: {table: {"columns": [...], "rows": [...]}} (search-index internals left out,
    as they are rebuilt, not kept)."""
    insp = inspect(engine)
    out = {}
    with engine.connect() as conn:
        for table in insp.get_table_names():
            if table == "alembic_version" or table.startswith("attributions_fts"):
                continue
            cols = [c["name"] for c in insp.get_columns(table) if c["name"] != "text_tsv"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = conn.execute(text(f'SELECT {quoted} FROM "{table}"')).all()
            out[table] = {"columns": cols, "rows": [tuple(map(str, r)) for r in rows]}
    return out


# Derived indexes a migration rewrites in another form rather than keeping (0010: the
# statement keys of revision 0009 are recomputed going down from their texts).
REWRITTEN = ("statement_keys",)


def changed_since(full: dict, engine) -> list[str]:
    """Tables whose rows, in the columns they still share with ``full``, differ now."""
    changed = []
    for table, now in every_table(engine).items():
        if table in REWRITTEN:
            continue
        shared = [c for c in now["columns"] if c in full[table]["columns"]]
        pick = [now["columns"].index(c) for c in shared]
        was = [full[table]["columns"].index(c) for c in shared]
        if sorted(tuple(r[i] for i in pick) for r in now["rows"]) != sorted(
            tuple(r[i] for i in was) for r in full[table]["rows"]
        ):
            changed.append(table)
    return changed


def test_down_to_the_first_revision_and_up_again_with_data(stocked, db_url, tmp_path):
    revisions = chain()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        searchable = conn.execute(
            text("SELECT count(*) FROM attributions WHERE lower(text) LIKE '%patience%'")
        ).scalar()
    assert searchable > 0
    columns = first_revision_columns(tmp_path)
    before = snapshot(engine, columns)
    full = every_table(engine)
    empty = sorted(t for t, v in full.items() if not v["rows"])
    assert empty == ["document_copies", "job_locks"], "every other table should hold rows"
    with engine.connect() as conn:
        assert conn.execute(
            text("SELECT count(*) FROM attributions WHERE fragments IS NOT NULL")
        ).scalar()
    # 0010 rewrites the statement keys going down: up again, they are what they were
    migrate.downgrade(engine, "0009")
    migrate.upgrade(engine)
    keys = every_table(engine)["statement_keys"]["rows"]
    assert keys and sorted(keys) == sorted(full["statement_keys"]["rows"])
    for rev in reversed(revisions[:-1]):  # head-1 ... first
        migrate.downgrade(engine, rev)
        assert migrate.current_revision(engine) == rev
        # every table that stays keeps every row, in every column it keeps
        assert changed_since(full, engine) == [], f"data changed going down to {rev}"
        assert snapshot(engine, columns) == before, f"data changed going down to {rev}"
    for rev in revisions[1:]:
        migrate.upgrade(engine, rev)
        assert snapshot(engine, columns) == before, f"data changed going up to {rev}"
    assert migrate.current_revision(engine) == migrate.HEAD
    engine.dispose()
    # the CLI finds the old rows, through the search index rebuilt on the way up
    found = stocked("quotes", "--search", "patience", "--format", "jsonl")
    assert found.exit_code == 0, found.stderr
    assert len(found.stdout.splitlines()) == searchable
    listed = stocked("quotes", "--format", "jsonl")
    assert len(listed.stdout.splitlines()) == len(before["attributions"])
    assert {json.loads(r)["source"] for r in listed.stdout.splitlines()} == {"Harbour Gazette"}


def first_revision_columns(folder) -> dict[str, list[str]]:
    """Columns each core table has at the first revision, read from a scratch database
    migrated only that far (column names are the same on both backends)."""
    scratch = make_engine("sqlite:///" + str(folder / "first.db"))
    migrate.upgrade(scratch, chain()[0])
    insp = inspect(scratch)
    columns = {t: [c["name"] for c in insp.get_columns(t)] for t in CORE}
    scratch.dispose()
    return columns


def test_down_to_nothing_with_data_and_up_again(stocked, db_url):
    """Downgrading past the first revision with rows in every table must not trip over
    foreign keys, and leaves no table of ours behind."""
    engine = make_engine(db_url)
    migrate.downgrade(engine, "base")
    left = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert left == set()
    migrate.upgrade(engine)
    engine.dispose()
    assert stocked("quotes").stderr.strip() == "no matching statements"


NEWER = "9999_from_the_future"


COMMANDS = (
    ("init",),
    ("ingest", "-"),
    ("quotes",),
    ("ask", "what did Dahl say"),
    ("speakers",),
    ("speakers", "rename", "Henrik Dahl", "H. Dahl"),
    ("quote", "show", "1"),
    ("review",),
    ("topics",),
    ("speakers", "merge", "Henrik Dahl", "Mara Lindqvist"),
    ("jobs", "add", "inbox2", ".", "--every", "1h"),
    ("jobs", "list"),
    ("jobs", "history"),
    ("jobs", "run", "--due"),
    ("jobs", "remove", "inbox"),
    ("export", "timeline"),
)


def test_a_database_from_a_newer_quotetrack_is_refused_untouched(stocked, db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": NEWER})
    columns = {t: [c["name"] for c in inspect(engine).get_columns(t)] for t in CORE}
    before = snapshot(engine, columns)
    for n, args in enumerate(COMMANDS):
        # the first two as a user runs them, the rest in process (the check is the same
        # code for every command; this proves none of them goes around it)
        if n < 2:
            result = stocked(*args, stdin=b'"We will build it," said Ola Berg.')
        else:
            result = run_in_process(*args, "--db", db_url, input="q\n")
        assert_clean_failure(result, 1)
        assert "newer quotetrack" in result.error_lines[0], args
    assert snapshot(engine, columns) == before
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == NEWER
    engine.dispose()
