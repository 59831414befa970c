"""A person's verdicts: the review walk, what verdicts do to listings, and that they
survive the article being stored again. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

ARTICLES = Path(__file__).parent / "articles"
STALLED = "stalled Varda dam"
PROMISE = "monument to delay"


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def rows(run, *args: str) -> list[dict]:
    result = run("quotes", *args, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return jsonl(result.stdout)


def ingest(run, name: str, published: str, source: str):
    result = run("ingest", str(ARTICLES / name), "--published", published, "--source", source)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def reviewed(run):
    """Costa's statements in two articles walked least confident first: the Post's
    paraphrase rejected, its partial quote given to another speaker, the Herald's promise
    skipped, its second quote confirmed. A third outlet's article comes in afterwards."""
    ingest(run, "dam-post.txt", "2025-05-09", "Evening Post")
    ingest(run, "dam-herald.txt", "2025-05-02", "River Herald")
    result = run("review", "--speaker", "Costa", input="x\nr\ns\nLena Varga\nn\nc\nq\n")
    assert result.exit_code == 0, result.output
    assert "is not one of" in result.output  # a wrong key asks again
    assert result.stderr.strip() == "1 confirmed, 1 corrected, 1 rejected, 1 skipped"
    ingest(run, "dam-courier.txt", "2025-05-02", "Valley Courier")
    return run


def test_walk_goes_least_confident_first(reviewed):
    walked = [r for r in rows(reviewed, "--status", "rejected")]
    assert [STALLED in r["text"] for r in walked] == [True]  # confidence 0.65, asked first


def test_rejected_are_hidden_unless_asked_for(reviewed):
    assert not any(STALLED in r["text"] for r in rows(reviewed, "--speaker", "Costa"))
    assert all(r["review_status"] != "rejected" for r in rows(reviewed))


def test_corrected_speaker_is_used_everywhere(reviewed):
    corrected = rows(reviewed, "--status", "corrected")
    # the Post's partial quote and, with it, the quoted words inside it
    assert [(r["kind"], r["speaker"]) for r in corrected] == [
        ("mixed", "Lena Varga"),
        ("direct", "Lena Varga"),
    ]
    assert rows(reviewed, "--speaker", "Varga")[0]["text"] == corrected[0]["text"]
    promise = [r for r in rows(reviewed, "--speaker", "Costa") if PROMISE in r["text"]]
    assert {r["appearances"] for r in promise} == {2}  # the Post's words left the statement
    assert corrected[0]["appearances"] == 1


def test_confirmed_and_unreviewed_filters(reviewed):
    confirmed = rows(reviewed, "--status", "confirmed")
    assert len(confirmed) == 1 and "monument to our engineers" in confirmed[0]["text"]
    waiting = rows(reviewed, "--speaker", "Costa", "--status", "unreviewed")
    assert sum(PROMISE in r["text"] for r in waiting) == 2  # skipped, and the Courier's


def test_verdicts_survive_ingesting_the_article_again(reviewed, db_url):
    again = ingest(reviewed, "dam-post.txt", "2025-05-09", "Evening Post")
    assert "unchanged" in again.stdout
    # A rebuild: the article and everything extracted from it are deleted, then stored
    # again from the same text; the verdicts come back by content hash and span.
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("PRAGMA foreign_keys=ON"))
        conn.execute(text("DELETE FROM documents WHERE title LIKE 'Varda dam: what%'"))
    engine.dispose()
    assert rows(reviewed, "--status", "rejected") == []
    assert "new" in ingest(reviewed, "dam-post.txt", "2025-05-09", "Evening Post").stdout
    assert [STALLED in r["text"] for r in rows(reviewed, "--status", "rejected")] == [True]
    corrected = rows(reviewed, "--status", "corrected")
    assert [r["speaker"] for r in corrected] == ["Lena Varga", "Lena Varga"]
    assert not any(STALLED in r["text"] for r in rows(reviewed, "--speaker", "Costa"))
    promise = [r for r in rows(reviewed, "--speaker", "Costa") if PROMISE in r["text"]]
    assert {r["appearances"] for r in promise} == {2}


def test_a_rejection_can_be_taken_back(reviewed):
    result = reviewed("review", "--status", "rejected", input="c\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "1 confirmed"
    back = [r for r in rows(reviewed, "--speaker", "Costa") if STALLED in r["text"]]
    assert len(back) == 1 and back[0]["review_status"] == "confirmed"
    assert back[0]["statement_id"] is not None  # linked to a statement again


def test_nothing_to_review_and_bad_input(reviewed):
    assert reviewed("review", "--status", "corrected", "--limit", "1", input="q\n").exit_code == 0
    empty = reviewed("review", "--speaker", "Novak", "--status", "confirmed")
    assert empty.stderr.strip() == "nothing to review"
    unknown = reviewed("review", "--speaker", "Nobody Atall")
    assert unknown.exit_code == 1 and unknown.stderr.startswith("Error: no speaker matches")
    assert reviewed("quotes", "--status", "maybe").exit_code == 2


def _wordings(url: str) -> tuple[set, set]:
    """The stored distinct wordings of every statement, and the same derived from the
    appearances: each statement's distinct texts, each with its first attribution."""
    from quotetrack.config import resolve_db_url
    from quotetrack.statements.normalise import stable_hash

    engine = create_engine(resolve_db_url(url))
    with engine.connect() as conn:
        stored = set(
            conn.execute(
                text("SELECT statement_id, text_hash, attribution_id FROM statement_wordings")
            ).all()
        )
        derived = {
            (statement_id, stable_hash(said), first)
            for statement_id, said, first in conn.execute(
                text(
                    "SELECT a.statement_id, t.text, min(t.id) FROM statement_appearances a "
                    "JOIN attributions t ON t.id = a.attribution_id "
                    "GROUP BY a.statement_id, t.text"
                )
            )
        }
    engine.dispose()
    return stored, derived


def test_each_statement_keeps_its_distinct_wordings_through_reviews(reviewed, db_url):
    """Linking compares a new quote with each statement's distinct wordings: the table
    that holds them follows the appearances as verdicts move and remove them, and a
    database migrated from before it gets the same rows."""
    from quotetrack.config import resolve_db_url
    from quotetrack.store import migrate
    from quotetrack.store.engine import make_engine

    stored, derived = _wordings(db_url)
    assert stored and stored == derived
    engine = make_engine(resolve_db_url(db_url))
    migrate.downgrade(engine, "0007")
    migrate.upgrade(engine)
    engine.dispose()
    assert _wordings(db_url) == (stored, derived)
