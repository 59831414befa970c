"""quotetrack: who said what in the news.

The package is importable without side effects and cheaply: heavy modules are imported
only by the commands and functions that need them.
"""

from __future__ import annotations

__version__ = "0.1.0"
