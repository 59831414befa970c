"""Every command as a user runs it, on SQLite and PostgreSQL, including bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quotetrack.store.models import Attribution, Document

FIXTURES = Path(__file__).parent / "fixtures"

STRIKE = str(FIXTURES / "port-strike.txt")
DEAL = str(FIXTURES / "port-deal.txt")
MEALS = str(FIXTURES / "school-meals.txt")


def counts(engine) -> tuple[int, int]:
    with engine.connect() as conn:
        docs = conn.execute(select(func.count()).select_from(Document)).scalar()
        atts = conn.execute(select(func.count()).select_from(Attribution)).scalar()
    return docs, atts


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def stocked(run):
    """A database holding the three fixture articles."""
    result = run("ingest", STRIKE, DEAL, MEALS, "--published", "2025-03-14", "--source", "Wire")
    assert result.exit_code == 0, result.output
    return run


def test_init_creates_the_database(run):
    result = run("init")
    assert result.exit_code == 0
    assert "database ready" in result.stderr


def test_ingest_reports_each_file_and_is_idempotent(run, engine):
    first = run("ingest", STRIKE, DEAL)
    assert first.exit_code == 0
    assert first.stdout.count("new ") == 2
    assert "2 new, 0 unchanged, 0 failed" in first.stderr
    stored = counts(engine)
    assert stored[0] == 2 and stored[1] > 0
    again = run("ingest", STRIKE, DEAL)
    assert again.exit_code == 0
    assert again.stdout.count("unchanged") == 2
    assert counts(engine) == stored


def test_ingest_a_folder_recursively_and_stdin(run, engine, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deal.txt").write_text((FIXTURES / "port-deal.txt").read_text())
    (tmp_path / "a" / "notes.csv").write_text("not,an,article\n")
    result = run("ingest", str(tmp_path / "a"))
    assert result.exit_code == 0 and "1 new" in result.stderr
    piped = run("ingest", "-", input=(FIXTURES / "school-meals.txt").read_bytes())
    assert piped.exit_code == 0 and "<stdin>" in piped.stdout
    assert counts(engine)[0] == 2


def test_same_text_with_crlf_and_bom_is_unchanged(run, tmp_path):
    original = (FIXTURES / "port-deal.txt").read_text()
    copy = tmp_path / "copy.txt"
    copy.write_bytes(b"\xef\xbb\xbf" + original.replace("\n", "\r\n").encode())
    assert run("ingest", DEAL).exit_code == 0
    result = run("ingest", str(copy))
    assert "unchanged" in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        (b"The minister said \xff\xfe\xfa it was fine.", "not valid utf-8"),
        (b"", "empty document"),
        (b"   \n\n\t  \n", "empty document"),
    ],
)
def test_bad_files_fail_alone_with_one_line(run, engine, tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("ingest", str(bad), STRIKE)
    assert result.exit_code == 3
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and reason in failed[0].lower()
    assert "Traceback" not in result.output
    assert counts(engine)[0] == 1  # the good file is stored, the bad one not at all


def test_missing_file_fails_with_exit_3(run, engine, tmp_path):
    result = run("ingest", str(tmp_path / "nope.txt"))
    assert result.exit_code == 3
    assert "no such file" in result.stderr
    assert counts(engine) == (0, 0)


def test_invalid_utf8_can_be_replaced_on_request(run, tmp_path):
    bad = tmp_path / "latin.txt"
    bad.write_bytes('"We will not pay," said Ana Mart\xednez.'.encode("latin-1"))
    assert run("ingest", str(bad)).exit_code == 3
    assert run("ingest", str(bad), "--encoding", "latin-1").exit_code == 0


def test_utf16_with_bom_is_read(run, tmp_path):
    f = tmp_path / "utf16.txt"
    f.write_bytes((FIXTURES / "school-meals.txt").read_text().encode("utf-16"))
    result = run("ingest", str(f))
    assert result.exit_code == 0 and "new" in result.stdout


def test_unreadable_date_is_a_usage_error(run, engine):
    result = run("ingest", STRIKE, "--published", "the day after never")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    assert counts(engine) == (0, 0)


def test_quotes_by_speaker_alias_any_case(stocked):
    result = stocked("quotes", "--speaker", "lindqvist", "--format", "jsonl")
    assert result.exit_code == 0
    rows = jsonl(result.stdout)
    texts = " ".join(r["text"] for r in rows)
    assert "fair offer on the table" in texts
    assert "victory for every worker" in texts
    assert {r["speaker"] for r in rows} == {"Mara Lindqvist"}


def test_quotes_rows_point_into_the_stored_text(stocked, engine):
    rows = jsonl(stocked("quotes", "--format", "jsonl").stdout)
    assert rows
    with engine.connect() as conn:
        texts = dict(conn.execute(select(Document.id, Document.text)).all())
    for r in rows:
        assert texts[r["document_id"]][r["start"] : r["end"]] == r["text"]


def test_unknown_speaker_is_an_error(stocked):
    result = stocked("quotes", "--speaker", "Nobody Atall")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no speaker matches 'Nobody Atall' (list them with: quotetrack speakers)"
    ]


def test_quotes_filters_by_date_kind_and_words(run):
    assert run("ingest", STRIKE, "--published", "2025-03-07").exit_code == 0
    assert run("ingest", DEAL, "--published", "2025-03-11").exit_code == 0
    later = jsonl(run("quotes", "--since", "2025-03-10", "--format", "jsonl").stdout)
    assert later and all(r["date"] == "2025-03-11" for r in later)
    earlier = jsonl(run("quotes", "--until", "March 8 2025", "--format", "jsonl").stdout)
    assert earlier and all(r["date"] == "2025-03-07" for r in earlier)
    direct = jsonl(run("quotes", "--kind", "direct", "--format", "jsonl").stdout)
    assert direct and all(r["kind"] == "direct" for r in direct)
    words = jsonl(run("quotes", "--search", "POT", "--format", "jsonl").stdout)
    assert [r["speaker"] for r in words] == ["Henrik Dahl"]
    limited = jsonl(run("quotes", "--limit", "1", "--format", "jsonl").stdout)
    assert len(limited) == 1


def test_quotes_table_and_csv(stocked):
    table = stocked("quotes", "--speaker", "Dahl")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:3] == ["date", "speaker", "kind"]
    assert "Henrik Dahl" in table.stdout
    as_csv = stocked("quotes", "--speaker", "Dahl", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and all(r["speaker"] == "Henrik Dahl" for r in rows)


def test_speakers_lists_counts(stocked):
    result = stocked("speakers", "--format", "json")
    rows = json.loads(result.stdout)
    by_name = {r["name"]: r for r in rows}
    assert by_name["Mara Lindqvist"]["documents"] == 2
    assert by_name["Mara Lindqvist"]["attributions"] >= 2


def test_ask_what_did_x_say(stocked):
    rows = jsonl(stocked("ask", "what did Lindqvist say", "--format", "jsonl").stdout)
    assert rows and {r["speaker"] for r in rows} == {"Mara Lindqvist"}


def test_ask_about_a_topic(stocked):
    rows = jsonl(stocked("ask", "what did Pike say about the budget", "--format", "jsonl").stdout)
    assert rows and all(r["speaker"] == "Joanna Pike" for r in rows)


def test_ask_who_said(stocked):
    rows = jsonl(stocked("ask", "who said 'no more money'", "--format", "jsonl").stdout)
    assert [r["speaker"] for r in rows] == ["Henrik Dahl"]


def test_ask_unreadable_question(stocked):
    result = stocked("ask", "make me a sandwich")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "what did Witkoff say" in result.stderr


def test_export_timeline_csv(stocked, tmp_path):
    out = tmp_path / "timeline.csv"
    result = stocked("export", "timeline", "--speaker", "Lindqvist", "-o", str(out))
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert list(rows[0].keys()) == [
        "date", "speaker", "role", "kind", "text", "cue", "title", "source", "url",
        "document_id", "start", "end", "words",
    ]  # fmt: skip
    assert {r["speaker"] for r in rows} == {"Mara Lindqvist"}
    assert rows == sorted(rows, key=lambda r: r["date"])
    assert all(r["source"] == "Wire" for r in rows)


def test_extract_prints_the_scorer_contract(runner):
    from quotetrack.cli import cli

    result = runner.invoke(cli, ["extract", STRIKE, "--format", "jsonl"])
    assert result.exit_code == 0
    rows = jsonl(result.stdout)
    text = (FIXTURES / "port-strike.txt").read_text()
    assert rows
    for r in rows:
        assert {"doc", "start", "end", "speaker_start", "speaker_end", "kind", "speaker"} <= set(r)
        assert text[r["start"] : r["end"]] == r["text"]
    assert any(r["speaker"] == "Henrik Dahl" and "no more money" in r["text"] for r in rows)


def test_extract_missing_file(runner, tmp_path):
    from quotetrack.cli import cli

    result = runner.invoke(cli, ["extract", str(tmp_path / "gone.txt")])
    assert result.exit_code == 3
    assert "no such file" in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mongodb://localhost/news", "unsupported database URL"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open database"),
    ],
)
def test_bad_database_url(runner, url, message):
    from quotetrack.cli import cli

    result = runner.invoke(cli, ["quotes", "--db", url])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_password_never_printed(runner):
    from quotetrack.cli import cli

    result = runner.invoke(cli, ["quotes", "--db", "postgresql://editor:hunter2@127.0.0.1:1/news"])
    assert result.exit_code == 1
    assert "hunter2" not in result.output


def test_every_command_has_help_with_examples(runner):
    from quotetrack.cli import cli

    def walk(group, path):
        for name, command in group.commands.items():
            yield [*path, name], command
            if hasattr(command, "commands"):
                yield from walk(command, [*path, name])

    for path, command in walk(cli, []):
        result = runner.invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path
        assert command.help, path
        if not hasattr(command, "commands"):
            assert "quotetrack " in command.help, f"{path} has no example"
