"""Turn a pattern match into a TimeML value, one resolver per rule ``kind``.

The patterns (data) say what was found; a resolver decides the precision and which way a
relative expression points, and lets dateparser read the calendar part. Each resolver
returns ``(value, precision)`` or None when the expression cannot be pinned down (no
anchor for a relative date, a vague count, a year out of range).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import dates_values as cal
from .dates_context import FUTURE, TextContext
from .dates_rules import DateRules

Value = tuple[str, str]
_GRACE_DAYS = 7
#: How far the tense may carry a yearless date: news looks back further than forward.
_REACH_BACK_DAYS, _REACH_FORWARD_DAYS = 300, 183
_SPACES = re.compile(r"[\s-]+")
_ENDED = re.compile(r",?\s+(?:that\s+|which\s+)?ended\b", re.IGNORECASE)


@dataclass
class Resolver:
    """Resolves the matches of one text in reading order, remembering the quarter in focus."""

    rules: DateRules
    context: TextContext
    anchor: dt.date | None
    focus_quarter: tuple[int, int] | None = None

    def resolve(self, kind: str, match: re.Match[str]) -> Value | None:
        handler = _HANDLERS.get(kind)
        if handler is None:
            return None
        result = handler(self, match)
        if result is not None and kind == "quarter":
            year, _, q = result[0].partition("-Q")
            if self.recently_completed((int(year), int(q))):
                self.focus_quarter = (int(year), int(q))
        return result

    # -- lexicon look-ups -------------------------------------------------------------

    def word(self, table: str, text: str | None):
        if text is None:
            return None
        key = _SPACES.sub(" ", text.lower().rstrip("."))
        found = self.rules.table(table).get(key)
        if found is None and table == "months":
            found = self.rules.table("month_abbreviations").get(key)
        return found

    def month_name(self, month: int) -> str:
        return next(name for name, n in self.rules.table("months").items() if n == month)

    def number(self, text: str) -> int | None:
        """ "3" -> 3, "three" -> 3, "twenty-five" -> 25; None for anything else."""
        if text.isdigit():
            return int(text)
        whole = self.word("numbers", text)
        if whole:
            return whole
        parts = [self.word("numbers", w) for w in _SPACES.split(text)]
        return sum(parts) if parts and all(parts) else None

    def spelled_year(self, text: str) -> int | None:
        """ "nineteen ninety-six" -> 1996, "two thousand and one" -> 2001."""
        words = [w for w in _SPACES.split(text.lower()) if w not in ("and", "hundred", "oh")]
        numbers = self.rules.table("numbers")
        if words[:2] == ["two", "thousand"]:
            return 2000 + sum(numbers.get(w, 0) for w in words[2:])
        if not words or words[0] not in numbers:
            return None
        return numbers[words[0]] * 100 + sum(numbers.get(w, 0) for w in words[1:])

    def recently_completed(self, quarter: tuple[int, int]) -> bool:
        """Whether an article would report on this quarter: within the past year."""
        if self.anchor is None:
            return False
        last = self.last_completed_quarter()
        return cal.shift_quarters(*last, -3) <= quarter <= last

    def last_completed_quarter(self) -> tuple[int, int]:
        return cal.shift_quarters(self.anchor.year, cal.quarter_of(self.anchor), -1)

    def latest_quarter(self) -> tuple[int, int] | None:
        """The quarter being reported on: the last finished one the article named, else
        the last one finished before the anchor."""
        if self.focus_quarter is not None:
            return self.focus_quarter
        if self.anchor is None:
            return None
        return self.last_completed_quarter()

    def nearest(self, text: str, match: re.Match[str], moves: str | None = None) -> dt.date | None:
        """dateparser's readings of a yearless date, the likeliest one for this sentence.

        The nearest reading on the side the tense points to, if it is within reach (ten
        months back, six forward); otherwise the nearest one: "Aug. 21" is two months ago
        even in a sentence with "will", "March 31" in a past sentence of November is
        this year's.
        """
        readings = {cal.parse(text, self.anchor, p, moves) for p in ("past", "future")}
        readings.discard(None)
        if not readings:
            return None
        anchor = self.anchor
        way, evidence = self.context.direction(*match.span())
        forward = way == FUTURE
        grace = dt.timedelta(days=_GRACE_DAYS)
        on_side = [d for d in readings if (d >= anchor - grace if forward else d <= anchor + grace)]
        by_distance = sorted(readings, key=lambda d: (abs((d - anchor).days), d))
        reach = _REACH_FORWARD_DAYS if forward else _REACH_BACK_DAYS
        for d in sorted(on_side, key=lambda d: abs((d - anchor).days)):
            if evidence or abs((d - anchor).days) <= reach:
                return d
        return by_distance[0]

    def prefer(self, match: re.Match[str]) -> str:
        return "future" if self.context.direction(*match.span()).way == FUTURE else "past"


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _calendar(r: Resolver, m: re.Match[str]) -> Value | None:
    """Explicit dates; dateparser reads them, with the year settled from the tense."""
    if _group(m, "mon") and not m["mon"][0].isupper() and not m["mon"].isdigit():
        return None  # "may 5 percent", "march 14 miles": a verb, not a month
    year, month, day = _calendar_parts(r, m)
    if month is None:
        return (cal.year_value(year), "year") if year and cal.valid_year(year) else None
    if day is None:
        return (cal.month_value(year, month), "month") if year else None
    if year is None and r.anchor is None:
        return None
    text = f"{year:04d}-{month:02d}-{day:02d}" if year else f"{r.month_name(month)} {day}"
    parsed = r.nearest(text, m) if year is None else cal.parse(text, r.anchor)
    if parsed is None or parsed.month != month or parsed.day != day:
        return None
    return cal.day_value(parsed), "day"


def _calendar_parts(r: Resolver, m: re.Match[str]) -> tuple[int | None, int | None, int | None]:
    """Year, month and day as numbers; a numeric "14/03/2025" is read day first only
    when the month-first reading is impossible (English news writes 03/14/2025)."""
    year = r.spelled_year(m["yearwords"]) if _group(m, "yearwords") else None
    spelled_2000s = year and year >= 2000 and not _group(m, "mon")  # "January two thousand"
    if spelled_2000s and not _read_as_year(r, m.start("yearwords")):
        year = None
    if _group(m, "year"):
        year = int(m["year"])
    mon = _group(m, "mon")
    month = (int(mon) if mon.isdigit() else r.word("months", mon)) if mon else None
    day = _day(r, m)
    if month is not None and day is not None and month > 12 >= day:
        month, day = day, month
    return year, month, day


_LAST_WORD = re.compile(r"([A-Za-z]+)\W*$")


def _read_as_year(r: Resolver, start: int) -> bool:
    """ "in two thousand one", "the year two thousand" — not "two thousand people"."""
    m = _LAST_WORD.search(r.context.text, max(0, start - 20), start)
    return bool(m) and m[1].lower() in r.rules.table("spelled_years").get("after", [])


def _day(r: Resolver, m: re.Match[str]) -> int | None:
    if _group(m, "day"):
        return int(re.match(r"\d+", m["day"])[0])
    if _group(m, "dayword"):
        return r.word("day_ordinals", m["dayword"])
    return None


def _month(r: Resolver, m: re.Match[str]) -> Value | None:
    """A month named alone: "last April", "June last year", "in December"."""
    month = r.word("months", m["mon"])
    if month is None or r.anchor is None or not m["mon"][0].isupper():
        return None
    if not _group(m, "rel") and _in_a_name(r, m.start("mon")):  # "Theresa May", "Brian May"
        return None
    a = r.anchor
    rel_year = r.word("relative", _group(m, "relyear"))
    rel = r.word("relative", _group(m, "rel"))
    if rel_year is not None:
        return cal.month_value(a.year + rel_year, month), "month"
    if rel == 0:
        return cal.month_value(a.year, month), "month"
    if rel is not None:
        prefer = "past" if rel < 0 else "future"
    elif month == a.month:
        return cal.month_value(a.year, month), "month"
    else:
        prefer = None
    parsed = (
        r.nearest(m["mon"], m, moves="month")
        if prefer is None
        else cal.parse(m["mon"], a, prefer, moves="month")
    )
    if parsed is None:
        return None
    return cal.month_value(parsed.year, parsed.month), "month"


def _weekday(r: Resolver, m: re.Match[str]) -> Value | None:
    """A weekday: the nearest one in the sentence's direction, the anchor day included."""
    if r.anchor is None or not m["wd"][0].isupper():
        return None
    rel = r.word("relative", _group(m, "rel"))
    if rel is not None and rel != 0:
        prefer = "past" if rel < 0 else "future"
        return _weekday_value(r, m["wd"], prefer, same_day=False)
    return _weekday_value(r, m["wd"], r.prefer(m), same_day=True)


def _weekday_value(r: Resolver, name: str, prefer: str, same_day: bool) -> Value | None:
    parsed = cal.parse(name.rstrip("."), r.anchor, prefer, moves="week")
    if parsed is None:
        return None
    if same_day and abs((parsed - r.anchor).days) == 7:
        parsed = r.anchor
    return cal.day_value(parsed), "day"


def _deictic(r: Resolver, m: re.Match[str]) -> Value | None:
    """ "yesterday", "today"; but "USA Today", "VOA Today" are names."""
    if r.anchor is None or (m["deictic"][0].isupper() and _in_a_name(r, m.start("deictic"))):
        return None
    parsed = cal.parse(r.word("deictic", m["deictic"]), r.anchor, moves="week")
    return (cal.day_value(parsed), "day") if parsed else None


_CAPITALISED_BEFORE = re.compile(r"\b([A-Z](?:[\w&.-]*[\w&])?)[ \t]+$")


def _in_a_name(r: Resolver, start: int) -> bool:
    """Whether the word at ``start`` continues a name: "USA Today", "Theresa May".

    A capitalised word right before it makes it a name, unless that word is one that
    starts a date phrase at the head of a sentence ("In May", "Early Today", "Last June").
    """
    m = _CAPITALISED_BEFORE.search(r.context.text, max(0, start - 30), start)
    if not m:
        return False
    word = m[1].lower()
    openers = r.rules.table("names").get("date_openers", [])
    return word not in openers and r.word("relative", word) is None


def _relative(r: Resolver, m: re.Match[str]) -> Value | None:
    """this/last/next + unit, at the unit's precision ("next week" -> the ISO week after);
    no relative word means the anchor's own unit ("by the end of the month")."""
    rel = r.word("relative", m["rel"]) if _group(m, "rel") else 0  # "the end of the month"
    if r.anchor is None or rel is None or _title_case(m["unit"]):
        return None
    unit = m["unit"].lower()
    if unit == "quarter":
        year, q = cal.shift_quarters(r.anchor.year, cal.quarter_of(r.anchor), rel)
        return cal.quarter_value(year, q), "quarter"
    phrase = {-1: "last", 0: "this", 1: "next"}[max(-1, min(1, rel))] + " " + unit
    parsed = cal.parse(phrase, r.anchor, moves=_MOVES.get(unit))
    if parsed is None:
        return None
    return cal.value_for(parsed, unit), unit


#: What a phrase of each unit depends on ("last week", "three days ago" move with the
#: anchor week by week; "last month" needs only its month, "last year" its year): see
#: dates_values.parse.
_MOVES = {"day": "week", "week": "week", "month": "month", "year": "year"}


def _moves(unit: str, precision: str) -> str | None:
    """What a reading of "N <unit>s ago" kept at ``precision`` depends on: weeks and days
    move week by week whatever the precision; months and years only when that is also
    the precision kept."""
    moves = _MOVES.get(unit)
    return moves if moves == "week" or unit == precision else None


def _title_case(word: str) -> bool:
    """ "This Week", "Next Year": a programme or a headline word, not a date."""
    return word[0].isupper() and not word.isupper()


def _ago(r: Resolver, m: re.Match[str]) -> Value | None:
    """ "three weeks ago", "a year earlier", "two years from now": counted from the anchor.

    In a sentence comparing quarters a year back names the same quarter a year before.
    """
    if r.anchor is None:
        return None
    num_text = m["num"].lower()
    count = 1 if num_text == "year" else r.number(num_text)
    unit = "year" if num_text == "year" else m["unit"].lower()
    precision = r.word("units", unit)
    if not count or precision is None:
        return None
    sign = 1 if m["dir"].lower().startswith(("from", "hence")) else -1
    if sign < 0 and precision == "year" and count == 1 and r.context.about_quarters(*m.span()):
        return _quarter_back(r, 1)
    if precision == "quarter":
        year, q = cal.shift_quarters(r.anchor.year, cal.quarter_of(r.anchor), sign * count)
        return cal.quarter_value(year, q), "quarter"
    singular = unit.rstrip("s")
    phrase = f"{count} {singular}s ago" if sign < 0 else f"in {count} {singular}s"
    parsed = cal.parse(phrase, r.anchor, moves=_moves(singular, precision))
    if parsed is None:
        return None
    return cal.value_for(parsed, precision), precision


def _quarter_back(r: Resolver, years: int) -> Value | None:
    """The quarter in focus, ``years`` back ("the year-ago quarter": one)."""
    latest = r.latest_quarter()
    if latest is None:
        return None
    return cal.quarter_value(latest[0] - years, latest[1]), "quarter"


def _quarter(r: Resolver, m: re.Match[str]) -> Value | None:
    """ "the third quarter (of 1990)", "next year's first quarter", "the 1988 second quarter".

    Without a year, a quarter later than the anchor's, told in the past tense, is last
    year's (fourth-quarter results reported in January).
    """
    if _group(m, "qnum") and not m[0].startswith("Q"):
        return None  # "q1" is a variable name or a typo, "Q1" the quarter
    q = int(m["qnum"]) if _group(m, "qnum") else r.word("ordinals", m["ord"])
    if q is None or not 1 <= q <= 4:
        return None
    year = _explicit_year(m)
    if year is None:
        if r.anchor is None:
            return None
        year = r.anchor.year
        rel = r.word("relative", _group(m, "rel")) or r.word("relative", _group(m, "yrel"))
        if rel:
            year += rel
        elif _group(m, "ago") or _reported_late(r, m, q):
            year -= 1
    return cal.quarter_value(year, q), "quarter"


def _reported_late(r: Resolver, m: re.Match[str], quarter: int) -> bool:
    """A quarter not yet begun at the anchor is last year's, unless the sentence looks
    ahead; "the fourth quarter ended Dec. 31" is over whatever the sentence's tense."""
    if quarter <= cal.quarter_of(r.anchor):
        return False
    return bool(_ENDED.match(r.context.text, m.end())) or r.prefer(m) != "future"


def _explicit_year(m: re.Match[str]) -> int | None:
    for name in ("qyear", "year"):
        if _group(m, name):
            return int(m[name])
    return None


def _focus(r: Resolver, m: re.Match[str]) -> Value | None:
    """ "the quarter", "the year-ago quarter", "the 1988 period": the quarter in focus."""
    if _group(m, "pyear"):
        latest = r.latest_quarter()
        return (cal.quarter_value(int(m["pyear"]), latest[1]), "quarter") if latest else None
    return _quarter_back(r, 1 if _group(m, "ago") else 0)


def _year_of(r: Resolver, m: re.Match[str]) -> Value | None:
    return (cal.year_value(r.anchor.year), "year") if r.anchor else None


_HANDLERS: dict[str, Callable[[Resolver, re.Match[str]], Value | None]] = {
    "calendar": _calendar,
    "month": _month,
    "weekday": _weekday,
    "deictic": _deictic,
    "relative": _relative,
    "ago": _ago,
    "quarter": _quarter,
    "focus": _focus,
    "year_of": _year_of,
}
