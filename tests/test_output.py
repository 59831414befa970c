"""Rendering: every format carries the same rows, and CSV is safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from quotetrack.output import render, safe_cell

ROWS = [
    {"date": date(2025, 3, 1), "speaker": "Mara Lindqvist", "text": '=HYPERLINK("x")', "n": 1},
    {
        "date": date(2025, 3, 2),
        "speaker": None,
        "text": 'line one\nline "two", Ünïcödé 日本',
        "n": 2,
    },
]


def test_csv_round_trips_and_neutralises_formulas():
    out = io.StringIO()
    assert render(ROWS, "csv", out) == 2
    back = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert back[0]["text"] == '\'=HYPERLINK("x")'
    assert back[1]["text"] == ROWS[1]["text"]
    assert back[1]["speaker"] == ""
    assert back[0]["date"] == "2025-03-01"


def test_formula_prefixes():
    assert [safe_cell(v) for v in ["+1", "-2", "@a", "=b", "ok", 5]] == [
        "'+1",
        "'-2",
        "'@a",
        "'=b",
        "ok",
        5,
    ]


def test_jsonl_and_json_agree():
    lines = io.StringIO()
    whole = io.StringIO()
    render(ROWS, "jsonl", lines)
    render(ROWS, "json", whole)
    assert [json.loads(x) for x in lines.getvalue().splitlines()] == json.loads(whole.getvalue())


def test_empty_json_is_a_valid_array():
    out = io.StringIO()
    render([], "json", out)
    assert json.loads(out.getvalue()) == []


def test_table_has_header_and_one_line_per_row():
    out = io.StringIO()
    render(ROWS, "table", out, columns=["date", "speaker", "text"])
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["date", "speaker", "text"]
    assert len(lines) == 4
    assert "Mara Lindqvist" in lines[2]


def test_table_fits_a_narrow_terminal_and_keeps_its_columns_aligned(monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("LINES", "24")
    out = io.StringIO()
    render(ROWS, "table", out, columns=["date", "speaker", "text"])
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert len(lines) == 4  # the line break inside the text became a space
    assert lines[3].endswith("line one li…")  # the long text is clipped, and says so
    text_column = lines[1].rindex(" ") + 1  # the dashes under each header
    assert lines[0][text_column:].startswith("text")
    assert lines[2][text_column:].startswith("=HYPERLINK")
    assert lines[2].split("  ")[0] == "2025-03-01"
