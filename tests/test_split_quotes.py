"""A quotation split by its attribution ("...," she said, "...") is shown as the speaker's
words alone, while its span and the pieces' offsets stay exact, on both backends."""

from __future__ import annotations

import csv
import json

import quotetrack

ARTICLE = (
    "Library hours cut\n\n"
    '"We have kept the doors open for forty years," librarian Maud Keller said on '
    'Monday, "but the budget no longer stretches to evenings."\n\n'
    "The council will vote on the cuts next month.\n"
)
FIRST = "We have kept the doors open for forty years,"
SECOND = "but the budget no longer stretches to evenings."


def test_the_extractor_gives_the_pieces_and_the_words():
    (quote,) = [a for a in quotetrack.extract(ARTICLE) if a.kind == "direct"]
    assert [ARTICLE[s:e] for s, e in quote.fragments] == [FIRST, SECOND]
    assert quote.text == ARTICLE[quote.start : quote.end]  # the span still holds it all
    assert quote.words == f"{FIRST} … {SECOND}"
    assert "librarian" not in quote.words


def test_listings_show_the_words_and_keep_the_offsets(run, tmp_path):
    path = tmp_path / "library.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert run("ingest", str(path), "--published", "2025-09-02").exit_code == 0

    (row,) = [
        json.loads(line)
        for line in run("quotes", "--speaker", "Keller", "--format", "jsonl").stdout.splitlines()
    ]
    assert row["words"] == f"{FIRST} … {SECOND}"
    assert row["text"] == ARTICLE[row["start"] : row["end"]]
    # the pieces are a list of [start, end], as `extract --format jsonl` gives them
    assert [ARTICLE[s:e] for s, e in row["fragments"]] == [FIRST, SECOND]
    (quote,) = [a for a in quotetrack.extract(ARTICLE) if a.kind == "direct"]
    assert row["fragments"] == [list(f) for f in quote.fragments]

    (listed,) = list(
        csv.DictReader(run("quotes", "--speaker", "Keller", "--format", "csv").stdout.splitlines())
    )
    assert json.loads(listed["fragments"]) == row["fragments"]  # a CSV cell holds JSON

    table = run("quotes", "--speaker", "Keller").stdout
    assert "We have kept the doors open" in table and "librarian" not in table

    out = tmp_path / "keller.csv"
    assert run("export", "timeline", "--speaker", "Keller", "-o", str(out)).exit_code == 0
    (exported,) = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert exported["words"] == f"{FIRST} … {SECOND}"
