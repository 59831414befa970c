"""dateparser's readings of the simplest phrases, by calendar arithmetic.

Nearly every phrase the resolvers hand dateparser is one of a few shapes ("Tuesday",
"July", "March 1", "last week", "today", "3 weeks ago", "in 2 months"); dateparser took
1-2 ms on each new one (most of the time dates took) and ~0.2 s to import and warm up
in each process. :func:`reading` gives the same date for these shapes, with dateparser's
rules for each (which way a weekday or a yearless date goes, the 1st of the month for
month and year phrases, leap years for the 29th of February), and None for anything
else, which then goes to dateparser. The words are in
``quotetrack/rules/dates/calendar.toml``; tests/dates/test_calendar_reading.py checks
every one of them against dateparser over anchors of several years.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from calendar import isleap
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import count

Date = dt.date
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Forms:
    """The words of calendar.toml, by the part they play."""

    weekdays: dict[str, int]
    months: dict[str, int]
    days: dict[str, int]
    shifts: dict[str, int]
    shift_units: dict[str, str]
    count_units: dict[str, str]
    ago: str
    ahead: str


@cache
def forms() -> Forms:
    """calendar.toml, read once; fixed, since each entry is checked against dateparser."""
    data = tomllib.loads(
        files("quotetrack").joinpath("rules", "dates", "calendar.toml").read_text("utf-8")
    )
    counts = data["counts"]
    return Forms(
        weekdays=data["weekdays"],
        months=data["months"],
        days=data["days"],
        shifts=data["shifts"],
        shift_units=data["shift_units"],
        count_units=data["count_units"],
        ago=counts["ago"],
        ahead=counts["ahead"],
    )


def reading(text: str, anchor: Date, prefer: str) -> Date | None:
    """dateparser's reading of ``text`` against ``anchor``, when ``text`` is one of the
    shapes above; None means "ask dateparser" (other text, an impossible day, a date out
    of the calendar's range)."""
    words = text.lower().split(" ")
    f = forms()
    try:
        if len(words) == 1:
            word = words[0]
            if word in f.weekdays:
                return _weekday(anchor, f.weekdays[word], prefer)
            if word in f.months:
                return _month(anchor, f.months[word], prefer)
            if word in f.days:
                return anchor + f.days[word] * _DAY
        elif len(words) == 2:
            first, second = words
            if first in f.months and len(second) <= 2 and _count(second):
                return _month_day(anchor, f.months[first], int(second), prefer)
            if first in f.shifts and second in f.shift_units:
                return _shift(anchor, f.shift_units[second], f.shifts[first])
        elif len(words) == 3:
            first, second, third = words
            if third == f.ago and _count(first) and second in f.count_units:
                return _shift(anchor, f.count_units[second], -int(first))
            if first == f.ahead and _count(second) and third in f.count_units:
                return _shift(anchor, f.count_units[third], int(second))
    except (ValueError, OverflowError):  # out of the calendar: dateparser says what it says
        return None
    return None


def _count(word: str) -> bool:
    """A number of up to four ASCII digits ("3", "12"): what the resolvers write. A day
    of the month has at most two: dateparser reads "march 0005" as the year 5."""
    return 0 < len(word) <= 4 and word.isascii() and word.isdigit()


def _weekday(anchor: Date, weekday: int, prefer: str) -> Date:
    """Past: the last one before the anchor; future: the next one after it; otherwise
    the anchor's own weekday or the last one before."""
    back = (anchor.weekday() - weekday) % 7
    if prefer == "future":
        return anchor + ((weekday - anchor.weekday()) % 7 or 7) * _DAY
    if prefer == "past":
        return anchor - (back or 7) * _DAY
    return anchor - back * _DAY


def _month(anchor: Date, month: int, prefer: str) -> Date:
    """The 1st of the month: this year's, unless it begins after the anchor (past: last
    year's) or has begun by it (future: next year's). dateparser first puts the anchor's
    day in the month: a 29th of February, when it moves a year, moves to a leap year."""
    first = Date(anchor.year, month, 1)
    leap = month == 2 and anchor.day >= 29 and isleap(anchor.year)
    if prefer == "past" and anchor < first:
        return first.replace(year=_leap_year(anchor.year, prefer) if leap else anchor.year - 1)
    if prefer == "future" and anchor >= first:
        return first.replace(year=_leap_year(anchor.year, prefer) if leap else anchor.year + 1)
    return first


def _month_day(anchor: Date, month: int, day: int, prefer: str) -> Date:
    """This year's day, unless it is after the anchor (past: last year's) or not
    (future: next year's). The 29th of February is in a leap year: the nearer one
    (current_period) when the anchor's year is not, and moves from leap year to leap
    year."""
    leap = month == 2 and day == 29
    year = anchor.year if not leap or isleap(anchor.year) else _leap_year(anchor.year, prefer)
    this_year = Date(year, month, day)  # "april 31": ValueError, dateparser's None
    if prefer == "past" and anchor < this_year:
        return this_year.replace(year=_leap_year(year, prefer) if leap else year - 1)
    if prefer == "future" and anchor >= this_year:
        return this_year.replace(year=_leap_year(year, prefer) if leap else year + 1)
    return this_year


def _leap_year(year: int, prefer: str) -> int:
    """The leap year dateparser moves a 29th of February to: the next one after ``year``
    (future), the last one before (past), else the nearer, the earlier on a tie."""
    after = next(y for y in count(year + 1) if isleap(y))
    before = next(y for y in count(year - 1, -1) if isleap(y))
    if prefer == "future":
        return after
    if prefer == "past":
        return before
    return after if after - year < year - before else before


def _shift(anchor: Date, unit: str, n: int) -> Date:
    """``n`` units from the anchor; a month or a year is read as its 1st day (the
    month kept for a year), as dateparser's PREFER_DAY_OF_MONTH "first" has it."""
    if unit == "day":
        return anchor + n * _DAY
    if unit == "week":
        return anchor + 7 * n * _DAY
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 + n
        return Date(index // 12, index % 12 + 1, 1)
    return Date(anchor.year + n, anchor.month, 1)
