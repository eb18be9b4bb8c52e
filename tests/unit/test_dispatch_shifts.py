"""Shift windows in the agent's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from router.dispatch.errors import ScheduleError
from router.dispatch.shifts import on_shift, parse_window

pytestmark = pytest.mark.inbox

# 2026-11-24 is a Tuesday
TUE_0830_UTC = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("schedule", "tz", "now", "expected"),
    [
        ([], "UTC", TUE_0830_UTC, True),
        (["mon-fri 09:00-17:00"], "UTC", TUE_0830_UTC, False),
        (["mon-fri 09:00-17:00"], "Europe/Berlin", TUE_0830_UTC, True),  # 09:30 there
        (["sat,sun 09:00-17:00"], "Europe/Berlin", TUE_0830_UTC, False),
        (["daily 22:00-06:00"], "UTC", datetime(2026, 11, 24, 3, 0, tzinfo=UTC), True),
        (["daily 22:00-06:00"], "UTC", TUE_0830_UTC, False),
        (["mon 22:00-06:00"], "UTC", datetime(2026, 11, 24, 5, 59, tzinfo=UTC), True),
        (["tue 22:00-06:00"], "UTC", datetime(2026, 11, 24, 5, 59, tzinfo=UTC), False),
        (["fri-mon 08:00-09:00"], "UTC", datetime(2026, 11, 23, 8, 30, tzinfo=UTC), True),
    ],
)
def test_on_shift(schedule: list[str], tz: str, now: datetime, expected: bool) -> None:
    assert on_shift(schedule, tz, now) is expected


@pytest.mark.parametrize(
    "bad", ["weekdays 09:00-17:00", "mon 9-17", "mon 09:00-09:00", "mon 25:00-26:00"]
)
def test_bad_windows_are_named(bad: str) -> None:
    with pytest.raises(ScheduleError, match=r"shift|day"):
        parse_window(bad)


def test_unknown_time_zone() -> None:
    with pytest.raises(ScheduleError, match="Mars/Olympus"):
        on_shift(["mon 09:00-10:00"], "Mars/Olympus", TUE_0830_UTC)
