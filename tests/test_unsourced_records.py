"""Records with no source, end to end: an unknown speaker stays unknown in every output.

``Asked about ..., X said`` and ``The board is expected to ...`` report a question and an
expectation whose source the text does not name (docs/EXTRACTION.md, fifth claims pass).
These tests follow such records through ``extract``, the store, ``quotes``, ``speakers``
and ``export``. The article is invented.
"""

from __future__ import annotations

import csv
import json

import pytest

ARTICLE = (
    "Harbour levy vote set for Monday\n"
    "\n"
    "Asked about the ferry levy, Ada Brook said it was fair.\n"
    "\n"
    "The harbour board is widely expected to vote on the levy on Monday.\n"
)
EXPECTATION = "The harbour board is widely expected to vote on the levy on Monday"


def _rows(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_extract_gives_no_speaker_and_no_speaker_span(runner, article):
    from quotetrack.cli import cli

    result = runner.invoke(cli, ["extract", str(article), "--format", "jsonl"])
    assert result.exit_code == 0
    rows = {r["text"]: r for r in _rows(result.stdout)}
    for text in ("about the ferry levy", EXPECTATION):
        row = rows[text]
        assert row["speaker"] is None and row["mention"] is None
        assert row["speaker_start"] is None and row["speaker_end"] is None
        assert row["resolution"] == "none" and row["rule"] == "unsourced"
    assert rows["it was fair"]["speaker"] == "Ada Brook"


def test_stored_and_listed_with_an_unknown_speaker(run, article):
    assert run("ingest", str(article), "--published", "2025-03-14").exit_code == 0
    rows = {r["text"]: r for r in _rows(run("quotes", "--format", "jsonl").stdout)}
    row = rows[EXPECTATION]
    assert row["speaker"] is None and row["mention"] is None
    assert row["speaker_start"] is None
    # nothing in the sentence says when anyone expected it: the publication date, said so
    assert (row["said_on"], row["said_on_source"]) == ("2025-03-14", "published")
    # a named speaker's listing never holds it, and no speaker is made up for it
    named = _rows(run("quotes", "--speaker", "Ada Brook", "--format", "jsonl").stdout)
    assert [r["text"] for r in named] == ["it was fair"]
    speakers = json.loads(run("speakers", "--format", "json").stdout)
    assert [s["name"] for s in speakers] == ["Ada Brook"]


def test_table_csv_and_export_leave_the_speaker_empty(run, article, tmp_path):
    assert run("ingest", str(article), "--published", "2025-03-14").exit_code == 0
    table = run("quotes").stdout
    line = next(x for x in table.splitlines() if "widely expected" in x)
    assert "None" not in line and "null" not in line
    listed = run("quotes", "--format", "csv").stdout.splitlines()
    by_text = {r["text"]: r for r in csv.DictReader(listed)}
    assert by_text[EXPECTATION]["speaker"] == ""
    out = tmp_path / "timeline.csv"
    assert run("export", "timeline", "-o", str(out)).exit_code == 0
    with out.open(encoding="utf-8", newline="") as f:
        exported = {r["text"]: r for r in csv.DictReader(f)}
    assert exported[EXPECTATION]["speaker"] == ""
    assert exported["it was fair"]["speaker"] == "Ada Brook"
