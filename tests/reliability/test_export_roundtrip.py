"""CSV exports survive spreadsheets: no formula runs, every character comes back.

A quote that starts with ``=``, ``+``, ``-`` or ``@`` (or a source named like a DDE
payload) must reach the spreadsheet as text; newlines, double quotes and non-Latin
scripts must come back exactly, through Python's csv reader and through LibreOffice's
CSV import (checked when ``soffice`` is installed; the import is told to evaluate
formulas, the worst case, and a control file proves it would).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import zipfile
from datetime import date, timedelta
from pathlib import Path
from xml.etree import ElementTree

import pytest

from quotetrack.output import FORMULA_START

ARTICLE = """Budget row deepens as council meets

EASTPORT, March 4, 2025 - The council met again on Tuesday.

"=1+2 is not how you balance a budget," said Joanna Pike, the city's finance director.

"+44 trains a day were cut from the timetable," said Tomasz Wrona, a spokesman.

"-5 per cent is what we were offered," said Mara Lindqvist, head of the dockworkers' union.

"@everyone should read the report before Friday," said Keiko Tanaka, the board president.

"Мы не сдадимся, 我们不会放弃, لن نستسلم, δεν θα παραδοθούμε," said Olga Petrova, an envoy.
"""
TITLE = 'The "deal", the vote\nand the =SUM(A1) mess'
SOURCE = "=cmd|' /C calc'!A0"
URL = "@SUM(1+1)*cmd|' /C calc'!A0"


def neutral(value: object) -> str:
    """What the CSV cell must hold for a value of the JSON output."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


@pytest.fixture
def exported(qt, tmp_path) -> tuple[list[dict], Path, str]:
    """Rows as JSON, the timeline CSV file, and ``quotes --format csv`` output."""
    article = tmp_path / "budget.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    meta = ("--title", TITLE, "--source", SOURCE, "--url", URL, "--published", "2025-03-04")
    assert qt("ingest", str(article), *meta).exit_code == 0
    rows = [json.loads(line) for line in qt("quotes", "--format", "jsonl").stdout.splitlines()]
    timeline = tmp_path / "timeline.csv"
    assert qt("export", "timeline", "-o", str(timeline)).exit_code == 0
    listing = qt("quotes", "--format", "csv").stdout
    return rows, timeline, listing


def test_csv_round_trip_through_pythons_reader(exported):
    rows, timeline, listing = exported
    assert len(rows) >= 5
    texts = {r["text"][:1] for r in rows}
    assert {"=", "+", "-", "@"} <= texts  # the dangerous starts really are in the data
    with timeline.open(encoding="utf-8", newline="") as f:
        from_file = list(csv.DictReader(f))
    from_stdout = list(csv.DictReader(listing.splitlines(keepends=True)))
    for parsed in (from_file, from_stdout):
        assert len(parsed) == len(rows)
        for row, cells in zip(rows, parsed, strict=True):
            for name, cell in cells.items():
                assert cell == neutral(row[name]), name
            assert not cells["text"].startswith(FORMULA_START)
    assert {r["title"] for r in from_file} == {TITLE}  # newline and quotes intact
    assert any("我们不会放弃" in r["text"] and "لن نستسلم" in r["text"] for r in from_file)


def _xlsx_cells(path: Path) -> list[list[tuple[str, str | None]]]:
    """Rows of (value, formula) from the first sheet of an .xlsx file."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    out = []
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells: list[tuple[str, str | None]] = []
        for c in row.findall("m:c", ns):
            column = re.sub(r"\d", "", c.get("r"))
            index = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(column))) - 1
            while len(cells) < index:
                cells.append(("", None))
            v, f = c.find("m:v", ns), c.find("m:f", ns)
            value = v.text if v is not None else ""
            if c.get("t") == "s":
                value = shared[int(value)]
            cells.append((value, f.text if f is not None else None))
        out.append(cells)
    return out


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# comma, double quote, UTF-8, from line 1, standard cells, en-US, quoted not forced to
# text, no special-number detection (dates stay text), ..., evaluate formulas: yes.
CSV_IMPORT = "CSV:44,34,76,1,,1033,false,false,false,false,false,-1,true"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_csv_round_trip_through_libreoffice(exported, tmp_path, db_url):
    if db_url.startswith("postgresql"):
        pytest.skip("the CSV is the same from either backend; one spreadsheet run is enough")
    _, timeline, _ = exported
    with timeline.open(encoding="utf-8", newline="") as f:
        expected = list(csv.reader(f))
    # the control: the same file without the neutralising apostrophes
    control = tmp_path / "control.csv"
    with control.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [[c[1:] if c.startswith("'") else c for c in row] for row in expected]
        )
    out = tmp_path / "xlsx"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(timeline),
            str(control),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    assert any(f for row in _xlsx_cells(out / "control.xlsx") for _, f in row), (
        "control: LibreOffice should have made a formula of an unprotected '=' cell"
    )
    sheet = _xlsx_cells(out / "timeline.xlsx")
    assert len(sheet) == len(expected)
    for row, cells in zip(expected, sheet, strict=True):
        assert [f for _, f in cells] == [None] * len(cells)
        values = [v for v, _ in cells] + [""] * (len(row) - len(cells))
        for want, got in zip(row, values, strict=True):
            if re.fullmatch(r"-?\d+", want):
                assert float(got) == float(want)
            elif re.fullmatch(r"\d{4}-\d\d-\d\d", want) and got.isdigit():
                # ISO dates are always read as dates: the cell holds the day's serial
                assert str(date(1899, 12, 30) + timedelta(days=int(got))) == want
            else:
                assert got == want
