"""``quotetrack jobs``: scheduled ingest from folders, JSON Lines, web pages and feeds.

Thin commands over :mod:`quotetrack.jobs`; modules are imported inside the commands so
that ``quotetrack --help`` stays quick.
"""

from __future__ import annotations

import sys

import click

from quotetrack.cli import EXIT_PARTIAL, db_option, format_option, open_store

RUN_COLUMNS = ("job", "status", "new", "unchanged", "skipped", "failed", "error")


@click.group()
def jobs() -> None:
    """Keep folders, web pages and feeds ingested on a schedule.

    Add a job once; then let cron, a systemd timer (`quotetrack jobs run --due`) or
    `quotetrack jobs serve` keep it current. Runs are safe to overlap and to kill.
    """


@jobs.command("add", short_help="Add a job for a folder, a .jsonl file, or a page or feed URL.")
@click.argument("name")
@click.argument("source")
@click.option("--every", metavar="INTERVAL", help="Run this often: 90s, 30m, 1h30m, 1d.")
@click.option("--cron", metavar="EXPR", help="Run on a cron schedule (UTC): '0 * * * *'.")
@click.option(
    "--source", "source_name", help="Outlet name for the documents (default: the feed's or site's)."
)
@click.option("--glob", help="Files to take from a folder (default: *.txt).")
@db_option
def add(name, source, every, cron, source_name, glob, db) -> None:
    """Add a job: SOURCE is a folder, a .jsonl file, or a web page or feed URL.

    The job is due at once; `jobs run --due` picks it up.

    \b
    quotetrack jobs add wire https://example.org/rss.xml --every 30m
    quotetrack jobs add inbox ~/articles --cron "0 * * * *" --source "Newsroom"
    quotetrack jobs add archive dump.jsonl --every 1d
    """
    from quotetrack.jobs.definitions import JobSpec, add_job
    from quotetrack.jobs.schedule import Schedule
    from quotetrack.store.engine import session_factory

    spec = JobSpec(name, source, Schedule.read(every, cron), source_name, glob)
    engine = open_store(db)
    with session_factory(engine).begin() as session:
        job = add_job(session, spec)
        kind = job.kind
    click.echo(f"added job {name} ({kind}, {spec.schedule.describe()})", err=True)


@jobs.command("list")
@format_option()
@db_option
def list_(fmt, db) -> None:
    """List jobs with their schedules and last runs.

    \b
    quotetrack jobs list
    quotetrack jobs list --format json
    """
    from quotetrack.jobs.definitions import job_rows
    from quotetrack.output import render
    from quotetrack.store.engine import session_factory

    with session_factory(open_store(db))() as session:
        rows = job_rows(session)
    if render(rows, fmt, sys.stdout) == 0:
        click.echo("no jobs (add one with: quotetrack jobs add)", err=True)


@jobs.command()
@click.argument("name")
@db_option
def remove(name, db) -> None:
    """Remove a job with its history (the documents it ingested stay).

    \b
    quotetrack jobs remove wire
    """
    from quotetrack.jobs.definitions import remove_job
    from quotetrack.store.engine import session_factory

    with session_factory(open_store(db)).begin() as session:
        remove_job(session, name)
    click.echo(f"removed job {name}", err=True)


@jobs.command(short_help="Show past runs with their counts and errors.")
@click.argument("name", required=False)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="At most this many runs.",
)
@format_option()
@db_option
def history(name, limit, fmt, db) -> None:
    """Show runs, newest first: start, end, status, documents new / unchanged / skipped /
    failed, and the error (each failed entry with its reason).

    \b
    quotetrack jobs history
    quotetrack jobs history wire --limit 5 --format json
    """
    from quotetrack.jobs.definitions import get_job
    from quotetrack.jobs.state import history_rows
    from quotetrack.output import render
    from quotetrack.store.engine import session_factory

    with session_factory(open_store(db))() as session:
        job_id = get_job(session, name).id if name else None
        rows = history_rows(session, job_id, limit)
    if render(rows, fmt, sys.stdout) == 0:
        click.echo("no runs yet", err=True)


def fetch_options(f):
    options = [
        click.option(
            "--timeout",
            type=click.FloatRange(min=0.01),
            help="Seconds to wait on each request (default: $QUOTETRACK_FETCH_TIMEOUT or 20).",
        ),
        click.option(
            "--max-size",
            type=click.FloatRange(min=0.001),
            metavar="MB",
            help="Largest response to read (default: $QUOTETRACK_FETCH_MAX_MB or 10).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@jobs.command(short_help="Run the named jobs, or every due job (--due), once.")
@click.argument("names", nargs=-1)
@click.option("--due", is_flag=True, help="Run every job that is due (what cron calls).")
@fetch_options
@format_option()
@db_option
def run(names, due, timeout, max_size, fmt, db) -> None:
    """Run the named jobs now, or with --due every job that is due, once, and exit.

    Exits 3 when a source or some documents failed (recorded in `jobs history`).

    \b
    quotetrack jobs run --due
    quotetrack jobs run wire inbox
    """
    from quotetrack.jobs.runner import run_jobs
    from quotetrack.jobs.serve import stopping
    from quotetrack.output import render

    if bool(names) == due:
        raise click.UsageError("name the jobs to run, or give --due")
    engine = open_store(db)
    reporter = _reporter()
    settings = _settings(timeout, max_size)
    with stopping(reporter) as stop:
        results = run_jobs(engine, list(names) or None, settings, stop, reporter)
    rows = [_result_row(r) for r in results]
    if render(rows, fmt, sys.stdout, table_columns=RUN_COLUMNS) == 0:
        click.echo("no job is due", err=True)
    if any(r.status in ("failed", "partial") for r in results):
        sys.exit(EXIT_PARTIAL)


@jobs.command(short_help="Run jobs as they fall due until stopped (for containers).")
@fetch_options
@db_option
def serve(timeout, max_size, db) -> None:
    """Run jobs as they fall due until stopped (SIGTERM or Ctrl-C finish the current
    document, then exit cleanly): for containers.

    \b
    quotetrack jobs serve
    quotetrack jobs serve --db postgresql://quotetrack@db/news --timeout 30
    """
    from quotetrack.jobs.serve import serve as loop
    from quotetrack.jobs.serve import stopping

    engine = open_store(db)
    reporter = _reporter()
    with stopping(reporter) as stop:
        loop(engine, _settings(timeout, max_size), stop, reporter)


def _reporter():
    from quotetrack.jobs.report import LogReporter, TerminalReporter

    return TerminalReporter(sys.stderr) if sys.stderr.isatty() else LogReporter(sys.stderr)


def _settings(timeout: float | None, max_size: float | None):
    from quotetrack.fetch.http import Limits
    from quotetrack.jobs.locks import lock_ttl
    from quotetrack.jobs.run import Settings

    return Settings(limits=Limits.from_env(timeout, max_size), ttl=lock_ttl())


def _result_row(result) -> dict:
    return {
        "job": result.job,
        "status": result.status,
        **result.counts.as_values(),
        "error": result.error,
    }
