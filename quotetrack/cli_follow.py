"""``quotetrack quote show`` and ``quotetrack review``: follow a statement across
articles, and record a person's verdict on attributions.

Thin commands over :mod:`quotetrack.statements` and :mod:`quotetrack.review`; modules are
imported inside the commands so that ``quotetrack --help`` stays quick.
"""

from __future__ import annotations

import sys
from dataclasses import asdict

import click

from quotetrack.cli import db_option, format_option, open_store
from quotetrack.output import render

STATUS_CHOICES = ("unreviewed", "confirmed", "corrected", "rejected")


def _session(db: str | None, write: bool = False):
    """A session on the configured database; ``write`` takes SQLite's write lock early."""
    from quotetrack.store.engine import session_factory, writer

    engine = open_store(db)
    return session_factory(writer(engine) if write else engine)()


@click.group()
def quote() -> None:
    """Follow one statement across the articles that reported it."""


@quote.command("show")
@click.argument("statement_id", type=int)
@format_option("table", ("table", "json"))
@db_option
def show(statement_id, fmt, db) -> None:
    """Where a statement first appeared, who repeated it, and how the words changed.

    STATEMENT_ID is the statement_id column of `quotetrack quotes`. Each appearance is
    shown with the article text around it; copies of a republished story are marked
    and do not count as independent sources.

    \b
    quotetrack quote show 12
    quotetrack quotes --speaker Costa --first-only --format csv   # find the ids
    quotetrack quote show 12 --format json
    """
    from quotetrack.statements.spread import statement_spread

    with _session(db) as session:
        spread = statement_spread(session, statement_id)
    if fmt == "json":
        render([asdict(spread)], "jsonl", sys.stdout)
        return
    click.echo(f"statement {spread.statement_id}: {spread.speaker or 'unknown speaker'}")
    click.echo(f"said:        {spread.appearances[0].text}")
    if spread.roles:
        click.echo(f"role:        {'; '.join(spread.roles)}")
    click.echo(f"first seen:  {spread.first_seen} in {spread.first_source or 'unknown source'}")
    click.echo(
        f"appearances: {len(spread.appearances)} in {spread.sources} sources "
        f"({spread.independent_sources} independent)"
    )
    for n, a in enumerate(spread.appearances, 1):
        click.echo(f"\n{n}. {a.published}  {a.source or '-'}  (document {a.document_id})")
        if a.title:
            click.echo(f"   {a.title}")
        click.echo(f"   {a.before}[{a.text}]{a.after}")
        click.echo(f"   linked: {a.reason}; review: {a.review_status}")
        if a.copy_of is not None:
            click.echo(f"   copy of document {a.copy_of}: {a.copy_reason}")
        if a.changes:
            click.echo(f"   wording: {a.changes}")


@click.command()
@click.option(
    "--status",
    type=click.Choice(STATUS_CHOICES),
    default="unreviewed",
    show_default=True,
    help="Which attributions to walk.",
)
@click.option("--speaker", help="Only this speaker's attributions.")
@click.option("--limit", type=click.IntRange(min=1), help="Stop after this many.")
@db_option
def review(status, speaker, limit, db) -> None:
    """Walk attributions, least confident first: confirm, correct the speaker or reject.

    Answer c (confirm), s (correct the speaker), r (reject), n (next: decide later) or
    q (quit). Every answer is saved at once. Rejected attributions are hidden from
    quotes and exports unless asked for with --status rejected; a corrected one is
    listed under the right speaker. Verdicts survive the article being ingested again.

    \b
    quotetrack review
    quotetrack review --speaker Costa --limit 20
    quotetrack review --status rejected          # look at rejections again
    quotetrack quotes --status corrected         # what has been corrected
    """
    from quotetrack.review.walk import walk

    with _session(db, write=True) as session:
        counts = walk(session, status, speaker, limit)
    click.echo(
        ", ".join(f"{n} {what}" for what, n in counts.items()) or "nothing to review", err=True
    )
