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


def _table_as_it_was(rows: list[dict], names: list[str], total: int) -> str:
    """The table format as it was written before it went by column: a call per cell and
    a format per line (the reference the faster one must match byte for byte)."""
    from quotetrack.output import _cell, _clip, _fit

    cells = [[_cell(row.get(name)) for row in rows] for name in names]
    natural = [max(len(name), *map(len, c)) for name, c in zip(names, cells, strict=True)]
    widths = _fit(natural, total)
    line = "  ".join(f"{{:<{w}}}" for w in widths).format
    lines = [line(*map(_clip, names, widths)), line(*("-" * w for w in widths))]
    lines += [line(*map(_clip, values, widths)) for values in zip(*cells, strict=True)]
    return "".join(x.rstrip() + "\n" for x in lines)


TABLE_ROWS = [
    {"a": "plain words", "b": None, "c": 1.5, "d": date(2025, 1, 2), "e": "x"},
    {"a": "  padded\tand\nbroken  ", "b": "Ünïcödé 日本", "c": 2, "d": None, "e": ""},
    {"a": "a" * 150, "b": "Mara Lindqvist", "c": True, "d": date(2025, 1, 2), "e": None},
    {"a": "thin\u00a0space and\u2028separator", "b": "", "c": [[1, 2]], "d": None, "e": ""},
    {"a": "plain words", "b": "Mara Lindqvist", "c": None, "d": date(2024, 12, 31), "e": ""},
]


def test_the_table_by_column_prints_what_the_cell_by_cell_table_printed(monkeypatch):
    """Same bytes for text to normalise and clip, empty cells and empty last columns,
    None, floats, bools, lists, dates and repeated values, at several terminal widths;
    and the same with every column all text, all dates, or one repeated value."""
    columns = [
        list(TABLE_ROWS[0]),
        ["e", "d", "b"],  # the last column empty in most rows
        ["a"],
        ["d", "b"],
    ]
    repeated = [{"v": "same  value", "d": date(2025, 3, 1)} for _ in range(9)]
    distinct = [{"v": f"value {i}\n", "d": date(2025, 3, 1 + i)} for i in range(9)]
    for total in (20, 40, 80, 120, 400):
        monkeypatch.setenv("COLUMNS", str(total))
        monkeypatch.setenv("LINES", "24")
        for rows, names in [(TABLE_ROWS, c) for c in columns] + [
            (repeated, ["v", "d"]),
            (distinct, ["d", "v"]),
        ]:
            out = io.StringIO()
            assert render(rows, "table", out, columns=names) == len(rows)
            assert out.getvalue() == _table_as_it_was(rows, names, total), (total, names)


def test_an_empty_table_prints_nothing():
    out = io.StringIO()
    assert render([], "table", out, columns=["a"]) == 0
    assert out.getvalue() == ""


def test_a_json_line_is_what_json_dumps_gives_with_its_line_breaks_escaped():
    """One encoder for every row and no translation of an ASCII line: the same text as
    ``json.dumps`` with the Unicode line breaks escaped, so a record stays one line."""
    from quotetrack.output import _dumps

    rows = [
        *TABLE_ROWS,
        {"t": "para\u2029graph, next\x85line", "n": 1.25, "ok": False, "d": date(2025, 1, 2)},
        {"t": 'quote "marks" \\ and \u00e9', "pieces": [[0, 3], [9, 12]], "none": None},
    ]
    for row in rows:
        expected = json.dumps(row, default=lambda v: v.isoformat(), ensure_ascii=False)
        for raw, escaped in (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085")):
            expected = expected.replace(raw, escaped)
        assert _dumps(row) == expected
        assert len(_dumps(row).splitlines()) == 1
