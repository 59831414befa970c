"""One renderer for every listing command: table, json, jsonl or csv.

Rows are dicts streamed from the store. jsonl, json and csv write each row as it comes,
so exports of any size run in constant memory; only ``table`` collects its rows, to size
its columns (use it with ``--limit`` for long listings).

Every listing command imports this module, so it imports ``json``, ``csv``, ``tempfile``
and ``pathlib`` only in the functions that use them (docs/BENCHMARKS.md: start-up).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from itertools import repeat

from quotetrack.errors import OutputError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing for annotations
if TYPE_CHECKING:
    from typing import TextIO

FORMATS = ("table", "json", "jsonl", "csv")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH = 8


def render(
    rows: Iterable[dict],
    fmt: str,
    out: TextIO,
    columns: Sequence[str] | None = None,
    table_columns: Sequence[str] | None = None,
) -> int:
    """Write ``rows`` to ``out``; returns how many were written."""
    if fmt == "jsonl":
        return _jsonl(rows, out)
    if fmt == "json":
        return _json(rows, out)
    if fmt == "csv":
        return write_csv(rows, out, columns)
    return _table(rows, out, table_columns or columns)


def _jsonl(rows: Iterable[dict], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(_dumps(row) + "\n")
        n += 1
    return n


def _json(rows: Iterable[dict], out: TextIO) -> int:
    n = 0
    out.write("[")
    for row in rows:
        out.write(("\n  " if n == 0 else ",\n  ") + _dumps(row))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


#: Characters JSON allows raw inside strings but that str.splitlines() (and JavaScript
#: before ES2019) take for line breaks: escaped, so one record is always one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _dumps(row: dict) -> str:
    """``json.dumps(row, default=_plain, ensure_ascii=False)`` with the line breaks above
    escaped. One encoder for every row (``json.dumps`` with options builds one per call),
    and a line with no character beyond ASCII, which cannot hold those breaks, is not
    translated (``str.isascii`` reads a flag; the translation was a quarter of a
    29,000-row listing's jsonl)."""
    line = _encoder().encode(row)
    return line if line.isascii() else line.translate(_LINE_BREAKS)


@lru_cache(maxsize=1)
def _encoder():
    """The encoder ``json.dumps(default=_plain, ensure_ascii=False)`` builds."""
    import json

    return json.JSONEncoder(ensure_ascii=False, default=_plain)


def write_csv(rows: Iterable[dict], out: TextIO, columns: Sequence[str] | None = None) -> int:
    """RFC 4180 CSV with a header; cells a spreadsheet would run as formulas are neutralised."""
    import csv

    writer = None
    n = 0
    for row in rows:
        n += 1
        if writer is None:
            writer = csv.writer(out, lineterminator="\r\n")
            names = list(columns or row.keys())
            writer.writerow(names)
        writer.writerow([safe_cell(row.get(name)) for name in names])
    if writer is None and columns:
        csv.writer(out, lineterminator="\r\n").writerow(columns)
    return n


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should see it: text that starts like a formula gets a
    leading apostrophe, so ``=HYPERLINK(…)`` in a quote stays text."""
    if value.__class__ is str:  # most cells: one type check, then the prefix test
        return "'" + value if value.startswith(FORMULA_START) else value
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, dict)):  # a split quotation's pieces: JSON, as in jsonl
        import json

        return json.dumps(value)
    return value


def _table(rows: Iterable[dict], out: TextIO, columns: Sequence[str] | None) -> int:
    data = list(rows)
    if not data:
        return 0
    names = list(columns or data[0].keys())
    return write_table(names, [[row.get(name) for row in data] for name in names], out)


#: Table lines joined into one write: a listing of 29,000 rows wrote a line at a time.
TABLE_CHUNK = 4096


def write_table(names: Sequence[str], values: Sequence[Sequence], out: TextIO) -> int:
    """The table of ``render`` from its columns: ``values[i]`` holds the value of
    ``names[i]`` for every row, in order (the lean read path gives them so, without a
    dict per row). How many rows were written.

    Column by column and in C where it can be (``map`` over ``str`` methods): a call of
    ours per cell or per line was most of what a long listing spent after its query."""
    if not values or not values[0]:
        return 0
    names = list(names)
    cells = [_column_cells(v) for v in values]
    natural = [max(len(name), *map(len, c)) for name, c in zip(names, cells, strict=True)]
    widths = _fit(natural, terminal_columns())
    # Only the columns _fit narrowed have cells to clip.
    padded = [
        c if w >= n else [v if len(v) <= w else v[: max(0, w - 1)] + "…" for v in c]
        for c, w, n in zip(cells, widths, natural, strict=True)
    ]
    # Each line is its cells left-aligned to their widths, two spaces apart, with its
    # trailing blanks stripped; the last cell needs no padding for that.
    for i, w in enumerate(widths[:-1]):
        padded[i] = list(map(str.ljust, padded[i], repeat(w)))
    line = "  ".join(f"{{:<{w}}}" for w in widths).format
    out.write(line(*map(_clip, names, widths)).rstrip() + "\n")
    out.write(line(*("-" * w for w in widths)).rstrip() + "\n")
    lines = list(map(str.rstrip, map("  ".join, zip(*padded, strict=True))))
    for at in range(0, len(lines), TABLE_CHUNK):
        out.write("\n".join(lines[at : at + TABLE_CHUNK]) + "\n")
    return len(lines)


def _column_cells(values: Sequence) -> list[str]:
    """``_cell`` of each value. Text (most cells) and dates without a call of ours per
    value, and each distinct value of a column that repeats them (speakers, cues, days)
    done once."""
    kinds = set(map(type, values))
    if kinds <= _TEXT_OR_NONE:
        distinct = set(values)
        if len(distinct) * 2 > len(values):
            if None in distinct:
                values = ["" if v is None else v for v in values]
            return list(map(" ".join, map(str.split, values)))
    elif kinds == _DATE:  # PostgreSQL's dates
        distinct = set(values)
    else:
        return [_cell(v) for v in values]
    done = {v: _cell(v) for v in distinct}
    return list(map(done.__getitem__, values))


_TEXT_OR_NONE = frozenset((str, type(None)))
_DATE = frozenset((date,))


def terminal_columns(fallback: tuple[int, int] = (120, 24)) -> int:
    """``shutil.get_terminal_size(fallback).columns``, without importing ``shutil`` (and
    with it ``bz2``, ``lzma`` and ``fnmatch``): $COLUMNS, else the terminal on stdout,
    else the fallback; as shutil does, both $COLUMNS and $LINES must be set to skip
    asking the terminal."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    try:
        lines = int(os.environ["LINES"])
    except (KeyError, ValueError):
        lines = 0
    if columns <= 0 or lines <= 0:
        try:
            size = os.get_terminal_size(sys.__stdout__.fileno())
        except (AttributeError, ValueError, OSError):
            size = os.terminal_size(fallback)
        if columns <= 0:
            columns = size.columns or fallback[0]
    return columns


def _fit(widths: list[int], total: int) -> list[int]:
    """Shrink the widest columns until the row fits the terminal."""
    widths = list(widths)
    budget = total - 2 * (len(widths) - 1)
    while sum(widths) > budget:
        i = max(range(len(widths)), key=widths.__getitem__)
        if widths[i] <= MIN_WIDTH:
            break
        widths[i] -= max(1, min(sum(widths) - budget, widths[i] - MIN_WIDTH))
    return widths


def _clip(value: str, width: int) -> str:
    return value if len(value) <= width else value[: max(0, width - 1)] + "…"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return " ".join(str(value).split())


def _plain(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


@contextlib.contextmanager
def open_output(path: str) -> Iterator[TextIO]:
    """A text file for writing CSV (UTF-8, line ends untouched), or stdout for ``-``.

    The file appears only when writing finished: it is written beside its final name and
    renamed into place, so an interrupted export never leaves half a file behind.
    """
    if path == "-":
        yield sys.stdout
        return
    import tempfile
    from pathlib import Path

    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or ".")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        # mkstemp makes the file private (0600); an export should get the permissions any
        # new file of the user's would, so that others can read a report in a shared folder.
        os.chmod(fd, 0o666 & ~_umask())
        with open(fd, "w", encoding="utf-8", newline="") as out:
            yield out
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
