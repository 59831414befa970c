"""quotetrack: who said what in the news.

The package is importable without side effects and cheaply: heavy modules are imported
only by the commands and functions that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"


def read_packaged(*parts: str) -> str | None:
    """A UTF-8 file inside this package's folder (``read_packaged("rules", "x.toml")``),
    or None when there is no such file, as when the package is imported from a zip:
    callers then use ``importlib.resources``, whose import (``zipfile``, ``tempfile``)
    costs a listing more start-up than reading the file. ``os.path``, not ``pathlib``
    (and ``urllib.parse`` with it), for the same reason."""
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), *parts)
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def extract(text: str, published=None):
    """Find the attributions in ``text``: typed records with character offsets.

    Each :class:`quotetrack.extraction.model.Attribution` carries its content, speaker
    mention and resolved speaker, cue, kind, stance, confidence and rule. ``published``
    (a ``datetime.date``) anchors relative dates: with it, each record also says when the
    statement was made (``said_on``), the dates its sentence mentions, and its topics.
    """
    from quotetrack.extraction.enrich import analyse

    return analyse(text, published)
