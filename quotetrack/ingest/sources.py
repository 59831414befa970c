"""Where the texts to ingest come from: files, folders (recursively) and standard input.

Sources are lazy: a folder of ten thousand articles is walked and read one file at a time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from quotetrack.errors import InputError

DEFAULT_GLOB = "*.txt"


@dataclass(frozen=True, slots=True)
class Item:
    """One text to ingest: where it came from and how to read its bytes.

    Sources that know more about a document (a feed entry's title, a page's publication
    date) say so here; what they say wins over the run's options.
    """

    origin: str
    read: Callable[[], bytes]
    title: str | None = None
    url: str | None = None
    published: date | None = None
    source: str | None = None


def items_from_paths(paths: list[str], glob: str = DEFAULT_GLOB) -> Iterator[Item]:
    """Files as given, folders walked for ``glob`` in sorted order, ``-`` for stdin.

    A path that does not exist is still yielded, so that it is reported as failed in its
    place among the others.
    """
    for raw in paths:
        if raw == "-":
            yield Item("<stdin>", sys.stdin.buffer.read)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob(glob)):
                if child.is_file() and not any(
                    p.startswith(".") for p in child.relative_to(path).parts
                ):
                    yield Item(str(child), _reader(child))
        else:
            yield Item(str(path), _reader(path))


def _reader(path: Path) -> Callable[[], bytes]:
    def read() -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise InputError("no such file") from exc
        except IsADirectoryError as exc:
            raise InputError("is a directory") from exc
        except PermissionError as exc:
            raise InputError("permission denied") from exc
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from exc

    return read
