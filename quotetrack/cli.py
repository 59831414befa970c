"""The command line: thin commands over quotetrack's modules.

Every command parses its options, calls the module that does the work and renders the
result. Errors the user can fix arrive as QuotetrackError and leave as one line on stderr
with the documented exit status:

    0  success           1  error (nothing or only whole documents were written)
    2  usage error       3  some inputs failed; the others were processed
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date

import click

from quotetrack import __version__
from quotetrack.errors import QuotetrackError
from quotetrack.output import FORMATS, render
from quotetrack.query.keys import FOLLOW_COLUMNS, QUOTE_TABLE

EXIT_PARTIAL = 3


class Cli(click.Group):
    """Turns expected errors into one line each, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except QuotetrackError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader (head, less) went away: that is not an error of ours.
            sys.stderr.close()
            ctx.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            # click ends --help and usage errors with an exception too; SQLAlchemy is not
            # loaded then, so the error cannot be one of its own, and importing it only to
            # check tripled the time of `quotetrack quotes --help`.
            if "sqlalchemy" not in sys.modules:
                raise
            from sqlalchemy.exc import SQLAlchemyError

            if not isinstance(exc, SQLAlchemyError):
                raise
            from quotetrack.config import redact

            detail = redact(str(getattr(exc, "orig", None) or exc).strip().splitlines()[0])
            click.echo(f"Error: database error: {detail}", err=True)
            ctx.exit(1)


class DateParam(click.ParamType):
    """A date as people type it; ``end`` makes a month or year mean its last day."""

    name = "date"

    def __init__(self, end: bool = False) -> None:
        self.end = end

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        from quotetrack.query.when import UnreadableDate, read_date

        try:
            return read_date(value, end=self.end)
        except UnreadableDate as exc:
            self.fail(str(exc), param, ctx)


def db_option(f):
    return click.option(
        "--db",
        envvar="QUOTETRACK_DB",
        metavar="PATH|URL",
        help="SQLite file or database URL "
        "(default: $QUOTETRACK_DB, then a file in your data directory).",
    )(f)


def format_option(default: str = "table", choices: Iterable[str] = FORMATS):
    def decorate(f):
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(list(choices)),
            default=default,
            show_default=True,
            help="Output format.",
        )(f)

    return decorate


def quote_filters(f):
    """The filters shared by ``quotes`` and ``export timeline``."""
    options = [
        click.option(
            "--speaker", help="Canonical name or alias, any case (Witkoff finds Steve Witkoff)."
        ),
        click.option(
            "--since", type=DateParam(), help="On or after this date ('2025-03-01', 'last week')."
        ),
        click.option("--until", type=DateParam(end=True), help="On or before this date."),
        click.option("--kind", type=click.Choice(["direct", "partial", "mixed", "indirect"])),
        click.option("--topic", help="A topic or keyword (see: quotetrack topics)."),
        click.option(
            "--search", metavar="TEXT", help="Full-text search in the statement, best first."
        ),
        click.option("--limit", type=click.IntRange(min=1), help="At most this many rows."),
        click.option(
            "--first-only",
            is_flag=True,
            help="One row per statement, at its first appearance (see: quotetrack quote show).",
        ),
        click.option(
            "--status",
            type=click.Choice(["confirmed", "corrected", "rejected", "unreviewed"]),
            help="Review status (see: quotetrack review); rejected ones are hidden without it.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _encoding(ctx, param, value: str) -> str:
    """An encoding Python can decode text with; anything else is a usage error, said once
    before any file is read (not once per file)."""
    try:
        b"\x00".decode(value, "ignore")  # empty bytes would skip the codec lookup
    except LookupError:
        raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


def text_options(f):
    """How ``ingest``, ``extract`` and ``dates`` read bytes into text."""
    options = [
        click.option(
            "--encoding",
            default="utf-8",
            show_default=True,
            callback=_encoding,
            help="Encoding of files without a byte-order mark.",
        ),
        click.option(
            "--invalid",
            type=click.Choice(["error", "replace"]),
            default="error",
            show_default=True,
            help="What to do with bytes that are not valid in the encoding.",
        ),
        click.option(
            "--max-article-mb",
            "max_mb",
            type=click.FloatRange(min=0),
            default=10.0,
            show_default=True,
            envvar="QUOTETRACK_MAX_ARTICLE_MB",
            help="Refuse inputs larger than this (0: no limit; env QUOTETRACK_MAX_ARTICLE_MB).",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def open_store(db: str | None):
    """The engine for the configured database, its schema brought up to date."""
    from quotetrack.config import resolve_db_url
    from quotetrack.store.engine import make_engine
    from quotetrack.store.migrate import ensure_current

    engine = make_engine(resolve_db_url(db))
    ensure_current(engine)
    return engine


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotetrack")
def cli() -> None:
    """Track who said what in the news.

    \b
    quotetrack ingest examples/                 # read articles into the database
    quotetrack quotes --speaker Witkoff         # what one person said
    quotetrack ask "what did Trump say about Ukraine"
    quotetrack export timeline --speaker Trump -o trump.csv

    The database is a SQLite file in your data directory unless --db or QUOTETRACK_DB
    names another file or a PostgreSQL URL.
    """


@cli.command()
@db_option
def init(db: str | None) -> None:
    """Create the database, or upgrade its schema to this version.

    \b
    quotetrack init
    quotetrack init --db postgresql://me@localhost/news
    """
    from quotetrack.config import redact, resolve_db_url

    open_store(db)
    click.echo(f"database ready: {redact(resolve_db_url(db))}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", type=DateParam(), help="Publication date of these articles.")
@click.option("--source", help="Name of the outlet or feed they come from.")
@click.option("--url", help="The article's address.")
@click.option("--title", help="The article's title (default: its first line, if short).")
@click.option("--glob", default="*.txt", show_default=True, help="Files to take from folders.")
@text_options
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes that extract in parallel (storing stays in one).",
)
@format_option("text", ("text", "jsonl"))
@db_option
def ingest(
    paths, published, source, url, title, glob, encoding, invalid, max_mb, jobs, fmt, db
) -> None:
    """Read articles (files, folders, - for stdin) into the database.

    Each document is stored whole in one transaction, or not at all. The same text
    ingested again is reported as unchanged and adds nothing. Exits 3 when some inputs
    failed (the others are stored).

    \b
    quotetrack ingest examples/
    quotetrack ingest article.txt --published 2025-03-15 --source "Morning Wire"
    curl -s https://example.org/a.txt | quotetrack ingest - --url https://example.org/a
    quotetrack ingest archive/ --jobs 4          # extract on 4 cores
    """
    from quotetrack.ingest.runner import Meta
    from quotetrack.ingest.runner import ingest as run
    from quotetrack.ingest.sources import items_from_paths

    engine = open_store(db)
    meta = Meta(
        published=published,
        source=source,
        url=url,
        title=title,
        encoding=encoding,
        invalid=invalid,
        max_mb=max_mb,
    )
    items = list(items_from_paths(list(paths), glob))
    if not items:
        raise click.UsageError(f"no files matching {glob!r} in {' '.join(paths)}")
    if jobs > 1 and len(items) > 1:
        from quotetrack.ingest.parallel import ingest_parallel

        outcomes = ingest_parallel(engine, items, meta, jobs)
    else:
        outcomes = run(engine, items, meta)
    counts = {"new": 0, "unchanged": 0, "failed": 0}
    for outcome in _with_progress(outcomes, len(items)):
        counts[outcome.status] += 1
        _report(outcome, fmt)
    click.echo(", ".join(f"{n} {status}" for status, n in counts.items()), err=True)
    if counts["failed"]:
        sys.exit(EXIT_PARTIAL)


def _with_progress(outcomes: Iterator, total: int) -> Iterator:
    """A progress bar on stderr when it is a terminal and the run is long."""
    if total < 20 or not sys.stderr.isatty():
        yield from outcomes
        return
    with click.progressbar(outcomes, length=total, label="ingesting", file=sys.stderr) as bar:
        yield from bar


def _report(outcome, fmt: str) -> None:
    if fmt == "jsonl":
        from dataclasses import asdict

        render([asdict(outcome)], "jsonl", sys.stdout)
        return
    if outcome.status == "failed":
        click.echo(f"failed     {outcome.origin}: {outcome.reason}", err=True)
    elif outcome.status == "new":
        click.echo(
            f"new        {outcome.origin} (document {outcome.document_id}, "
            f"{outcome.attributions} attributions)"
        )
    else:
        click.echo(f"unchanged  {outcome.origin} (document {outcome.document_id})")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@text_options
@format_option("jsonl", ("jsonl", "json", "table", "csv"))
def extract(paths, encoding, invalid, max_mb, fmt) -> None:
    """Find quotes and claims in files without storing anything.

    Offsets are code points into each file as read (UTF-8, line ends kept), so the
    output can be scored and checked against the files themselves.

    \b
    quotetrack extract article.txt
    quotetrack extract corpus/*.txt --format jsonl > predictions.jsonl
    quotetrack extract article.txt --format table
    """
    from quotetrack.extract_files import extract_files

    rows, failures = extract_files(paths, encoding, invalid, max_mb)
    render(
        rows,
        fmt,
        sys.stdout,
        table_columns=("doc", "speaker", "kind", "words", "cue", "confidence"),
    )
    _fail_lines(failures)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "--published", type=DateParam(), help="Anchor for relative dates (default: the dateline)."
)
@text_options
@format_option("table", ("jsonl", "json", "table", "csv"))
def dates(paths, published, encoding, invalid, max_mb, fmt) -> None:
    """Find date expressions in files and normalise them, without storing anything.

    Relative dates ("next week", "last Tuesday", "February 12") are resolved against
    --published, else against a dateline at the top of the file; without either they
    are left out. Values: 2025-02-12 (day), 2025-W12 (week), 2025-02, 2025-Q1, 2025.

    \b
    quotetrack dates article.txt --published 2025-03-15
    quotetrack dates article.txt --published 2025-03-15 --format jsonl
    """
    from quotetrack.extract_files import date_files

    rows, failures = date_files(paths, published, encoding, invalid, max_mb)
    render(
        rows, fmt, sys.stdout, table_columns=("doc", "start", "end", "text", "value", "precision")
    )
    _fail_lines(failures)


def _fail_lines(failures: list[tuple[str, str]]) -> None:
    for origin, reason in failures:
        click.echo(f"failed     {origin}: {reason}", err=True)
    if failures:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@quote_filters
@format_option()
@db_option
def quotes(speaker, since, until, kind, topic, search, limit, first_only, status, fmt, db) -> None:
    """List stored quotes and claims in the order they were said.

    --since and --until filter on the day each statement was made (the date its
    sentence gives, else the article's publication date). --search ranks by relevance.

    \b
    quotetrack quotes --speaker Witkoff
    quotetrack quotes --speaker Trump --since "February 1" --format csv
    quotetrack quotes --topic NATO --since 2025-01-01
    quotetrack quotes --search "ceasefire talks" --kind direct --limit 20
    """
    from quotetrack.query.spec import QuoteQuery

    query = QuoteQuery(
        speaker=speaker,
        since=since,
        until=until,
        kind=kind,
        topic=topic,
        search=search,
        limit=limit,
        first_only=first_only,
        status=status,
    )
    _print_quotes(db, query, fmt)


def _print_quotes(db: str | None, query, fmt: str) -> None:
    """The rows of ``query`` through the lean read path (no SQLAlchemy: a third of a
    second less start-up) when it can serve this database, else through the store."""
    from quotetrack.query.lean import open_reader

    reader = open_reader(db)
    if reader is not None:
        from quotetrack.launch import print_rows

        with reader:
            n = print_rows(reader, query, fmt)
    else:
        from quotetrack.query.quotes import quote_rows

        with _session(db) as session:
            n = render(quote_rows(session, query), fmt, sys.stdout, table_columns=QUOTE_TABLE)
    if n == 0:
        click.echo("no matching statements", err=True)


@cli.command()
@click.argument("question")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many rows.")
@format_option()
@db_option
def ask(question, limit, fmt, db) -> None:
    """Answer a question in plain English with the matching statements.

    \b
    quotetrack ask "what did Witkoff say"
    quotetrack ask "what did Peskov say about NATO since February"
    quotetrack ask "who talked about nuclear arms control last month"
    quotetrack ask "who said 'realities on the ground'"
    """
    from quotetrack.query.questions import parse_question

    query = parse_question(question)
    _print_quotes(db, query.replace(limit=limit), fmt)


@cli.group(invoke_without_command=True)
@format_option()
@db_option
@click.pass_context
def speakers(ctx: click.Context, fmt, db) -> None:
    """List speakers with how often they are quoted; show, merge, rename or split them.

    Corrections are kept: later ingests put statements under the corrected speaker.

    \b
    quotetrack speakers
    quotetrack speakers show Trump
    quotetrack speakers merge "Donald Trump" "President Trump"
    quotetrack speakers rename "Kremlin" "the Kremlin"
    quotetrack speakers split "Donald Trump" "Donald Trump Jr."
    """
    if ctx.invoked_subcommand is not None:
        return
    from quotetrack.query.quotes import speaker_rows

    with _session(db) as session:
        render(speaker_rows(session), fmt, sys.stdout)


def _session(db: str | None, write: bool = False):
    """A session on the configured database; with ``write``, one transaction."""
    from quotetrack.store.engine import session_factory, writer

    engine = open_store(db)
    sessions = session_factory(writer(engine) if write else engine)
    return sessions.begin() if write else sessions()


@speakers.command("show")
@click.argument("name")
@format_option("table", ("table", "json"))
@db_option
def speakers_show(name, fmt, db) -> None:
    """A speaker's aliases (and why each joined), roles over time, counts, first and
    last seen.

    \b
    quotetrack speakers show Witkoff
    quotetrack speakers show "Donald Trump" --format json
    """
    from dataclasses import asdict

    from quotetrack.speakers.registry import profile

    with _session(db) as session:
        found = profile(session, name)
    if fmt == "json":
        render([asdict(found)], "jsonl", sys.stdout)
        return
    for key, value in found.speaker.items():
        click.echo(f"{key + ':':<14}{'' if value is None else value}")
    for title, rows in (("aliases", found.aliases), ("roles", found.roles)):
        click.echo(f"\n{title}:")
        if not render(rows, "table", sys.stdout):
            click.echo("  (none recorded)")


@speakers.command("merge")
@click.argument("keep")
@click.argument("other")
@db_option
def speakers_merge(keep, other, db) -> None:
    """Make OTHER the same speaker as KEEP: its statements and names move to KEEP.

    \b
    quotetrack speakers merge "Donald Trump" "President Trump"
    """
    from quotetrack.speakers.registry import merge

    with _session(db, write=True) as session:
        kept = merge(session, keep, other)
        click.echo(f"merged {other!r} into {kept.name!r}", err=True)


def _a_name(ctx, param, value: str) -> str:
    """A speaker name that will be stored: blank is not a name."""
    if not value.strip():
        raise click.BadParameter("a speaker's name cannot be empty")
    return value


@speakers.command("rename")
@click.argument("name")
@click.argument("new_name", callback=_a_name)
@db_option
def speakers_rename(name, new_name, db) -> None:
    """Give a speaker a new canonical name; the old name stays as an alias.

    \b
    quotetrack speakers rename "Kremlin" "the Kremlin"
    """
    from quotetrack.speakers.registry import rename

    with _session(db, write=True) as session:
        renamed = rename(session, name, new_name)
        click.echo(f"renamed {name!r} to {renamed.name!r}", err=True)


@speakers.command("split")
@click.argument("name")
@click.argument("alias", callback=_a_name)
@db_option
def speakers_split(name, alias, db) -> None:
    """Undo a wrong merge: statements made under ALIAS become a speaker of their own.

    \b
    quotetrack speakers split "Donald Trump" "Donald Trump Jr."
    """
    from quotetrack.speakers.registry import split

    with _session(db, write=True) as session:
        target = split(session, name, alias)
        click.echo(f"split {alias!r} from {name!r} into {target.name!r}", err=True)


@cli.command()
@click.option("--keywords", is_flag=True, help="List the names statements mention instead.")
@format_option()
@db_option
def topics(keywords, fmt, db) -> None:
    """List topics with how many statements and speakers each has.

    Topics come from a lexicon you can extend (topics.toml in $QUOTETRACK_RULES).

    \b
    quotetrack topics
    quotetrack topics --keywords --format csv
    """
    from quotetrack.query.quotes import topic_rows

    with _session(db) as session:
        render(topic_rows(session, "keyword" if keywords else "topic"), fmt, sys.stdout)


@cli.group()
def export() -> None:
    """Write stored statements to files."""


TIMELINE_COLUMNS = (
    "date",
    "speaker",
    "role",
    "kind",
    "text",
    "cue",
    "title",
    "source",
    "url",
    "document_id",
    "start",
    "end",
    "words",  # the speaker's words alone, when "text" spans a split quotation
)


@export.command()
@quote_filters
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="CSV file to write (- for stdout, the default).",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False),
    help="Draw the timeline to a PNG or SVG file instead (needs quotetrack[plot]).",
)
@click.option(
    "--by",
    type=click.Choice(["speaker", "topic"]),
    default="speaker",
    show_default=True,
    help="One row of the plot per speaker or per topic.",
)
@db_option
def timeline(
    speaker, since, until, kind, topic, search, limit, first_only, status, output, plot, by, db
) -> None:
    """A chronological CSV of statements: date, speaker, role, kind, text, cue, title,
    source, url, document id and character offsets; or, with --plot, a picture of who
    spoke (or which topic came up) when.

    \b
    quotetrack export timeline --speaker Trump -o trump.csv
    quotetrack export timeline --since 2025-01-01 --until 2025-03-31 -o q1.csv
    quotetrack export timeline --plot timeline.png
    quotetrack export timeline --topic NATO --by speaker --plot nato.svg
    """
    from quotetrack.query.quotes import QuoteQuery

    query = QuoteQuery(
        speaker=speaker,
        since=since,
        until=until,
        kind=kind,
        topic=topic,
        search=search,
        limit=limit,
        first_only=first_only,
        status=status,
    )
    if plot:
        if output:
            raise click.UsageError("give either --plot or -o, not both")
        from quotetrack.plot import plot_timeline

        with _session(db) as session:
            n = plot_timeline(session, query, by, plot)
        click.echo(f"{n} statements drawn to {plot}", err=True)
        return
    from quotetrack.output import open_output, write_csv
    from quotetrack.query.quotes import quote_rows

    output = output or "-"
    with _session(db) as session, open_output(output) as out:
        columns = TIMELINE_COLUMNS + (FOLLOW_COLUMNS if first_only or status else ())
        n = write_csv(quote_rows(session, query, columns), out, columns)
    click.echo(f"{n} rows written to {'stdout' if output == '-' else output}", err=True)


from quotetrack.cli_jobs import jobs  # noqa: E402

cli.add_command(jobs)

from quotetrack.cli_follow import quote, review  # noqa: E402

cli.add_command(quote)
cli.add_command(review)


def main() -> None:
    cli(prog_name="quotetrack")


if __name__ == "__main__":
    main()
