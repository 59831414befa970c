"""Reading the dates people type: "2025-03-01", "last week", "February 12", "since March".

dateparser reads the words; this module decides which end of a period a date stands for:
``--since February`` starts on the 1st, ``--until February`` ends on the 28th or 29th.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

_PERIOD = re.compile(r"^(last|this|past|previous)\s+(week|month|year)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:in\s+)?(\d{4})$", re.IGNORECASE)
_MONTH_ONLY = re.compile(r"^(?:in\s+)?([A-Za-z]{3,9})\.?(?:\s+(\d{4}))?$")
_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


class UnreadableDate(ValueError):
    pass


def read_date(text: str, *, end: bool = False, today: date | None = None) -> date:
    """The first (or with ``end``, the last) day of what ``text`` names."""
    first, last = read_period(text, today=today)
    return last if end else first


def read_period(text: str, *, today: date | None = None) -> tuple[date, date]:
    """The span of days ``text`` names: a day, a month, a year, "last week"…"""
    today = today or date.today()
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        raise UnreadableDate("empty date")
    period = _PERIOD.match(cleaned)
    if period:
        return _relative_period(period.group(1).lower(), period.group(2).lower(), today)
    year = _YEAR.match(cleaned)
    if year:
        y = int(year.group(1))
        return date(y, 1, 1), date(y, 12, 31)
    month = _MONTH_ONLY.match(cleaned)
    if month:
        number = _month_number(month.group(1))
        if number:
            y = int(month.group(2)) if month.group(2) else _latest_year(number, today)
            return date(y, number, 1), date(y, number, calendar.monthrange(y, number)[1])
    day = _parse_day(cleaned, today)
    return day, day


def _relative_period(which: str, unit: str, today: date) -> tuple[date, date]:
    past = which in ("last", "previous", "past")
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        start = monday - timedelta(days=7) if past else monday
        return start, start + timedelta(days=6)
    if unit == "month":
        y, m = (today.year, today.month)
        if past:
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    y = today.year - 1 if past else today.year
    return date(y, 1, 1), date(y, 12, 31)


def _month_number(word: str) -> int | None:
    word = word.lower()[:3]
    for number in range(1, 13):
        if calendar.month_abbr[number].lower() == word:
            return number
    return None


def _latest_year(month: int, today: date) -> int:
    """A month named without a year is the most recent one (news looks back)."""
    return today.year if month <= today.month else today.year - 1


def _parse_day(text: str, today: date) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    year_first = _YEAR_FIRST.match(text)
    if year_first:
        # Year first is always year-month-day: left to dateparser, "2025-13-01" would
        # quietly become 13 January.
        try:
            return date(*map(int, year_first.groups()))
        except ValueError as exc:
            raise UnreadableDate(f"cannot read {text!r} as a date: {exc}") from exc
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "RELATIVE_BASE": datetime(today.year, today.month, today.day),
            "PREFER_DATES_FROM": "past",
            "STRICT_PARSING": False,
        },
    )
    if parsed is None:
        raise UnreadableDate(
            f"cannot read {text!r} as a date (try 2025-03-01, 'last week', 'February 12')"
        )
    return parsed.date()
