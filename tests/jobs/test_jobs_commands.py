"""Managing jobs from the CLI, and bad input as one line each."""

from __future__ import annotations

import json

import pytest


def test_add_list_remove(run, tmp_path):
    assert run("jobs", "add", "inbox", str(tmp_path), "--every", "1h30m").exit_code == 0
    added = run("jobs", "add", "wire", "http://127.0.0.1:9/feed.xml", "--cron", "0 * * * *")
    assert added.exit_code == 0 and "added job wire (url, cron 0 * * * *)" in added.stderr
    rows = json.loads(run("jobs", "list", "--format", "json").stdout)
    assert [(r["name"], r["kind"], r["schedule"]) for r in rows] == [
        ("inbox", "folder", "every 1h30m"),
        ("wire", "url", "cron 0 * * * *"),
    ]
    assert rows[0]["source"] == str(tmp_path.resolve()) and rows[0]["last_run"] is None
    table = run("jobs", "list")
    assert table.stdout.splitlines()[0].split()[:3] == ["name", "kind", "source"]
    assert run("jobs", "remove", "wire").exit_code == 0
    assert [r["name"] for r in json.loads(run("jobs", "list", "--format", "json").stdout)] == [
        "inbox"
    ]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["add", "x", "{tmp}", "--every", "soon"], 2, "cannot read --every 'soon'"),
        (["add", "x", "{tmp}", "--cron", "0 0 31 2 *"], 2, "never matches"),
        (["add", "x", "{tmp}"], 2, "exactly one of --every"),
        (["add", "x", "{tmp}/nope", "--every", "1h"], 1, "no such folder or file"),
        (["add", "x", "ftp://example.org/feed", "--every", "1h"], 2, "only http and https"),
        (["add", "bad name", "{tmp}", "--every", "1h"], 2, "use letters, digits"),
        (["remove", "ghost"], 1, "no job named 'ghost'"),
        (["history", "ghost"], 1, "no job named 'ghost'"),
        (["run", "ghost"], 1, "no job named 'ghost'"),
        (["run"], 2, "name the jobs to run, or give --due"),
    ],
)
def test_bad_input_is_one_line(runner, tmp_path, args, code, message):
    """Argument checks do not depend on the backend: SQLite only, to keep the suite quick."""
    from quotetrack.cli import cli

    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    db = str(tmp_path / "jobs.db")
    result = runner.invoke(cli, ["jobs", *args, "--db", db], catch_exceptions=False)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_job_name_is_taken_once(run, tmp_path):
    assert run("jobs", "add", "inbox", str(tmp_path), "--every", "1h").exit_code == 0
    again = run("jobs", "add", "inbox", str(tmp_path), "--every", "1h")
    assert again.exit_code == 1
    assert again.stderr.strip() == "Error: a job named 'inbox' already exists"


def test_a_plain_file_is_not_a_source(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("text")
    result = run("jobs", "add", "one", str(article), "--every", "1h")
    assert result.exit_code == 1 and "a folder, a .jsonl file or a URL" in result.stderr


def test_nothing_due_and_empty_history(run):
    result = run("jobs", "run", "--due")
    assert result.exit_code == 0 and "no job is due" in result.stderr
    assert "no runs yet" in run("jobs", "history").stderr
    assert "no jobs" in run("jobs", "list").stderr


def test_history_csv_has_every_column(run, tmp_path):
    run("jobs", "add", "inbox", str(tmp_path), "--every", "1h")
    run("jobs", "run", "inbox")
    lines = run("jobs", "history", "--format", "csv").stdout.splitlines()
    assert lines[0] == "job,run,started,finished,status,new,unchanged,skipped,failed,error"
    assert lines[1].startswith("inbox,1,") and ",ok,0,0,0,0," in lines[1]
