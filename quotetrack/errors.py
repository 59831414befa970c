"""The errors quotetrack raises on purpose.

Each carries a message a user can act on; the CLI turns them into one line on stderr and
a documented exit status, so no expected failure ever shows a traceback.
"""

from __future__ import annotations


class QuotetrackError(Exception):
    """Base of every error meant for the user. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class ConfigError(QuotetrackError):
    """A setting (database URL, rules folder) is unusable."""


class DatabaseError(QuotetrackError):
    """The database cannot be reached, or its schema is not one this version can use."""


class InputError(QuotetrackError):
    """An input document cannot be read as text."""


class OutputError(QuotetrackError):
    """An output file cannot be written (no such folder, no permission, disk full)."""


class NotFound(QuotetrackError):
    """A name the user asked for (speaker, job, statement) does not exist."""


class QuestionError(QuotetrackError):
    """``ask`` could not read the question."""
