"""The interactive review loop: one attribution at a time, each answer saved at once.

Answers are committed one by one, so quitting (or a crash) never loses the verdicts
already given. Skipped attributions are not asked about again in the same walk; after
each verdict the list is read again, since a verdict on a claim also settles the quoted
words inside it.
"""

from __future__ import annotations

import click
from sqlalchemy.orm import Session

from quotetrack.review.decisions import Pending, decide, pending

ANSWERS = {"c": "confirmed", "s": "corrected", "r": "rejected", "n": "skipped", "q": "quit"}
BATCH = 20


def walk(session: Session, status: str, speaker: str | None, limit: int | None) -> dict:
    """Ask about each attribution with ``status``; how many got each answer."""
    speaker_ids = None
    if speaker:
        from quotetrack.query.quotes import speaker_ids as lookup

        speaker_ids = lookup(session, speaker)
    counts = {"confirmed": 0, "corrected": 0, "rejected": 0, "skipped": 0}
    seen: set[int] = set()
    while limit is None or len(seen) < limit:
        batch = pending(session, status, speaker_ids, exclude=seen, limit=BATCH)
        if not batch:
            break
        for item in batch:
            if limit is not None and len(seen) >= limit:
                break
            seen.add(item.attribution_id)
            answer = _ask(item)
            if answer == "quit":
                return _done(counts)
            if answer == "skipped":
                counts["skipped"] += 1
                continue
            name = None
            if answer == "corrected":
                name = click.prompt(
                    "  right speaker", default=item.speaker or "", show_default=True
                )
            decide(session, item.attribution_id, answer, name)
            session.commit()
            counts[answer] += 1
            break  # a verdict can settle others (the quoted words of a claim): ask again
    return _done(counts)


def _ask(item: Pending) -> str:
    click.echo(
        f"\n#{item.attribution_id}  {item.speaker or 'unknown speaker'}  "
        f"({item.kind}, confidence {item.confidence:.2f}, {item.status})"
    )
    if item.title:
        click.echo(f"  in: {item.title}")
    click.echo(f"  {' '.join(item.context.split())}")
    choice = click.prompt(
        "  c)onfirm, s)peaker, r)eject, n)ext, q)uit",
        type=click.Choice(list(ANSWERS)),
        show_choices=False,
    )
    return ANSWERS[choice]


def _done(counts: dict) -> dict:
    return {what: n for what, n in counts.items() if n}
