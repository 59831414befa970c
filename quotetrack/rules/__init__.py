"""The extractor's knowledge as data: cue verbs, titles, pronouns and the like.

See ``loader.py`` for how the files are found, checked and extended.
"""

from __future__ import annotations

from quotetrack.rules.loader import Cue, Rules, RulesError, load_rules

__all__ = ["Cue", "Rules", "RulesError", "load_rules"]
