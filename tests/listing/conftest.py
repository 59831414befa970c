"""A database with every kind of row a listing shows, on each backend: the invented
articles and reviews that the lean read path (test_lean_read.py) and the launcher
(test_launch.py) are checked against. Here, in this folder's conftest, so that both
share the fixtures and nothing outside the folder gets their ``run``."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).parent.parent
ARTICLES = [
    (TESTS / "fixtures" / "port-deal.txt", "2025-03-04", "Harbour Times"),
    (TESTS / "fixtures" / "port-strike.txt", "2025-03-11", "Harbour Times"),
    (TESTS / "fixtures" / "school-meals.txt", "2025-06-20", "Evening Post"),
    *(
        (p, f"2025-04-{10 + i:02d}", "City Desk")
        for i, p in enumerate(sorted((TESTS / "fixtures" / "across").glob("*.txt")))
    ),
    (TESTS / "follow" / "articles" / "dam-post.txt", "2025-05-09", "Evening Post"),
    (TESTS / "follow" / "articles" / "dam-herald.txt", "2025-05-02", "River Herald"),
    (TESTS / "follow" / "articles" / "dam-courier.txt", "2025-05-02", "Valley Courier"),
    (TESTS / "follow" / "articles" / "wire-original.txt", "2025-07-01", "Wire"),
    (TESTS / "follow" / "articles" / "wire-gazette.txt", "2025-07-02", "Gazette"),
]
# Invented, like the fixtures: a split quotation, an anonymous source, a quote that looks
# like a spreadsheet formula, dates in the sentence, words with LIKE's wildcards.
LIBRARY = (
    "Library hours cut\n\n"
    '"We have kept the doors open for forty years," librarian Maud Keller said on '
    'Monday, "but the budget no longer stretches to evenings."\n\n'
    '"=SUM(A1:A9) is not a budget, and 100% of readers know it," Keller added.\n\n'
    "A senior council official, who asked not to be named, said the cuts would be "
    "reviewed on March 3 and again in the first quarter of 2026.\n\n"
    'Councillor Ivo Brandt said the plan_b fund "was never meant for books".\n'
)


@pytest.fixture(autouse=True)
def _engines_closed(monkeypatch):
    """Dispose of the engine each in-process command opens (a CLI process would exit and
    close it): otherwise every command here keeps a PostgreSQL connection open, and the
    server, shared with other test runs, refuses clients."""
    import quotetrack.cli
    import quotetrack.cli_follow

    engines = []
    real = quotetrack.cli.open_store

    def open_store(db):
        engines.append(real(db))
        return engines[-1]

    for module in (quotetrack.cli, quotetrack.cli_follow):
        monkeypatch.setattr(module, "open_store", open_store)
    yield engines
    for engine in engines:
        engine.dispose()


@pytest.fixture
def run(run, _engines_closed):
    """The shared ``run``, closing each command's engine when it is done."""

    def invoke(*args, **kwargs):
        result = run(*args, **kwargs)
        while _engines_closed:
            _engines_closed.pop().dispose()
        return result

    return invoke


@pytest.fixture
def stocked(run, tmp_path):
    """A database with every kind of row a listing shows, reviewed, on each backend."""
    for path, published, source in ARTICLES:
        result = run("ingest", str(path), "--published", published, "--source", source)
        assert result.exit_code == 0, result.output
    library = tmp_path / "library.txt"
    library.write_text(LIBRARY, encoding="utf-8")
    assert run("ingest", str(library), "--published", "2025-09-02").exit_code == 0
    # Walk Costa's statements: reject one, correct one, skip, confirm.
    result = run("review", "--speaker", "Costa", input="r\ns\nLena Varga\nn\nc\nq\n")
    assert result.exit_code == 0, result.output
    return run
