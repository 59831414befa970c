"""``export timeline --plot``: who spoke (or which topic came up) when, as a picture.

One row per speaker (or topic), most active at the top; each statement is a mark at the
day it was said, so bursts and silences show at a glance. matplotlib is an optional
extra (``pip install 'quotetrack[plot]'``): the rest of quotetrack never imports it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from quotetrack.errors import QuotetrackError
from quotetrack.query.quotes import QuoteQuery, quote_statement
from quotetrack.store.models import AttributionTopic, Topic

MAX_ROWS = 20
FORMATS = (".png", ".svg")


def plot_timeline(session: Session, query: QuoteQuery, by: str, path: str) -> int:
    """Draw the statements ``query`` selects to ``path``; returns how many were drawn."""
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        raise QuotetrackError(f"cannot draw to {target.name!r}: give a .png or .svg file")
    points = _points(session, query, by)
    if not points:
        raise QuotetrackError("no statements match, so there is nothing to draw")
    try:
        import matplotlib
    except ImportError as exc:
        raise QuotetrackError("plotting needs matplotlib: pip install 'quotetrack[plot]'") from exc
    matplotlib.use("Agg")
    from matplotlib import pyplot

    rows = [name for name, _ in Counter(n for n, _ in points).most_common(MAX_ROWS)]
    per_row: dict[str, Counter[date]] = defaultdict(Counter)
    for name, day in points:
        if name in per_row or name in rows:
            per_row[name][day] += 1
    figure, axes = pyplot.subplots(figsize=(11, 1.2 + 0.45 * len(rows)))
    for y, name in enumerate(reversed(rows)):
        days = sorted(per_row[name])
        sizes = [30 + 25 * (per_row[name][d] - 1) for d in days]
        axes.scatter(days, [y] * len(days), s=sizes, alpha=0.7)
    axes.set_yticks(range(len(rows)), list(reversed(rows)))
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.grid(axis="x", linestyle=":", alpha=0.5)
    axes.set_title(f"Statements per {by} over time ({len(points)} statements)")
    figure.autofmt_xdate()
    figure.tight_layout()
    figure.savefig(target)
    pyplot.close(figure)
    return len(points)


def _points(session: Session, query: QuoteQuery, by: str) -> list[tuple[str, date]]:
    """(row label, day) for every statement, or for every (statement, topic) pair."""
    rows = session.execute(quote_statement(session, query)).mappings()
    if by == "speaker":
        return [(r["speaker"], r["date"]) for r in rows if r["date"] and r["speaker"]]
    days = {r["id"]: r["date"] for r in rows if r["date"]}
    pairs = session.execute(
        select(AttributionTopic.attribution_id, Topic.name)
        .join(Topic, Topic.id == AttributionTopic.topic_id)
        .where(Topic.kind == "topic", AttributionTopic.attribution_id.in_(list(days)))
    )
    return [(name, days[aid]) for aid, name in pairs]
