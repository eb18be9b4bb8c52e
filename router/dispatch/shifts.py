"""Shift schedules: when an agent is on duty, in their own time zone.

A schedule is a list of windows such as ``"mon-fri 09:00-17:00"``, ``"sat,sun 10:00-14:00"``
or ``"daily 22:00-06:00"`` (a window past midnight belongs to the day it starts on). No
windows means always on duty. Off duty, an agent online is offered nothing automatically
but may still take work by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from router.dispatch.errors import ScheduleError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^\s*([a-z,\-]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, slots=True)
class Window:
    days: frozenset[int]  # 0 = Monday
    start: time
    end: time

    def covers(self, local: datetime) -> bool:
        at = local.time()
        if self.start < self.end:
            return local.weekday() in self.days and self.start <= at < self.end
        # past midnight: the evening of a listed day, or the morning after one
        yesterday = (local - timedelta(days=1)).weekday()
        return (local.weekday() in self.days and at >= self.start) or (
            yesterday in self.days and at < self.end
        )


def _days(spec: str) -> frozenset[int]:
    if spec == "daily":
        return frozenset(range(7))
    days: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ScheduleError(f"unknown day in {spec!r}; use {', '.join(DAYS)} or daily")
        a, b = DAYS.index(first), DAYS.index(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(b + 1)])
    return frozenset(days)


def parse_window(text: str) -> Window:
    found = _WINDOW.match(text.lower())
    if not found:
        raise ScheduleError(f"shift {text!r} is not like 'mon-fri 09:00-17:00'")
    days, h1, m1, h2, m2 = found.groups()
    try:
        start, end = time(int(h1), int(m1)), time(int(h2) % 24, int(m2))
    except ValueError as exc:
        raise ScheduleError(f"shift {text!r}: {exc}") from exc
    if start == end:
        raise ScheduleError(f"shift {text!r} is empty")
    return Window(_days(days), start, end)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScheduleError(f"unknown time zone {name!r}") from exc


def on_shift(schedule: Sequence[str], timezone: str, now: datetime) -> bool:
    if not schedule:
        return True
    local = now.astimezone(zone(timezone))
    return any(parse_window(w).covers(local) for w in schedule)
