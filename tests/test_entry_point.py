"""The installed ``quotetrack`` command, run as a user runs it: a real process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def _command() -> str:
    beside = Path(sys.executable).parent / "quotetrack"
    found = str(beside) if beside.exists() else shutil.which("quotetrack")
    if not found:
        pytest.skip("quotetrack is not installed as a command")
    return found


def test_installed_command_ingests_and_answers(db_url):
    exe = _command()

    def qt(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [exe, *args, "--db", db_url], capture_output=True, text=True, timeout=120
        )

    articles = [
        str(FIXTURES / name) for name in ("port-strike.txt", "port-deal.txt", "school-meals.txt")
    ]
    ingested = qt("ingest", *articles, "--published", "2025-03-14")
    assert ingested.returncode == 0, ingested.stderr
    assert "3 new" in ingested.stderr
    answer = qt("ask", "what did Dahl say", "--format", "jsonl")
    assert answer.returncode == 0, answer.stderr
    rows = [json.loads(line) for line in answer.stdout.splitlines()]
    assert rows and {r["speaker"] for r in rows} == {"Henrik Dahl"}


def test_installed_command_errors_are_one_line(tmp_path):
    exe = _command()
    result = subprocess.run(
        [exe, "quotes", "--speaker", "X", "--since", "blorp", "--db", str(tmp_path / "q.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "cannot read 'blorp'" in result.stderr
