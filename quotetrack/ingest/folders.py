"""A folder as a job source: the files that are new or changed since the last run.

A file is "changed" when its size or modification time is; that is what the job keeps
per file (the fingerprint), so unchanged files are not even read. A file whose bytes did
change but whose text normalises to a stored document is still reported unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quotetrack.ingest.sources import items_from_paths
from quotetrack.jobs.entries import Entry, Loaded


def folder_entries(folder: Path, glob: str, source: str | None = None) -> Iterator[Entry]:
    """Every file matching ``glob`` (recursively, hidden folders left out), sorted."""
    for item in items_from_paths([str(folder)], glob):
        stored = Loaded(_with_source(item, source))
        yield Entry(key=item.origin, load=lambda stored=stored: stored, fingerprint=_stat(item))


def fingerprint(path: Path) -> str | None:
    """Size and modification time (ns): cheap, and changes whenever the file is rewritten."""
    try:
        st = path.stat()
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def _stat(item) -> str | None:
    return fingerprint(Path(item.origin))


def _with_source(item, source: str | None):
    if source is None:
        return item
    from dataclasses import replace

    return replace(item, source=source)
