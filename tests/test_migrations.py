"""The schema is built only by migrations, and they agree with the models."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from quotetrack.errors import DatabaseError
from quotetrack.store import migrate
from quotetrack.store.engine import make_engine

#: The tables that 0012 stores without a rowid on SQLite.
KEY_TABLES = ("statement_keys", "document_keys", "attribution_topics", "statement_wordings")


def test_head_constant_is_the_scripts_head():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_heads() == [migrate.HEAD]


def test_revision_chain_is_linear():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    revisions = list(script.walk_revisions())
    assert all(len(script.get_revision(r.revision).nextrev) <= 1 for r in revisions)
    assert len(script.get_bases()) == 1


def test_fresh_database_is_upgraded_to_head(db_url):
    engine = make_engine(db_url)
    assert migrate.current_revision(engine) is None
    assert migrate.ensure_current(engine) == migrate.HEAD
    tables = set(inspect(engine).get_table_names())
    assert {"documents", "speakers", "speaker_aliases", "attributions", "sources"} <= tables


def test_models_and_migrations_agree(engine):
    from alembic import command

    config = migrate.alembic_config(engine)
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.check(config)  # raises when autogenerate would find a difference


def test_downgrade_to_base_and_back(engine):
    migrate.downgrade(engine, "base")
    assert "attributions" not in inspect(engine).get_table_names()
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.HEAD


def test_database_from_a_newer_version_is_refused_untouched(engine):
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(DatabaseError, match="newer quotetrack"):
        migrate.ensure_current(engine)
    with engine.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "ffff_future"
        )


def test_migrations_folder_holds_env_and_versions():
    folder = migrate.migrations_dir()
    assert (folder / "env.py").is_file()
    assert any(folder.joinpath("versions").glob("0001_*.py"))


def test_the_repeated_words_index_is_postgresql_s_and_comes_and_goes(engine):
    """0009 gives PostgreSQL the index of the words a statement says more than once (for
    ranked search) and its function; SQLite's schema is left as it was. The downgrade
    takes them away and the upgrade brings them back."""

    def schema() -> set:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                rows = conn.execute(text("SELECT type, name, sql FROM sqlite_master"))
            else:
                rows = conn.execute(
                    text(
                        "SELECT 'index', indexname, indexdef FROM pg_indexes "
                        "WHERE schemaname = current_schema() UNION ALL "
                        "SELECT 'function', proname, '' FROM pg_proc "
                        "WHERE pronamespace = current_schema()::regnamespace"
                    )
                )
            return {tuple(r) for r in rows}

    at_head = schema()
    migrate.downgrade(engine, "0008")
    before = schema()
    migrate.upgrade(engine)
    assert schema() == at_head
    added = {r[1] for r in at_head - before}
    if engine.dialect.name == "sqlite":
        assert added <= set(KEY_TABLES)  # rebuilt without a rowid by 0012
        return
    assert added == {"ix_attributions_text_tsv_repeated", "quotetrack_repeated_lexemes"}
    with engine.connect() as conn:
        repeated = conn.execute(
            text(
                "SELECT quotetrack_repeated_lexemes("
                "to_tsvector('english', 'Ferries, more ferries and one toll bridge'))::text"
            )
        ).scalar()
    assert repeated == "'ferri'"


CHECK_SEARCH_INDEX = (
    "INSERT INTO attributions_fts(attributions_fts, rank) VALUES ('integrity-check', 1)"
)


def test_the_search_index_is_filled_as_documents_are_stored(engine, run, tmp_path):
    """0011: on SQLite a document's attributions enter the full-text index in one
    statement as they are stored, not through a trigger per row; the index matches its
    table (FTS5's integrity check against the content), search finds every document,
    and the trigger comes back with the downgrade (stored rows indexed once either way)."""
    folder = tmp_path / "news"
    folder.mkdir()
    said = [
        ("Quarry", '"The quarry will close by the spring," Ilse Marwood said on Monday.'),
        ("Ferry", 'Tomas Reyes, the harbour master, said the ferry "runs late every day".'),
        ("Orchard", '"Orchards need rain, not promises," Ilse Marwood told the council.'),
    ]
    for i, (title, words) in enumerate(said[:2]):
        (folder / f"{i}.txt").write_text(f"{title} news\n\n{words}\n", encoding="utf-8")
    assert run("ingest", str(folder)).exit_code == 0

    def insert_trigger() -> bool:
        with engine.connect() as conn:
            return (
                conn.execute(
                    text("SELECT 1 FROM sqlite_master WHERE name = 'attributions_fts_insert'")
                ).first()
                is not None
            )

    def check_index() -> None:
        if engine.dialect.name != "sqlite":
            return
        with engine.begin() as conn:
            conn.execute(text(CHECK_SEARCH_INDEX))

    def found(word: str) -> int:
        result = run("quotes", "--search", word, "--format", "jsonl")
        return sum(1 for line in result.stdout.splitlines() if line.strip())

    check_index()
    assert found("quarry") == 1 and found("ferry") == 1
    if engine.dialect.name == "sqlite":
        assert not insert_trigger()
    migrate.downgrade(engine, "0010")
    if engine.dialect.name == "sqlite":
        assert insert_trigger()
    (folder / "2.txt").write_text(f"{said[2][0]} news\n\n{said[2][1]}\n", encoding="utf-8")
    migrate.upgrade(engine)
    assert run("ingest", str(folder)).exit_code == 0
    check_index()
    assert found("orchards") == 1 and found("quarry") == 1


def test_a_schema_created_by_another_process_mid_check_is_read(db_url, monkeypatch):
    """Parallel ingests on a new database: one looks for the schema, finds none, and
    before it checks why, another process has created it. The first reads the revision
    rather than failing with "relation alembic_version does not exist"."""
    engine = make_engine(db_url)
    other = make_engine(db_url)
    looked = migrate._has_version_table

    def another_process_migrates_first(eng):
        migrate.upgrade(other, "head")
        return looked(eng)

    monkeypatch.setattr(migrate, "_has_version_table", another_process_migrates_first)
    assert migrate.current_revision(engine) == migrate.HEAD
    assert migrate.ensure_current(engine) == migrate.HEAD
    other.dispose()
    engine.dispose()


def test_the_key_tables_keep_their_rows_without_a_rowid(engine, run, tmp_path):
    """0012: on SQLite the tables that are only their primary key are stored without a
    rowid; down and up again, every row is still there and ingesting goes on as before."""
    folder = tmp_path / "news"
    folder.mkdir()
    words = (
        '"The new bridge opens to cyclists and walkers in early April," Marta Okafor '
        "said. Okafor told the council the budget would cover lighting on both banks."
    )
    (folder / "a.txt").write_text(f"Bridge news\n\n{words}\n", encoding="utf-8")
    assert run("ingest", str(folder)).exit_code == 0

    def rows() -> dict:
        with engine.connect() as conn:
            return {t: sorted(conn.execute(text(f"SELECT * FROM {t}")).all()) for t in KEY_TABLES}

    def without_rowid() -> set:
        with engine.connect() as conn:
            return set(
                conn.execute(
                    text("SELECT name FROM sqlite_master WHERE sql LIKE '%WITHOUT ROWID'")
                ).scalars()
            )

    stored = rows()
    assert stored["statement_keys"] and stored["document_keys"]
    if engine.dialect.name == "sqlite":
        assert set(KEY_TABLES) <= without_rowid()
    migrate.downgrade(engine, "0011")
    assert rows() == stored
    if engine.dialect.name == "sqlite":
        assert not set(KEY_TABLES) & without_rowid()
    migrate.upgrade(engine)
    assert rows() == stored
    (folder / "b.txt").write_text(f"Bridge news, again\n\n{words}\n", encoding="utf-8")
    assert run("ingest", str(folder)).exit_code == 0
    assert len(rows()["document_keys"]) == 2 * len(stored["document_keys"])


def _sqlite_contents(engine) -> dict:
    """Everything a SQLite database holds: its schema in order, and every table's rows
    (the full-text index's own tables and Alembic's included)."""
    with engine.connect() as conn:
        master = conn.execute(
            text("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid")
        ).all()
        tables = [name for kind, name, _, sql in master if kind == "table" and sql]
        virtual = {name for *_, name, _, sql in master if sql and "VIRTUAL" in sql}
        rows = {
            t: sorted(conn.execute(text(f'SELECT * FROM "{t}"')).all())
            for t in tables
            if t not in virtual
        }
        pragmas = [
            conn.execute(text(f"PRAGMA {p}")).scalar()
            for p in ("page_size", "auto_vacuum", "user_version", "encoding")
        ]
    return {"master": master, "rows": rows, "pragmas": pragmas}


def test_the_shipped_sqlite_schema_is_what_the_migrations_build(tmp_path):
    """sqlite_head.sql is written from a database the migrations brought to HEAD; after
    a new migration it is written again (``migrate.write_sqlite_script()``)."""
    from importlib import resources

    engine = make_engine(f"sqlite:///{tmp_path}/migrated.db")
    migrate.upgrade(engine)
    shipped = resources.files("quotetrack.store").joinpath(migrate.SQLITE_HEAD)
    assert migrate.sqlite_script(engine) == shipped.read_text("utf-8"), (
        "run: python -c 'from quotetrack.store import migrate; migrate.write_sqlite_script()'"
    )
    engine.dispose()


def test_a_new_sqlite_database_is_created_as_the_migrations_build_it(tmp_path, monkeypatch):
    """A new SQLite file gets its schema from sqlite_head.sql, not from the migrations
    (no Alembic to import): the same schema, in the same order, with the same rows."""
    migrated = make_engine(f"sqlite:///{tmp_path}/migrated.db")
    migrate.upgrade(migrated)
    created = make_engine(f"sqlite:///{tmp_path}/created.db")

    def no_migrations(*_args):
        raise AssertionError("a new SQLite database needs no migration")

    monkeypatch.setattr(migrate, "upgrade", no_migrations)
    assert migrate.ensure_current(created) == migrate.HEAD
    assert _sqlite_contents(created) == _sqlite_contents(migrated)
    assert migrate.ensure_current(created) == migrate.HEAD
    migrated.dispose()
    created.dispose()


def test_a_schema_already_there_is_not_created_again(tmp_path):
    """Another process created the schema between the look for it and the write lock:
    nothing is created, and the migrations read the revision as for any database."""
    engine = make_engine(f"sqlite:///{tmp_path}/quotes.db")
    migrate.upgrade(engine)
    before = _sqlite_contents(engine)
    assert migrate._created_at_head(engine) is False
    assert _sqlite_contents(engine) == before
    assert migrate.ensure_current(engine) == migrate.HEAD
    engine.dispose()


def test_a_schema_file_of_another_revision_is_not_used(tmp_path, monkeypatch):
    """A schema file left behind by a new migration is ignored: the migrations run."""
    monkeypatch.setattr(migrate, "HEAD", "0000_other")
    assert migrate._head_statements() is None
