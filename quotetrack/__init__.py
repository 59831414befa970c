"""quotetrack: who said what in the news.

The package is importable without side effects and cheaply: heavy modules are imported
only by the commands and functions that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"


def extract(text: str, published=None):
    """Find the attributions in ``text``: typed records with character offsets.

    ``published`` (a ``datetime.date``) anchors relative dates; it is accepted now so the
    signature stays stable as date features are added.
    """
    from quotetrack.extraction.pipeline import extract as run

    return run(text)
