"""Every command, not only the ones that read articles, answers bad arguments with a
reason and leaves the database as it was.

test_bad_input.py feeds bad files to ingest, extract and dates, and bad dates and
questions to quotes and ask. Here the other commands (quote show, review, topics,
speakers show/merge/rename/split, jobs, export) get what a hurried user or a script
gives them: names that look like SQL or wildcards, blank names, ids that are not
numbers, impossible schedules, a folder where a file should be. Each case must end with
its documented exit status and one ``Error:`` line, and no row of any table may change.

The commands run in process (click's runner) to keep the many cases quick; the
subprocess tests elsewhere show that the entry point behaves the same.
"""

from __future__ import annotations

import pytest
from reliability_cli import Run, assert_clean_failure, run_in_process
from reliability_corpus import write_articles
from sqlalchemy import inspect, text

from quotetrack.store.engine import make_engine

SQL = "Robert'); DROP TABLE speakers;--"


def invoke(db_url: str, *args: str, input: str | None = None) -> Run:
    return run_in_process(*args, "--db", db_url, input=input)


def every_row(db_url: str) -> dict[str, list[tuple]]:
    """Every row of every table, as text, in a stable order."""
    engine = make_engine(db_url)
    try:
        tables = sorted(inspect(engine).get_table_names())
        with engine.connect() as conn:
            return {
                t: sorted(tuple(map(str, r)) for r in conn.execute(text(f'SELECT * FROM "{t}"')))
                for t in tables
            }
    finally:
        engine.dispose()


@pytest.fixture
def stocked(db_url, tmp_path) -> str:
    """A database with five articles (Henrik Dahl among the speakers) and one job."""
    articles = write_articles(tmp_path / "inbox", 5, seed=99)
    assert invoke(db_url, "ingest", *map(str, articles)).exit_code == 0
    added = invoke(db_url, "jobs", "add", "inbox", str(tmp_path / "inbox"), "--every", "1h")
    assert added.exit_code == 0, added.stderr
    return db_url


def cases(folder: str) -> list[tuple[tuple[str, ...], int, str]]:
    """(arguments, exit status, words the error line must contain)."""
    missing = folder + "/no-such-folder"
    return [
        (("quote", "show", "abc"), 2, "not a valid integer"),
        (("quote", "show", "1; DROP TABLE statements"), 2, "not a valid integer"),
        (("quote", "show", "987654"), 1, "no statement 987654"),
        (("review", "--speaker", SQL), 1, "no speaker matches"),
        (("review", "--speaker", "%"), 1, "no speaker matches"),
        (("review", "--limit", "0"), 2, "--limit"),
        (("review", "--status", "maybe"), 2, "--status"),
        (("topics", "--format", "xml"), 2, "--format"),
        (("speakers", "show", SQL), 1, "no speaker matches"),
        (("speakers", "show", "_%"), 1, "no speaker matches"),
        (("speakers", "merge", SQL, "Henrik Dahl"), 1, "no speaker matches"),
        (("speakers", "merge", "Henrik Dahl", "Dahl"), 1, "already one speaker"),
        (("speakers", "rename", "Henrik Dahl", ""), 2, "cannot be empty"),
        (("speakers", "rename", "Henrik Dahl", " \t "), 2, "cannot be empty"),
        (("speakers", "rename", SQL, "Henrik Dahl"), 1, "no speaker matches"),
        (("speakers", "split", "Henrik Dahl", ""), 2, "cannot be empty"),
        (("speakers", "split", "Henrik Dahl", SQL), 1, "has no alias or statements"),
        (("jobs", "add", "", folder, "--every", "1h"), 2, "job name"),
        (("jobs", "add", SQL, folder, "--every", "1h"), 2, "job name"),
        (("jobs", "add", "inbox", folder, "--every", "1h"), 1, "inbox"),  # taken
        (("jobs", "add", "w", folder, "--every", "0s"), 2, "too often"),
        (("jobs", "add", "w", folder, "--every", "31 February"), 2, "cannot read --every"),
        (("jobs", "add", "w", folder, "--cron", "61 * * * *"), 2, "out of range"),
        (("jobs", "add", "w", "ftp://example.org/feed", "--every", "1h"), 2, "http"),
        (("jobs", "add", "w", missing, "--every", "1h"), 1, "no such folder or file"),
        (("jobs", "run", SQL), 1, "no job named"),
        (("jobs", "history", "%"), 1, "no job named"),
        (("jobs", "remove", SQL), 1, "no job named"),
        (("export", "timeline", "--since", "31 February 2025"), 2, "cannot read"),
        (("export", "timeline", "--speaker", SQL), 1, "no speaker matches"),
        (("export", "timeline", "-o", folder), 2, "is a directory"),
        (("quotes", "--kind", "shouted"), 2, "--kind"),
    ]


def test_bad_arguments_to_every_command_change_nothing(stocked, tmp_path):
    before = every_row(stocked)
    assert before["documents"] and before["jobs"]
    for args, status, words in cases(str(tmp_path)):
        result = invoke(stocked, *args)
        assert_clean_failure(result, status)
        assert words in result.error_lines[0], (args, result.stderr)
        assert result.stdout == "", args
    assert every_row(stocked) == before


def test_names_that_look_like_sql_can_be_given_and_found(stocked):
    """Renaming to such a name stores it as a name; every command then finds it."""
    renamed = invoke(stocked, "speakers", "rename", "Henrik Dahl", SQL)
    assert renamed.exit_code == 0, renamed.stderr
    for args in (
        ("speakers", "show", SQL),
        ("quotes", "--speaker", SQL),
        ("review", "--speaker", SQL, "--limit", "1"),
    ):
        result = invoke(stocked, *args, input="q\n")
        assert result.exit_code == 0, (args, result.stderr)
        assert SQL in result.stdout, args
    back = invoke(stocked, "speakers", "rename", SQL, "Henrik Dahl")
    assert back.exit_code == 0, back.stderr
    assert "speakers" in every_row(stocked)
