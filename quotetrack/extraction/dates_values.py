"""Calendar arithmetic and TimeML values, with dateparser doing the parsing.

The commonest phrases ("Tuesday", "March 1", "last week") are read by arithmetic that
gives dateparser's answer (dates_calendar.py). dateparser is imported lazily and asked
only about the other short spans the patterns found, with the language fixed to English
(its language detection is the slow part) and results cached, because the same phrases
recur throughout a news corpus.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .dates_calendar import reading

Date = dt.date

_SETTINGS = {
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": False,
    "DATE_ORDER": "MDY",
}


#: A Monday: weekday expressions are read against the day of this week that shares the
#: anchor's weekday, then moved back, so that their readings are cached across articles.
_REFERENCE_WEEK = dt.date(2001, 1, 1)


def parse(
    text: str, anchor: Date | None, prefer: str = "current_period", moves: str | None = None
) -> Date | None:
    """dateparser's reading of ``text`` relative to ``anchor``; None when it cannot tell.

    ``prefer`` is dateparser's PREFER_DATES_FROM: "past", "future" or "current_period".
    Each article has its own anchor, so a cache keyed on it missed for nearly every
    "Tuesday" or "last year" of a corpus (1-3 ms of dateparser each, most of the time
    dates took). ``moves`` says what the reading depends on, so that one cached answer
    serves many anchors:

    - ``"week"``: it moves with the anchor week by week ("Tuesday", "today", "last week",
      "three days ago"): dateparser reads it against the same weekday of a reference
      week, and the answer is moved back by as many weeks. Exact.
    - ``"month"``: only its month is used, and it depends on the anchor's month and on
      whether the anchor is the 1st ("November", "last month"): read against the 1st or
      the 2nd of the anchor's month.
    - ``"year"``: only its year is used ("last year", "nine years ago"): read against
      the 2nd of January of the anchor's year.

    A full ISO date ("2025-03-14") is read directly: dateparser would give the same.
    """
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    if anchor is None or moves is None:
        return _parse(text, anchor, prefer)
    if moves == "week":
        reference = _REFERENCE_WEEK + dt.timedelta(days=anchor.weekday())
        reading = _parse(text, reference, prefer)
        return None if reading is None else anchor + (reading - reference)
    if moves == "month":
        return _parse(text, anchor.replace(day=min(anchor.day, 2)), prefer)
    if moves == "year":
        return _parse(text, dt.date(anchor.year, 1, 2), prefer)
    raise ValueError(f"moves must be week, month or year, not {moves!r}")


@lru_cache(maxsize=4096)
def _parse(text: str, anchor: Date | None, prefer: str) -> Date | None:
    """The calendar's reading when it has one (most phrases: no dateparser call, and no
    dateparser import in a process that meets only those), else dateparser's."""
    if anchor is not None:
        found = reading(text, anchor, prefer)
        if found is not None:
            return found
    return dateparser_reading(text, anchor, prefer)


def dateparser_reading(text: str, anchor: Date | None, prefer: str) -> Date | None:
    """What dateparser reads in ``text`` against ``anchor`` (today when None)."""
    import dateparser  # deferred: importing it costs ~0.1 s the date-free commands avoid

    settings = dict(_SETTINGS, PREFER_DATES_FROM=prefer)
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    try:
        result = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    return result.date() if result is not None else None


def day_value(d: Date) -> str:
    return d.isoformat()


def week_value(d: Date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def quarter_value(year: int, quarter: int) -> str:
    return f"{year:04d}-Q{quarter}"


def year_value(year: int) -> str:
    return f"{year:04d}"


def quarter_of(d: Date) -> int:
    return (d.month - 1) // 3 + 1


def shift_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def valid_year(year: int) -> bool:
    return 1 <= year <= 9999


def value_for(d: Date, precision: str) -> str:
    """Truncate a day to the precision the expression carries."""
    if precision == "day":
        return day_value(d)
    if precision == "week":
        return week_value(d)
    if precision == "month":
        return month_value(d.year, d.month)
    if precision == "quarter":
        return quarter_value(d.year, quarter_of(d))
    return year_value(d.year)
