"""Issue 4 as a user meets it: when things were said, one speaker across articles (and
the user's corrections to that), topics, full-text search and the timeline picture.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ACROSS = Path(__file__).parent / "fixtures" / "across"


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def ingest(run, name: str, published: str) -> None:
    result = run("ingest", str(ACROSS / name), "--published", published)
    assert result.exit_code == 0, result.output


@pytest.fixture
def marsh(run):
    """The mayor in three articles under three spellings, then a nephew who shares her
    surname, then an article that calls someone just "Marsh"."""
    ingest(run, "01-bridge-plan.txt", "2025-03-03")
    ingest(run, "02-bridge-costs.txt", "2025-03-07")
    ingest(run, "03-bridge-delay.txt", "2025-03-14")
    ingest(run, "04-nephew.txt", "2025-03-20")
    ingest(run, "05-ambiguous.txt", "2025-03-21")
    return run


def speakers_of(run, **filters) -> dict[str, int]:
    rows = json.loads(run("speakers", "--format", "json").stdout)
    return {r["name"]: r["documents"] for r in rows}


def test_one_speaker_across_spellings(marsh):
    docs = speakers_of(marsh)
    assert docs["Elena Marsh"] == 3  # "Mayor Elena Marsh", "Elena R. Marsh", "Marsh"
    assert "Elena R. Marsh" not in docs


def test_a_surname_two_people_share_joins_neither(marsh):
    docs = speakers_of(marsh)
    assert docs["Daniel Marsh Jr"] == 1 or docs.get("Daniel Marsh Jr.") == 1
    assert docs["Marsh"] == 1  # the toll article: unknown which Marsh, so not merged


def test_show_explains_every_alias(marsh):
    shown = json.loads(marsh("speakers", "show", "Elena Marsh", "--format", "json").stdout)
    reasons = {a["alias"]: a["reason"] for a in shown["aliases"]}
    assert "surname" in reasons["Marsh"]
    assert "initials" in reasons["Elena R. Marsh"]
    assert shown["speaker"]["documents"] == 3
    assert shown["speaker"]["first_seen"] == "2025-03-03"


def test_merge_is_respected_by_later_ingests(marsh, tmp_path):
    result = marsh("speakers", "merge", "Elena Marsh", "Marsh")
    assert result.exit_code == 0, result.output
    assert speakers_of(marsh)["Elena Marsh"] == 4
    later = tmp_path / "later.txt"
    later.write_text('Toll plan dropped\n\n"We listened to the east bank," Marsh said.\n')
    assert marsh("ingest", str(later), "--published", "2025-04-01").exit_code == 0
    assert speakers_of(marsh)["Elena Marsh"] == 5
    assert "Marsh" not in speakers_of(marsh)


def test_rename_keeps_the_old_name_working(marsh, tmp_path):
    assert marsh("speakers", "rename", "Elena Marsh", "Elena Marsh-Ortiz").exit_code == 0
    rows = jsonl(marsh("quotes", "--speaker", "Elena Marsh", "--format", "jsonl").stdout)
    assert rows and {r["speaker"] for r in rows} == {"Elena Marsh-Ortiz"}
    again = tmp_path / "again.txt"
    again.write_text('Mayor speaks\n\n"The bridge is on time," said Elena Marsh.\n')
    marsh("ingest", str(again), "--published", "2025-04-02")
    assert "Elena Marsh" not in speakers_of(marsh)


def test_split_undoes_a_wrong_merge_for_good(marsh, tmp_path):
    result = marsh("speakers", "split", "Elena Marsh", "Elena R. Marsh")
    assert result.exit_code == 0, result.output
    docs = speakers_of(marsh)
    assert docs["Elena R. Marsh"] == 1 and docs["Elena Marsh"] == 2
    later = tmp_path / "later.txt"
    later.write_text('Auditors reply\n\n"We stand by our report," Elena R. Marsh said.\n')
    marsh("ingest", str(later), "--published", "2025-04-03")
    assert speakers_of(marsh)["Elena R. Marsh"] == 2


def test_corrections_of_unknown_speakers_fail_cleanly(marsh):
    result = marsh("speakers", "merge", "Elena Marsh", "Nobody Here")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no speaker matches 'Nobody Here'")


def test_said_on_comes_from_the_sentence_when_it_says_so(marsh):
    rows = jsonl(marsh("quotes", "--search", "housing targets", "--format", "jsonl").stdout)
    assert len(rows) == 1
    told = rows[0]
    assert told["said_on"] == "2025-03-11"  # "on Tuesday" before Friday 14 March
    assert told["said_on_source"] == "text"
    assert told["published"] == "2025-03-14"
    plan = jsonl(marsh("quotes", "--search", "connect two halves", "--format", "jsonl").stdout)
    assert plan[0]["said_on"] == "2025-03-03" and plan[0]["said_on_source"] == "published"


def test_since_until_filter_on_when_it_was_said(marsh):
    rows = jsonl(
        marsh(
            "quotes", "--since", "2025-03-12", "--until", "2025-03-19", "--format", "jsonl"
        ).stdout
    )
    assert rows == []  # published on the 14th, but said on the 11th
    rows = jsonl(
        marsh(
            "quotes", "--since", "2025-03-10", "--until", "2025-03-12", "--format", "jsonl"
        ).stdout
    )
    assert [r["said_on"] for r in rows] == ["2025-03-11"]


def test_topics_listed_and_filtered(marsh):
    topics = {
        r["name"]: r["attributions"] for r in json.loads(marsh("topics", "--format", "json").stdout)
    }
    assert topics.get("housing and infrastructure", 0) >= 3
    rows = jsonl(
        marsh("quotes", "--topic", "housing and infrastructure", "--format", "jsonl").stdout
    )
    assert rows and all("housing and infrastructure" in r["topics"] for r in rows)
    missing = marsh("quotes", "--topic", "astrology")
    assert missing.exit_code == 1 and "no topic or keyword" in missing.stderr


def test_full_text_search_is_ranked(marsh):
    rows = jsonl(marsh("quotes", "--search", "bridge", "--format", "jsonl").stdout)
    assert rows and all("bridge" in r["text"].lower() for r in rows)
    both = jsonl(marsh("quotes", "--search", "toll tax", "--format", "jsonl").stdout)
    assert [r["speaker"] for r in both] == ["Marsh"]


def test_ask_understands_topics_and_dates(marsh):
    rows = jsonl(
        marsh(
            "ask", "what did Elena Marsh say about the bridge since March 2025", "--format", "jsonl"
        ).stdout
    )
    assert rows and {r["speaker"] for r in rows} == {"Elena Marsh"}
    assert any("bridge" in r["text"].lower() for r in rows)


def test_timeline_pictures(marsh, tmp_path):
    png = tmp_path / "t.png"
    svg = tmp_path / "t.svg"
    assert marsh("export", "timeline", "--plot", str(png)).exit_code == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert marsh("export", "timeline", "--by", "topic", "--plot", str(svg)).exit_code == 0
    drawn = svg.read_text()
    assert "housing and infrastructure" in drawn
    bad = marsh("export", "timeline", "--plot", str(tmp_path / "t.gif"))
    assert bad.exit_code == 1 and ".png or .svg" in bad.stderr
