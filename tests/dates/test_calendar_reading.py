"""The calendar's readings (dates_calendar.py) are dateparser's, for every phrase it reads.

Each phrase of calendar.toml's shapes, with each PREFER_DATES_FROM, is checked against
dateparser on anchors spread over every day of four years (two leap, one a century
that is not, and one ordinary) and the ends of the calendar: about 7,000 dateparser
calls, a few seconds.
"""

from __future__ import annotations

import datetime as dt

from quotetrack.extraction.dates_calendar import forms, reading
from quotetrack.extraction.dates_values import _parse, dateparser_reading

PREFERS = ("past", "future", "current_period")
COUNTS = (0, 1, 2, 3, 7, 12, 25, 100, 2100)


def _phrases() -> list[str]:
    f = forms()
    names = [*f.weekdays, *f.months, *f.days]
    phrases = names + [name.capitalize() for name in names]
    phrases += [f"{month} {day}" for month in f.months for day in range(0, 33)]
    phrases += [f"{month} 0{day}" for month in f.months for day in (1, 9)]
    phrases += [f"{shift} {unit}" for shift in f.shifts for unit in f.shift_units]
    for n in COUNTS:
        phrases += [f"{n} {unit} {f.ago}" for unit in f.count_units]
        phrases += [f"{f.ahead} {n} {unit}" for unit in f.count_units]
    return phrases


def _anchors() -> list[dt.date]:
    days = [dt.date(1, 1, 1) + dt.timedelta(days=i) for i in range(40)]
    days += [dt.date(9999, 12, 31) - dt.timedelta(days=i) for i in range(40)]
    for year in (2000, 2023, 2024, 2100):
        first = dt.date(year, 1, 1)
        days += [
            first + dt.timedelta(days=i)
            for i in range(dt.date(year + 1, 1, 1).toordinal() - first.toordinal())
        ]
    return days


def test_every_reading_of_the_calendar_is_dateparsers():
    pairs = [(text, prefer) for text in _phrases() for prefer in PREFERS]
    per_anchor = 5  # each pair meets about four anchors of different years and seasons
    wrong = []
    checked = 0
    for i, anchor in enumerate(_anchors()):
        for j in range(per_anchor):
            text, prefer = pairs[(i * per_anchor + j) * 7919 % len(pairs)]
            fast = reading(text, anchor, prefer)
            if fast is None:
                continue  # left to dateparser
            checked += 1
            slow = dateparser_reading(text, anchor, prefer)
            if fast != slow:
                wrong.append((text, anchor, prefer, fast, slow))
    assert not wrong[:20]
    assert checked > 5000


def test_the_common_phrases_are_read_without_dateparser():
    """Every shape is read by the calendar on an ordinary anchor (no impossible day, no
    year before 1): the data is in use, not silently falling back."""
    anchor = dt.date(2025, 6, 15)
    left = [
        text
        for text in _phrases()
        if reading(text, anchor, "past") is None
        and not text.endswith((" 0", " 30", " 31", " 32"))
        and "2100 year" not in text
    ]
    assert left == []


def test_other_phrases_still_go_to_dateparser():
    anchor = dt.date(2025, 6, 15)
    others = ("Tues", "sept", "a week ago", "last day", "mid-March", "march 14 2025")
    for text in (*others, "march 005", "march 0005"):
        assert reading(text, anchor, "past") is None
        assert _parse(text, anchor, "past") == dateparser_reading(text, anchor, "past")


def test_the_29th_of_february_moves_between_leap_years_as_dateparser_moves_it():
    """dateparser puts a yearless 29th of February (and "February" read on a 29th or
    later of a leap year) in the next, the previous or the nearer leap year."""
    anchors = [
        dt.date(year, month, day)
        for year in (2023, 2024, 2100)
        for month in range(1, 13)
        for day in (1, 28, 29, 30, 31)
        if day <= 28 or (dt.date(year, month, 1) + dt.timedelta(days=day - 1)).month == month
    ]
    anchors += [dt.date(2024, 2, 1) + dt.timedelta(days=i) for i in range(60)]
    for anchor in anchors:
        for text in ("february 29", "February"):
            for prefer in PREFERS:
                fast = reading(text, anchor, prefer)
                assert fast == dateparser_reading(text, anchor, prefer), (text, anchor, prefer)
