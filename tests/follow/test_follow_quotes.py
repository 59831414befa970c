"""Following a quote as a fact-checker would: one statement across three outlets, its
first source, wire copies, and a person's verdicts surviving re-ingest. Runs on SQLite
and PostgreSQL; the articles in ``articles/`` are invented."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from quotetrack.cli import FOLLOW_COLUMNS

ARTICLES = Path(__file__).parent / "articles"
DAM_WORDS = "monument to delay"


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def ingest(run, name: str, published: str, source: str) -> None:
    result = run("ingest", str(ARTICLES / name), "--published", published, "--source", source)
    assert result.exit_code == 0, result.output


def rows(run, *args: str) -> list[dict]:
    result = run("quotes", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return jsonl(result.stdout)


@pytest.fixture
def dam(run):
    """The minister's promise, reported by three outlets with different punctuation, an
    ellipsis and a partial quote; the latest-published article is ingested first."""
    ingest(run, "dam-post.txt", "2025-05-09", "Evening Post")
    ingest(run, "dam-herald.txt", "2025-05-02", "River Herald")
    ingest(run, "dam-courier.txt", "2025-05-02", "Valley Courier")
    return run


@pytest.fixture
def wire(run):
    """A wire story, republished by two papers (one ingested before the original), and
    an analysis that quotes one paragraph of it."""
    ingest(run, "wire-lakeside.txt", "2025-06-11", "Lakeside Daily")
    ingest(run, "wire-original.txt", "2025-06-10", "Continental Press")
    ingest(run, "wire-gazette.txt", "2025-06-11", "Hill Gazette")
    ingest(run, "port-analysis.txt", "2025-06-12", "Harbour Review")
    return run


def costa_promise(run, *args: str) -> list[dict]:
    """The promise in Costa's words, one row per outlet (the Post's claim around its
    quoted words is a row of its own, of kind mixed)."""
    return [
        r
        for r in rows(run, "--speaker", "Costa", "--kind", "direct", *args)
        if DAM_WORDS in r["text"]
    ]


def test_three_outlets_one_statement(dam):
    found = costa_promise(dam)
    assert len(found) == 3
    assert len({r["statement_id"] for r in found}) == 1
    assert {(r["appearances"], r["sources"], r["first_seen"]) for r in found} == {
        (3, 3, "2025-05-02")
    }


def test_first_only_shows_the_first_source(dam):
    found = costa_promise(dam, "--first-only")
    assert [r["source"] for r in found] == ["River Herald"]  # earliest, then ingest order
    other = [r for r in rows(dam, "--speaker", "Costa", "--first-only") if r not in found]
    assert any("monument to our engineers" in r["text"] for r in other)  # not joined


def test_the_same_words_from_someone_else_are_another_statement(dam):
    novak = [r for r in rows(dam, "--speaker", "Novak") if DAM_WORDS in r["text"]]
    assert len(novak) == 1
    assert novak[0]["statement_id"] != costa_promise(dam)[0]["statement_id"]
    assert novak[0]["appearances"] == 1


def test_unknown_speakers_never_join(dam):
    unknown = [r for r in rows(dam) if r["speaker"] is None]
    assert unknown and all(r["statement_id"] is None for r in unknown)
    assert {(r["appearances"], r["sources"]) for r in unknown} == {(1, 1)}


def test_quote_show_tells_the_story(dam):
    statement = costa_promise(dam)[0]["statement_id"]
    result = dam("quote", "show", str(statement))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"statement {statement}: Ana Costa\nsaid:        We will not let")
    assert "first seen:  2025-05-02 in River Herald" in out
    assert "appearances: 3 in 3 sources (3 independent)" in out
    assert out.index("River Herald") < out.index("Valley Courier") < out.index("Evening Post")
    assert "Costa told reporters at the site" in out  # context from the stored offsets
    assert (
        "wording: We will not let this dam become a monument to [-delay, and-] {+delay …+}" in out
    )
    assert "contained in a longer wording" in out or "contains a shorter wording" in out
    shown = jsonl(dam("quote", "show", str(statement), "--format", "json").stdout)[0]
    assert [a["source"] for a in shown["appearances"]] == [
        "River Herald",
        "Valley Courier",
        "Evening Post",
    ]


def test_quote_show_unknown_id_is_one_line(dam):
    result = dam("quote", "show", "987654")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: no statement 987654 (see the statement_id column of: quotetrack quotes)"
    )


def test_wire_copies_are_marked_and_not_independent(wire):
    ibsen = rows(wire, "--speaker", "Ibsen")
    assert len(ibsen) == 4 and len({r["statement_id"] for r in ibsen}) == 1
    assert {(r["sources"], r["independent_sources"]) for r in ibsen} == {(4, 2)}
    shown = jsonl(wire("quote", "show", str(ibsen[0]["statement_id"]), "--format", "json").stdout)
    by_source = {a["source"]: a for a in shown[0]["appearances"]}
    original = by_source["Continental Press"]["document_id"]
    assert by_source["Continental Press"]["copy_of"] is None  # stored second, printed first
    assert by_source["Lakeside Daily"]["copy_of"] == original
    assert by_source["Hill Gazette"]["copy_of"] == original
    assert "5-word runs shared" in by_source["Hill Gazette"]["copy_reason"]
    assert by_source["Harbour Review"]["copy_of"] is None  # quotes a paragraph: not a copy
    text = wire("quote", "show", str(ibsen[0]["statement_id"])).stdout
    assert f"copy of document {original}" in text


def test_export_timeline_first_only_has_the_statement_columns(dam, tmp_path):
    out = tmp_path / "t.csv"
    result = dam("export", "timeline", "--speaker", "Costa", "--first-only", "-o", str(out))
    assert result.exit_code == 0, result.output
    exported = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    header = list(exported[0])
    assert tuple(header[-len(FOLLOW_COLUMNS) :]) == FOLLOW_COLUMNS
    assert {"first_seen", "appearances", "sources", "review_status"} <= set(header)
    promise = [r for r in exported if DAM_WORDS in r["text"]]
    assert [(r["source"], r["appearances"]) for r in promise] == [("River Herald", "3")]
