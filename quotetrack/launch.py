"""The ``quotetrack`` command's entry point: a ``quotes`` listing without click.

Importing click and the command tree (``quotetrack.cli``) costs a process about twice
Python's own start-up before anything is read (docs/BENCHMARKS.md, "Queries, short
cases"), more than the query of a short listing. So when the command line is a ``quotes``
listing whose every option this module reads with certainty, it is answered here through
the lean read path (:mod:`quotetrack.query.lean`). Anything else goes to click
(:func:`quotetrack.cli.main`) untouched, which parses, reports and runs it as always:
another command, ``--help``, an option this module does not know, a value click would
reject or might read otherwise (a date it cannot read, a limit that is not plain digits,
a value starting with ``-``), shell completion, and a database the lean path does not
serve (missing, behind or ahead of this version, a URL it does not read, a connection
that fails). Nothing is printed before that choice is made.

``QUOTES_OPTIONS`` mirrors the options of ``quotetrack quotes``; a test checks it against
the click command, so an option added there and not here is caught.
"""

from __future__ import annotations

import os
import sys

from quotetrack.query.keys import QUOTE_TABLE

#: The options of ``quotetrack quotes`` (cli.quote_filters, format_option, db_option):
#: the parameter each sets and how its value is read: "text", "flag", "date", "end date"
#: (a month or year means its last day), "limit" (digits, at least 1) or the choices.
QUOTES_OPTIONS: dict[str, tuple[str, object]] = {
    "--speaker": ("speaker", "text"),
    "--since": ("since", "date"),
    "--until": ("until", "end date"),
    "--kind": ("kind", ("direct", "partial", "mixed", "indirect")),
    "--topic": ("topic", "text"),
    "--search": ("search", "text"),
    "--limit": ("limit", "limit"),
    "--first-only": ("first_only", "flag"),
    "--status": ("status", ("confirmed", "corrected", "rejected", "unreviewed")),
    "--format": ("fmt", ("table", "json", "jsonl", "csv")),
    "--db": ("db", "text"),
}
DB_ENVVAR = "QUOTETRACK_DB"
COMPLETION_ENVVAR = "_QUOTETRACK_COMPLETE"  # click's shell completion for prog "quotetrack"


def main() -> None:
    """Answer a plain ``quotes`` listing here, or hand the command line to click."""
    if COMPLETION_ENVVAR not in os.environ:
        values = read_quotes_args(sys.argv[1:])
        if values is not None:
            code = run_quotes(values)
            if code is not None:
                sys.exit(code)
    from quotetrack.cli import main as click_main

    click_main()


def read_quotes_args(argv: list[str]) -> dict | None:
    """The parameters of ``quotes`` as click would pass them, or None for any command line
    this module does not read with certainty (click then reads it, and reports what is
    wrong with it)."""
    if not argv or argv[0] != "quotes":
        return None
    values: dict = {}
    args = argv[1:]
    i = 0
    while i < len(args):
        name, equals, value = args[i].partition("=")
        known = QUOTES_OPTIONS.get(name)
        if known is None:
            return None  # --help, an unknown option, an argument, "--"
        param, how = known
        i += 1
        if how == "flag":
            if equals:
                return None
            values[param] = True
            continue
        if not equals:
            if i == len(args):
                return None
            value = args[i]
            i += 1
        if value.startswith("-"):
            return None
        converted = _convert(value, how)
        if converted is None:
            return None
        values[param] = converted  # given twice: click keeps the last, as here
    if not values.get("db"):
        if "db" in values:
            return None  # --db "": as click passes it, not worth a path of its own
        values["db"] = os.environ.get(DB_ENVVAR) or None  # click skips an empty variable
    values.setdefault("fmt", "table")
    return values


def _convert(value: str, how: object):
    """The value click's type would give, or None where this module is not sure."""
    if how == "text":
        return value
    if how == "limit":
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            return None
        return int(value)
    if how in ("date", "end date"):
        from quotetrack.query.when import UnreadableDate, read_date

        try:
            return read_date(value, end=how == "end date")
        except UnreadableDate:
            return None
    return value if value in how else None  # click.Choice, case-sensitive


def run_quotes(values: dict) -> int | None:
    """Print the listing and return the exit status, or None (nothing printed) when the
    lean path cannot serve the database."""
    from quotetrack.query.lean import open_reader
    from quotetrack.query.spec import QuoteQuery

    reader = open_reader(values.pop("db"))
    if reader is None:
        return None
    fmt = values.pop("fmt")
    try:
        try:
            n = print_rows(reader, QuoteQuery(**values), fmt)
        finally:
            reader.close()
    except BrokenPipeError:
        # The reader (head, less) went away: not an error, as cli.Cli.invoke says.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")  # click's words
        return 1
    except Exception as exc:
        from quotetrack.errors import QuotetrackError

        if not isinstance(exc, QuotetrackError):
            raise
        sys.stderr.write(f"Error: {exc}\n")
        return exc.exit_code
    if n == 0:
        sys.stderr.write("no matching statements\n")
    return 0


def print_rows(reader, query, fmt: str) -> int:
    """Render ``query``'s rows from a lean reader to stdout; the table computes only the
    columns it shows, and takes them by column. How many rows were printed."""
    if fmt == "table":
        from quotetrack.output import write_table

        return write_table(QUOTE_TABLE, reader.quote_columns(query, QUOTE_TABLE), sys.stdout)
    from quotetrack.output import render

    return render(reader.quote_rows(query), fmt, sys.stdout, table_columns=QUOTE_TABLE)
