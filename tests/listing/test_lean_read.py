"""The lean read path (quotetrack/query/lean.py) answers ``quotes`` and ``ask`` exactly as
the SQLAlchemy path does, on SQLite and PostgreSQL, without importing SQLAlchemy.

Both paths run on the same invented articles (split quotes, an anonymous source, mentioned
dates, topics, statements repeated across outlets, reviews with every verdict) and must
print the same bytes in every format, fail with the same message and exit status, and
treat a database that is missing, behind or ahead of this version as the full path does.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import text

from quotetrack.output import FORMATS, render
from quotetrack.query.lean import open_reader
from quotetrack.query.quotes import quote_rows
from quotetrack.query.spec import QuoteQuery
from quotetrack.store.engine import make_engine, session_factory


def rendered(rows, fmt: str) -> str:
    out = io.StringIO()
    n = render(rows, fmt, out, table_columns=("date", "speaker", "kind", "words", "cue"))
    return f"{n}\n{out.getvalue()}"


QUERIES = [
    QuoteQuery(),
    QuoteQuery(speaker="Costa"),
    QuoteQuery(speaker="Ana Costa", first_only=True),
    QuoteQuery(speaker="Energy Minister Ana Costa"),
    QuoteQuery(speaker="Marsh", since=date(2025, 4, 1), until=date(2025, 4, 30)),
    QuoteQuery(speaker="Keller", kind="direct"),
    QuoteQuery(since=date(2025, 5, 1)),
    QuoteQuery(until=date(2025, 4, 12), limit=3),
    QuoteQuery(kind="indirect", newest_first=True),
    QuoteQuery(status="rejected"),
    QuoteQuery(status="corrected"),
    QuoteQuery(status="confirmed"),
    QuoteQuery(status="unreviewed", limit=5),
    QuoteQuery(first_only=True),
    QuoteQuery(search="dam"),
    QuoteQuery(search="monument to delay", limit=2),
    QuoteQuery(search="budget", kind="direct", since=date(2025, 1, 1)),
    QuoteQuery(search="100%"),
    QuoteQuery(search="!!!"),
    QuoteQuery(search="zzzunfound"),
    QuoteQuery(about="budget"),
    QuoteQuery(about="the bridge plan"),
    QuoteQuery(about="plan_b"),
    QuoteQuery(speaker="Marsh", about="bridge"),
]


def topic_queries(engine) -> list[QuoteQuery]:
    with engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM topics ORDER BY id"))]
    assert names, "the fixtures should be tagged with topics"
    return [QuoteQuery(topic=name) for name in names] + [
        QuoteQuery(topic=names[0].upper(), limit=2, since=date(2025, 4, 1)),
        QuoteQuery(about=names[0]),
    ]


def first_topic(db_url: str) -> str:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        topic = conn.execute(text("SELECT name FROM topics ORDER BY id")).scalars().first()
    engine.dispose()
    return topic


def both_paths(sessions, db_url: str, q: QuoteQuery) -> tuple[list[dict] | str, list[dict] | str]:
    """The rows (or the error) of the full path and of the lean one, for ``q``."""
    with sessions() as session:
        full = _answer(quote_rows, session, q)
    with open_reader(db_url) as reader:
        lean = _answer(reader.quote_rows, q)
    return full, lean


def test_fixture_has_the_rows_the_comparison_needs(stocked, db_url):
    engine = make_engine(db_url)
    with engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT count(*), sum(CASE WHEN fragments IS NOT NULL THEN 1 ELSE 0 END), "
                "sum(CASE WHEN anonymous THEN 1 ELSE 0 END) FROM attributions"
            )
        ).one()
        statuses = {r[0] for r in conn.execute(text("SELECT status FROM reviews"))}
        dates = conn.execute(text("SELECT count(*) FROM attribution_dates")).scalar()
        repeated = conn.execute(text("SELECT max(appearances) FROM statements")).scalar()
    engine.dispose()
    assert count[0] > 30 and count[1] >= 1 and count[2] >= 1
    assert statuses == {"rejected", "corrected", "confirmed"}
    assert dates >= 1 and repeated >= 2


@pytest.fixture(params=["pgwire", "psycopg"])
def pg_driver(request, db_url, monkeypatch):
    """On PostgreSQL, the lean path through its own client, then through psycopg (as
    when the client cannot serve the URL or the server); SQLite once."""
    if request.param == "psycopg":
        if not db_url.startswith("postgresql"):
            pytest.skip("SQLite has one driver")
        from quotetrack.query import pgwire

        def unsupported(url):
            raise pgwire.Unsupported("as a test asks")

        monkeypatch.setattr(pgwire, "connect", unsupported)
    return request.param


def test_both_paths_print_the_same_bytes_in_every_format(stocked, db_url, pg_driver):
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    compared = errors = 0
    for q in QUERIES + topic_queries(engine):
        full, lean = both_paths(sessions, db_url, q)
        if isinstance(full, str):  # an error, such as an unknown speaker
            assert lean == full, q
            errors += 1
            continue
        assert [_plain(r) for r in lean] == [_plain(r) for r in full], q
        for fmt in FORMATS:
            assert rendered(iter(lean), fmt) == rendered(iter(full), fmt), (q, fmt)
        compared += len(full)
    engine.dispose()
    assert compared > 100
    assert errors <= 2, "most queries should find rows"


LIMITED = [
    QuoteQuery(speaker="Costa", limit=2),
    QuoteQuery(speaker="Marsh", kind="direct", limit=1, newest_first=True),
    QuoteQuery(kind="indirect", limit=4),
    QuoteQuery(kind="direct", first_only=True, limit=3),
    QuoteQuery(status="unreviewed", kind="direct", limit=5),
    QuoteQuery(since=date(2025, 4, 1), kind="direct", limit=3),
]


@pytest.mark.parametrize("walk", [False, True])
def test_a_page_is_the_same_rows_whichever_index_finds_it(stocked, db_url, monkeypatch, walk):
    """With --limit, SQLite may walk the listing order instead of the filter's index
    (when the filter matches many rows); both give the page the full path gives."""
    from quotetrack.query.lean import Reader

    monkeypatch.setattr(Reader, "_walk_in_order", lambda self, q, f: walk)
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    queries = LIMITED + [
        QuoteQuery(topic=q.topic, limit=2, newest_first=n)
        for q in topic_queries(engine)[:3]
        for n in (False, True)
    ]
    for q in queries:
        full, lean = both_paths(sessions, db_url, q)
        assert full and not isinstance(full, str), q
        assert [_plain(r) for r in lean] == [_plain(r) for r in full], q
    engine.dispose()


def test_a_search_page_ranked_before_any_row_is_read(stocked, db_url, monkeypatch):
    """A search with --limit and no other condition takes the best-ranked matches first
    and reads only their rows; the page is the full path's, and when fewer rows than
    the limit come back the full statement runs instead."""
    from quotetrack.query.lean import Reader

    engine = make_engine(db_url)
    with engine.begin() as conn:  # a rejection would add a condition
        conn.execute(text("UPDATE reviews SET status = 'confirmed' WHERE status = 'rejected'"))
    sessions = session_factory(engine)
    used = []
    real = Reader._all

    def spy(self, sql, params):
        rows = real(self, sql, params)
        sqlite_narrow = "ORDER BY rank, rowid LIMIT" in sql
        pg_narrow = "WITH first_matches AS" in sql or "attributions WHERE (attributions" in sql
        if sqlite_narrow or pg_narrow:
            used.append(len(rows))
        return rows

    monkeypatch.setattr(Reader, "_all", spy)
    for words in ("dam", "budget", "monument to delay", "the"):
        for limit in (1, 2, 3, 500):
            q = QuoteQuery(search=words, limit=limit)
            full, lean = both_paths(sessions, db_url, q)
            assert not isinstance(full, str), full
            assert [_plain(r) for r in lean] == [_plain(r) for r in full], q
    engine.dispose()
    # pages served by the ranked matches alone, and a limit beyond them that fell back
    assert 1 in used and any(n < 500 for n in used), used


# Invented: four people on one ferry, one of whom says the word twice (and later).
FERRY = (
    "Island ferry\n\n"
    '"The ferry leaves at dawn," harbourmaster Olga Petrov said.\n\n'
    '"Nobody checks the tickets on the ferry," deckhand Tomas Wren said.\n\n'
    '"Our ferry is the only road to the island," councillor Ben Aalto said.\n\n'
    '"A ferry with no crew is no ferry," organiser Rita Salo said.\n'
)


@pytest.mark.parametrize("walk", [100, 0])
def test_a_word_said_twice_ranks_first_and_ties_keep_their_order(
    run, db_url, tmp_path, monkeypatch, walk
):
    """A one-word search's page: the statement that says the word twice first, then
    those that say it once in the order they were stored, on both paths and both
    backends; whether PostgreSQL fills the page from the first matches by id (``WALK``)
    or ranks every match (a window of none)."""
    from quotetrack.query import lean

    monkeypatch.setattr(lean, "WALK", walk)
    article = tmp_path / "ferry.txt"
    article.write_text(FERRY, encoding="utf-8")
    assert run("ingest", str(article), "--published", "2025-08-01").exit_code == 0
    engine = make_engine(db_url)
    sessions = session_factory(engine)
    pages = {}
    for limit in (1, 2, 3, 4, 5):
        q = QuoteQuery(search="ferries", limit=limit)
        full, lean_rows = both_paths(sessions, db_url, q)
        assert [_plain(r) for r in lean_rows] == [_plain(r) for r in full], q
        pages[limit] = [r["speaker"] for r in lean_rows]
    engine.dispose()
    assert pages[2] == ["Rita Salo", "Olga Petrov"], pages
    assert pages[5] == pages[4] and len(pages[4]) == 4
    assert all(pages[n] == pages[4][:n] for n in pages), pages


def test_postgresql_ranks_a_common_word_without_reading_every_match(
    run, db_url, tmp_path, monkeypatch
):
    """A one-word page is the first statement's (the first matches by id and those
    that repeat the word); every match is ranked only when the word is not enough for
    the page, before the full statement runs, or when the page is too long to walk."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite ranks from its FTS5 index")
    from quotetrack.query import lean
    from quotetrack.query.lean import Reader

    article = tmp_path / "ferry.txt"
    article.write_text(FERRY, encoding="utf-8")
    assert run("ingest", str(article), "--published", "2025-08-01").exit_code == 0
    ran = []
    real = Reader._all

    def spy(self, sql, params):
        rows = real(self, sql, params)
        if "ts_rank" in sql:
            ranked = "first matches" if "first_matches" in sql else "every match"
            ran.append((ranked, len(rows)))
        return rows

    monkeypatch.setattr(Reader, "_all", spy)
    with open_reader(db_url) as reader:
        assert len(list(reader.quote_rows(QuoteQuery(search="ferry", limit=2)))) == 2
        assert ran == [("first matches", 2)]
        ran.clear()
        assert len(list(reader.quote_rows(QuoteQuery(search="ferry", limit=9)))) == 4
        assert ran == [("first matches", 0), ("every match", 4)]
        ran.clear()  # a page so long that the walk would be longer than the ranking
        monkeypatch.setattr(lean, "MOST_WALKED", 150)
        assert len(list(reader.quote_rows(QuoteQuery(search="ferry", limit=2)))) == 2
        assert ran == [("every match", 2)]


def test_sqlite_walks_the_listing_order_for_a_broad_filter(stocked, db_url):
    """The plan, not the time: a page of a filter that matches most rows is read in
    listing order from ix_attributions_said_on_day_document_id_start_id, unsorted; a
    narrow one through its own index."""
    if not db_url.startswith("sqlite"):
        pytest.skip("PostgreSQL plans with its statistics")
    with open_reader(db_url) as reader:
        broad = QuoteQuery(kind="direct", limit=1)
        sql, params = reader.statement(broad)
        plan = " | ".join(r[-1] for r in reader._all("EXPLAIN QUERY PLAN " + sql, params))
        assert "ix_attributions_said_on_day_document_id_start_id" in plan, plan
        assert "TEMP B-TREE" not in plan.split("SCAN page")[0], plan
        narrow = QuoteQuery(speaker="Keller", limit=1)
        sql, params = reader.statement(narrow)
        plan = " | ".join(r[-1] for r in reader._all("EXPLAIN QUERY PLAN " + sql, params))
        assert "ix_attributions_speaker_id" in plan, plan


TABLE = ("date", "speaker", "kind", "words", "cue")


def test_a_table_listing_computes_only_the_columns_it_shows(stocked, db_url, pg_driver):
    """``quote_rows(q, only)`` gives each row's values for those keys exactly as the whole
    row has them, in the same order, and selects no other computed column."""
    from quotetrack.query.lean import selected_keys

    engine = make_engine(db_url)
    queries = QUERIES + topic_queries(engine) + LIMITED + [QuoteQuery(search="dam", limit=1)]
    engine.dispose()
    compared = 0
    with open_reader(db_url) as reader:
        for q in queries:
            whole = _answer(reader.quote_rows, q)
            slim = _answer(reader.quote_rows, q, TABLE)
            if isinstance(whole, str):
                assert slim == whole, q
                continue
            assert [{k: r[k] for k in TABLE} for r in slim] == [
                {k: r[k] for k in TABLE} for r in whole
            ], q
            assert rendered(iter(slim), "table") == rendered(iter(whole), "table"), q
            compared += len(whole)
            sql, _ = reader.statement(q, keys=selected_keys(TABLE))
            assert "attribution_dates" not in sql and "sources.name" not in sql, sql
            assert ("statement_appearances" in sql) == q.first_only, sql
    assert compared > 100


def test_a_table_listing_without_a_document_column_is_the_same_without_documents(
    stocked, db_url, pg_driver
):
    """A listing that reads nothing of a statement's document (the table's columns, no
    rejected review to leave out, no --about) no longer joins ``documents``; it lists
    the same rows in the same order as the full path, whose statement joins it."""
    from quotetrack.query.lean import selected_keys

    engine = make_engine(db_url)
    with engine.begin() as conn:  # a rejection adds a condition on the document
        conn.execute(text("UPDATE reviews SET status = 'confirmed' WHERE status = 'rejected'"))
    sessions = session_factory(engine)
    unjoined = compared = 0
    with open_reader(db_url) as reader:
        for q in QUERIES + topic_queries(engine):
            full, _ = both_paths(sessions, db_url, q)
            slim = _answer(reader.quote_rows, q, TABLE)
            if isinstance(full, str):
                assert slim == full, q
                continue
            assert [_plain({k: r[k] for k in TABLE}) for r in slim] == [
                _plain({k: r[k] for k in TABLE}) for r in full
            ], q
            compared += len(full)
            sql, _ = reader.statement(q, keys=selected_keys(TABLE))
            if not q.limit and not q.about and not q.status:
                assert "documents" not in sql, sql
                unjoined += 1
    engine.dispose()
    assert compared > 100 and unjoined > 10


def test_a_table_listing_by_column_is_the_rows_by_key(stocked, db_url, pg_driver):
    """``quote_columns(q, names)`` holds, for each name, every row's value of that key as
    ``quote_rows`` gives it (the split quotation's ``words``, SQLite's ``anonymous`` as a
    bool, a split quotation's pieces, None for a key rows do not have), in the same
    order, and prints the same table; an error is the same error."""
    from quotetrack.output import write_table

    engine = make_engine(db_url)
    queries = QUERIES + topic_queries(engine) + LIMITED + [QuoteQuery(search="dam", limit=1)]
    engine.dispose()
    names_tried = [TABLE, ("words", "fragments", "anonymous", "start", "no_such_key")]
    compared = split = 0
    with open_reader(db_url) as reader:
        for q in queries:
            for names in names_tried:
                rows = _answer(reader.quote_rows, q, names)
                try:
                    columns = reader.quote_columns(q, names)
                except Exception as exc:  # noqa: BLE001 - compared, not hidden
                    assert rows == f"{type(exc).__name__}: {exc}", q
                    continue
                assert not isinstance(rows, str), (q, rows)
                assert len(columns) == len(names)
                for name, column in zip(names, columns, strict=True):
                    expected = [r.get(name) for r in rows]
                    assert [_plain({name: v}) for v in column] == [
                        _plain({name: v}) for v in expected
                    ], (q, name)
                if names == TABLE:
                    out = io.StringIO()
                    n = write_table(TABLE, columns, out)
                    assert f"{n}\n{out.getvalue()}" == rendered(iter(rows), "table"), q
                    compared += len(rows)
                    split += sum(1 for r in rows if r.get("fragments"))
    assert compared > 100 and split, "a split quotation should be among the rows"


def test_the_selected_keys_cover_what_words_is_made_of():
    from quotetrack.query.keys import KEYS
    from quotetrack.query.lean import selected_keys

    assert selected_keys(None) == KEYS
    assert selected_keys(TABLE) == ("date", "speaker", "kind", "text", "cue", "start", "fragments")
    assert selected_keys(("cue", "id")) == ("id", "cue")
    assert selected_keys(("date", "no such column")) == KEYS


def _answer(rows, *args) -> list[dict] | str:
    try:
        return list(rows(*args))
    except Exception as exc:  # noqa: BLE001 - compared, not hidden
        return f"{type(exc).__name__}: {exc}"


def _plain(row: dict) -> dict:
    """A row with dates as ISO text (SQLite hands the lean path text, SQLAlchemy parses
    it) and every other value with its type: a bool must stay a bool, a float a float."""
    return {
        k: ("str", v.isoformat()) if isinstance(v, date) else (type(v).__name__, v)
        for k, v in row.items()
    }


def test_the_lean_path_is_the_one_that_answers(stocked, db_url, monkeypatch):
    import quotetrack.query.quotes as full

    def refuse(*args, **kwargs):
        raise AssertionError("the full path was used")

    monkeypatch.setattr(full, "quote_rows", refuse)
    result = stocked("quotes", "--speaker", "Costa", "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout.count("\n") >= 2


CLI_CASES = [
    ("quotes",),
    ("quotes", "--speaker", "Costa"),
    ("quotes", "--speaker", "Marsh", "--since", "2025-04-01", "--until", "April 2025"),
    ("quotes", "--since", "May 2025", "--until", "2025-12-31", "--limit", "4"),
    ("quotes", "--topic", "TOPIC"),
    ("quotes", "--search", "dam"),
    ("quotes", "--search", "budget", "--kind", "direct", "--limit", "3"),
    ("quotes", "--first-only"),
    ("quotes", "--status", "rejected"),
    ("quotes", "--speaker", "Nobody Here"),
    ("quotes", "--topic", "no such topic"),
    ("quotes", "--speaker", "Keller", "--since", "2030-01-01"),
    ("ask", "what did Costa say"),
    ("ask", "what did Costa say about the dam"),
    ("ask", "what did Marsh say about the bridge"),
    ("ask", "who said 'monument to delay'"),
    ("ask", "quotes by Keller"),
    ("ask", "what did Nobody say"),
]


def test_the_commands_print_the_same_either_way(stocked, db_url, monkeypatch, pg_driver):
    topic = first_topic(db_url)
    for case in CLI_CASES:
        args = [topic if a == "TOPIC" else a for a in case]
        for fmt in FORMATS:
            monkeypatch.setenv("QUOTETRACK_LEAN", "0")
            full = stocked(*args, "--format", fmt)
            monkeypatch.delenv("QUOTETRACK_LEAN")
            lean = stocked(*args, "--format", fmt)
            assert (lean.exit_code, lean.stdout, lean.stderr) == (
                full.exit_code,
                full.stdout,
                full.stderr,
            ), (args, fmt)


def _in_a_fresh_process(db_url: str, *args: str) -> dict:
    """Run a command in a new interpreter; report its output and what it imported."""
    code = (
        "import sys, json, io, contextlib\n"
        "from quotetrack.cli import cli\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    try:\n"
        "        cli(sys.argv[1:], prog_name='quotetrack')\n"
        "    except SystemExit as e:\n"
        "        code = e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'alembic', 'dateparser', 'psycopg') or m == 'quotetrack.store.models')\n"
        "print(json.dumps({'code': code, 'out': out.getvalue(), 'heavy': heavy}))\n"
    )
    env = dict(os.environ)
    env.pop("QUOTETRACK_LEAN", None)
    done = subprocess.run(
        [sys.executable, "-c", code, *args, "--db", db_url],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [
        ("quotes", "--speaker", "Costa"),
        ("quotes", "--since", "2025-04-01", "--until", "2025-05-31", "--format", "csv"),
        ("quotes", "--search", "budget", "--format", "json"),
        ("quotes", "--topic", "TOPIC", "--limit", "2"),
        ("ask", "what did Costa say about the dam"),
    ],
)
def test_a_listing_imports_no_sqlalchemy_alembic_dateparser_models_or_psycopg(
    stocked, db_url, args
):
    topic = first_topic(db_url)
    args = tuple(topic if a == "TOPIC" else a for a in args)
    got = _in_a_fresh_process(db_url, *args)
    assert got["code"] == 0 and got["out"]
    assert got["heavy"] == []


def test_a_database_from_a_newer_quotetrack_is_still_refused(stocked, db_url):
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    assert open_reader(db_url) is None
    for args in (("quotes", "--speaker", "Costa"), ("ask", "what did Costa say")):
        result = stocked(*args)
        assert result.exit_code == 1
        assert "newer quotetrack" in result.stderr and not result.stdout


def test_a_database_behind_is_upgraded_as_before(stocked, db_url):
    from quotetrack.store import migrate

    engine = make_engine(db_url)
    migrate.downgrade(engine, "0005")
    assert open_reader(db_url) is None
    result = stocked("quotes", "--speaker", "Costa", "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout
    assert migrate.current_revision(engine) == migrate.HEAD
    engine.dispose()
    assert open_reader(db_url) is not None


def test_a_missing_database_is_created_as_before(tmp_path, runner):
    from quotetrack.cli import cli

    path = tmp_path / "sub" / "new.db"
    assert open_reader(str(path)) is None
    result = runner.invoke(cli, ["quotes", "--db", str(path)])
    assert result.exit_code == 0 and result.stderr == "no matching statements\n"
    assert path.exists()
    reader = open_reader(str(path))
    assert reader is not None
    reader.close()


def test_the_lean_path_can_be_turned_off(stocked, db_url, monkeypatch):
    monkeypatch.setenv("QUOTETRACK_LEAN", "0")
    assert open_reader(db_url) is None
    monkeypatch.setenv("QUOTETRACK_LEAN", "1")
    reader = open_reader(db_url)
    assert reader is not None
    reader.close()


def test_postgresql_is_read_without_psycopg_when_it_can_be(stocked, db_url, pg_driver):
    from quotetrack.query import pgwire

    with open_reader(db_url) as reader:
        own_client = isinstance(reader.con, pgwire.Connection)
    assert own_client == (db_url.startswith("postgresql") and pg_driver == "pgwire")
