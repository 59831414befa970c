"""``quotetrack extract`` and ``dates``: run the extractor over files, store nothing.

Nothing is normalised or stored: offsets are code points into each file as read with
``open(path, encoding="utf-8", newline="")``, the contract the scorers read. Rows carry
the scorer's fields (``doc``, ``start``, ``end``, ``speaker_start``, ``speaker_end``)
followed by what a person wants to see.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from quotetrack.errors import InputError
from quotetrack.extraction.model import Attribution, DateMention
from quotetrack.ingest.reading import DEFAULT_MAX_MB, decode


def read_file(
    path: str, encoding: str = "utf-8", invalid: str = "error", max_mb: float = DEFAULT_MAX_MB
) -> str:
    """The file's text with its line ends as they are; ``-`` reads stdin. ``encoding``,
    ``invalid`` and ``max_mb`` are ``ingest``'s options of the same names."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError("no such file") from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc
    return decode(data, encoding, invalid, max_mb)


def attribution_rows(doc: str, found: list[Attribution]) -> Iterator[dict]:
    """One row per act of saying. Quoted words inside a reported claim (records with
    ``within``) are listed in that claim's row under ``quotes``, not as rows of their own:
    a reader, and the scorers' contract, count a partly quoted claim once, with the whole
    reported content as its span. The store and ``quotetrack.extract`` keep them as
    direct quotes, so that ``quotes --speaker`` finds the speaker's own words."""
    inside: dict[tuple[int, int], list[Attribution]] = {}
    for a in found:
        if a.within is not None:
            inside.setdefault(a.within, []).append(a)
    for a in found:
        if a.within is None:
            yield attribution_row(doc, a, inside.pop((a.start, a.end), ()))


def attribution_row(doc: str, a: Attribution, quoted: Iterable[Attribution] = ()) -> dict:
    return {
        "doc": doc,
        "start": a.start,
        "end": a.end,
        "speaker_start": a.mention_start,
        "speaker_end": a.mention_end,
        "kind": a.kind,
        "text": a.text,
        "words": a.words,
        "fragments": [list(f) for f in a.fragments] or None,
        "quotes": [{"start": q.start, "end": q.end, "text": q.text} for q in quoted] or None,
        "speaker": a.speaker,
        "mention": a.mention,
        "cue": a.cue,
        "stance": a.stance,
        "confidence": round(a.confidence, 3),
        "rule": a.rule,
        "resolution": a.resolution,
        "anonymous": a.anonymous,
        "role": a.role,
    }


def extract_files(
    paths: list[str],
    encoding: str = "utf-8",
    invalid: str = "error",
    max_mb: float = DEFAULT_MAX_MB,
) -> tuple[Iterator[dict], list[tuple[str, str]]]:
    """Rows for every attribution in ``paths`` (lazily), and the files that failed.

    The failures list fills in as the rows are consumed.
    """
    failures: list[tuple[str, str]] = []

    def rows() -> Iterator[dict]:
        from quotetrack.extraction.pipeline import extract

        for path in paths:
            try:
                text = read_file(path, encoding, invalid, max_mb)
            except InputError as exc:
                failures.append((path, str(exc)))
                continue
            yield from attribution_rows(path, extract(text))

    return rows(), failures


def date_row(doc: str, d: DateMention) -> dict:
    return {
        "doc": doc,
        "start": d.start,
        "end": d.end,
        "text": d.text,
        "value": d.value,
        "precision": d.precision,
        "rule": d.rule,
    }


def date_files(
    paths: list[str],
    published: date | None,
    encoding: str = "utf-8",
    invalid: str = "error",
    max_mb: float = DEFAULT_MAX_MB,
) -> tuple[Iterator[dict], list[tuple[str, str]]]:
    """Rows for every date expression in ``paths``, anchored on ``published`` or, without
    it, on the file's own dateline; the failures list fills in as rows are consumed."""
    failures: list[tuple[str, str]] = []

    def rows() -> Iterator[dict]:
        from quotetrack.extraction.dates import find_dateline, find_dates

        for path in paths:
            try:
                text = read_file(path, encoding, invalid, max_mb)
            except InputError as exc:
                failures.append((path, str(exc)))
                continue
            anchor = published
            if anchor is None:
                dateline = find_dateline(text)
                anchor = date.fromisoformat(dateline.value) if dateline else None
            for d in find_dates(text, anchor):
                yield date_row(path, d)

    return rows(), failures
