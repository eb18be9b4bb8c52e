"""Business calendars: a time zone, weekly opening hours and holidays.

``is_open`` takes the time as an argument; the caller owns the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ALWAYS = "24x7"
_RANGE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-(([01]\d|2[0-3]):([0-5]\d)|24:00)$")

Span = tuple[int, int]  # minutes after midnight, end exclusive


@dataclass(frozen=True, slots=True)
class Calendar:
    name: str
    tz: ZoneInfo
    week: tuple[tuple[Span, ...], ...]  # one entry per weekday, Monday first
    holidays: frozenset[date]

    def local(self, now: datetime) -> datetime:
        return now.astimezone(self.tz)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        if local.date() in self.holidays:
            return False
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.week[local.weekday()])


class CalendarSyntaxError(ValueError):
    """Raised by the parsers below; the compiler turns it into a positioned problem."""


def parse_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CalendarSyntaxError(f"unknown time zone {name!r}") from exc


def parse_days(spec: str) -> list[int]:
    """``mon``, ``mon-fri`` or ``sat,sun`` to weekday numbers (Monday is 0)."""
    days: list[int] = []
    for part in spec.replace(" ", "").lower().split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise CalendarSyntaxError(f"bad day {part!r}: use {', '.join(DAYS)} or a range")
        start, end = DAYS.index(first), DAYS.index(last or first)
        days.extend(range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)])
    return days


def parse_span(text: str) -> Span:
    match = _RANGE.match(text.replace(" ", ""))
    if not match:
        raise CalendarSyntaxError(f"bad hours {text!r}: write HH:MM-HH:MM")
    start = int(match[1]) * 60 + int(match[2])
    end = 24 * 60 if match[3] == "24:00" else int(match[4]) * 60 + int(match[5])
    if end <= start:
        raise CalendarSyntaxError(f"bad hours {text!r}: the end must come after the start")
    return (start, end)


def parse_week(hours: str | dict[str, str | list[str]]) -> tuple[tuple[Span, ...], ...]:
    if isinstance(hours, str):
        if hours != ALWAYS:
            raise CalendarSyntaxError(f"hours is {ALWAYS!r} or a mapping of days to ranges")
        return tuple(((0, 24 * 60),) for _ in DAYS)
    week: list[list[Span]] = [[] for _ in DAYS]
    for spec, ranges in hours.items():
        spans = [parse_span(r) for r in ([ranges] if isinstance(ranges, str) else ranges)]
        for day in parse_days(spec):
            week[day].extend(spans)
    return tuple(tuple(sorted(day)) for day in week)
