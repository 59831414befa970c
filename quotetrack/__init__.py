"""quotetrack: who said what in the news.

The package is importable without side effects and cheaply: heavy modules are imported
only by the commands and functions that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"


def extract(text: str, published=None):
    """Find the attributions in ``text``: typed records with character offsets.

    Each :class:`quotetrack.extraction.model.Attribution` carries its content, speaker
    mention and resolved speaker, cue, kind, stance, confidence and rule. ``published``
    (a ``datetime.date``) anchors relative dates: with it, each record also says when the
    statement was made (``said_on``), the dates its sentence mentions, and its topics.
    """
    from quotetrack.extraction.enrich import analyse

    return analyse(text, published)
