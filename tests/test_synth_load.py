"""``benchmarks/synth.py load`` builds a database the query benchmarks can search.

The synthetic corpus is how every query figure in docs/BENCHMARKS.md is taken, so a load
that stops half-way, or leaves attributions out of the full-text index, would silently
take the benchmarks with it. A small load runs here on each backend.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from quotetrack.store.engine import make_engine

SYNTH = Path(__file__).parent.parent / "benchmarks" / "synth.py"


def test_a_small_synthetic_load_is_complete_and_searchable(db_url, run):
    target = db_url.removeprefix("sqlite:///")
    done = subprocess.run(
        [sys.executable, str(SYNTH), "load", "--db", target, "--attributions", "400"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-2000:]

    engine = make_engine(db_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM attributions")).scalar_one()
        first_text = conn.execute(text("SELECT text FROM attributions ORDER BY id")).scalar()
    engine.dispose()
    assert stored == 400

    # a word of the first attribution finds it by full-text search, as a user would
    term = max((w.strip('.,;:"“”') for w in first_text.split()), key=len)
    found = run("quotes", "--search", term, "--format", "jsonl")
    assert found.exit_code == 0, found.output
    assert any(term in line for line in found.output.splitlines())
