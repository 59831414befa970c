"""When a job runs: every fixed interval (``--every 30m``) or on a cron expression
(``--cron "0 * * * *"``).

The cron reader is small and written here rather than taken from a library: the five
standard fields with ``*``, lists, ranges, steps and month/day names, plus the
``@hourly``-style macros, are all a job schedule needs, and a dependency for them would
outweigh the code. Times are UTC, like the rest of quotetrack's clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from quotetrack.errors import QuotetrackError


class ScheduleError(QuotetrackError):
    """An --every or --cron value that cannot be read."""

    exit_code = 2


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_EVERY = re.compile(r"(\d+)\s*([smhdw])")
MIN_EVERY = 60
MACROS = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
#: (name, low, high, names) of the five fields
FIELDS = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, MONTHS),
    ("day of week", 0, 7, DAYS),
)
SEARCH_YEARS = 5


def parse_every(text: str) -> int:
    """Seconds in "30m", "1h30m", "2d", "90s"; at least a minute, to stay polite."""
    compact = text.strip().lower().replace(" ", "")
    parts = _EVERY.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ScheduleError(f"cannot read --every {text!r}: use e.g. 90s, 30m, 1h30m, 1d")
    seconds = sum(int(n) * _UNITS[u] for n, u in parts)
    if seconds < MIN_EVERY:
        raise ScheduleError(f"--every {text!r} is too often: at least 1m")
    return seconds


@dataclass(frozen=True, slots=True)
class Cron:
    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool  # day of month is "*"
    any_weekday: bool  # day of week is "*"

    @classmethod
    def parse(cls, expression: str) -> Cron:
        text = MACROS.get(expression.strip().lower(), expression.strip())
        fields = text.split()
        if len(fields) != 5:
            raise ScheduleError(
                f"cron expression {expression!r} needs 5 fields "
                "(minute hour day-of-month month day-of-week), e.g. '0 * * * *'"
            )
        values = [_field(f, *spec, expression) for f, spec in zip(fields, FIELDS, strict=True)]
        cron = cls(
            expression=expression.strip(),
            minutes=values[0],
            hours=values[1],
            days=values[2],
            months=values[3],
            weekdays=frozenset(d % 7 for d in values[4]),
            any_day=fields[2] == "*",
            any_weekday=fields[4] == "*",
        )
        cron.next_after(datetime(2000, 1, 1, tzinfo=UTC))  # never matching is an error
        return cron

    def next_after(self, moment: datetime) -> datetime:
        """The first matching minute strictly after ``moment`` (UTC)."""
        t = moment.astimezone(UTC).replace(second=0, microsecond=0) + timedelta(minutes=1)
        limit = t.year + SEARCH_YEARS
        while t.year <= limit:
            if t.month not in self.months:
                t = _first_of_next_month(t)
            elif not self._day_matches(t):
                t = (t + timedelta(days=1)).replace(hour=0, minute=0)
            elif t.hour not in self.hours:
                t = (t + timedelta(hours=1)).replace(minute=0)
            elif t.minute not in self.minutes:
                t += timedelta(minutes=1)
            else:
                return t
        raise ScheduleError(f"cron expression {self.expression!r} never matches a date")

    def _day_matches(self, t: datetime) -> bool:
        """Cron's rule: when both day fields are restricted, either one matching is enough."""
        day = t.day in self.days
        weekday = (t.isoweekday() % 7) in self.weekdays
        if self.any_day or self.any_weekday:
            return day and weekday
        return day or weekday


@dataclass(frozen=True, slots=True)
class Schedule:
    every_seconds: int | None = None
    cron: str | None = None

    @classmethod
    def read(cls, every: str | None, cron: str | None) -> Schedule:
        if bool(every) == bool(cron):
            raise ScheduleError(
                "give exactly one of --every (e.g. 30m) or --cron (e.g. '0 * * * *')"
            )
        if every:
            return cls(every_seconds=parse_every(every))
        Cron.parse(cron)
        return cls(cron=cron.strip())

    def next_after(self, moment: datetime) -> datetime:
        if self.every_seconds:
            return moment + timedelta(seconds=self.every_seconds)
        return Cron.parse(self.cron).next_after(moment)

    def describe(self) -> str:
        if self.cron:
            return f"cron {self.cron}"
        return "every " + _duration(self.every_seconds or 0)


def _field(text: str, name: str, low: int, high: int, names: tuple, expression: str) -> frozenset:
    values: set[int] = set()
    for part in text.lower().split(","):
        values |= _part(part, name, low, high, names, expression)
    return frozenset(values)


def _part(part: str, name: str, low: int, high: int, names: tuple, expression: str) -> set[int]:
    base, _, step_text = part.partition("/")
    step = _number(step_text, name, names, expression) if step_text else 1
    if base == "*":
        first, last = low, high
    elif "-" in base:
        a, b = base.split("-", 1)
        first, last = _number(a, name, names, expression), _number(b, name, names, expression)
    else:
        first = _number(base, name, names, expression)
        last = high if step_text else first
    if not (low <= first <= last <= high) or step < 1:
        raise ScheduleError(f"cron expression {expression!r}: {name} {part!r} is out of range")
    return set(range(first, last + 1, step))


def _number(text: str, name: str, names: tuple, expression: str) -> int:
    if text in names:
        return names.index(text) + (1 if names is MONTHS else 0)
    if text.isdigit():
        return int(text)
    raise ScheduleError(f"cron expression {expression!r}: cannot read {name} {text!r}")


def _first_of_next_month(t: datetime) -> datetime:
    year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    return t.replace(year=year, month=month, day=1, hour=0, minute=0)


def _duration(seconds: int) -> str:
    parts = []
    for unit in ("w", "d", "h", "m", "s"):
        n, seconds = divmod(seconds, _UNITS[unit])
        if n:
            parts.append(f"{n}{unit}")
    return "".join(parts) or "0s"
