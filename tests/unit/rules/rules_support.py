"""Shared by the rules tests: a small base document, a fixed clock value, a builder type.

A plainly named module rather than ``conftest``: two conftest modules exist in this tree
and ``from conftest import`` would depend on which one was imported first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import yaml

from routing_rules import Ruleset

# Monday 2026-11-23 01:00 UTC = 10:00 in Seoul: inside the test calendar's hours
MONDAY_MORNING_SEOUL = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)

BASE: dict[str, Any] = {
    "version": 1,
    "default_language": "en",
    "languages": ["en", "ko"],
    "calendars": {
        "seoul": {
            "tz": "Asia/Seoul",
            "hours": {"mon-fri": "09:00-18:00"},
            "holidays": ["2026-12-25"],
        },
    },
    "queues": {
        "triage": {"priority": 10},
        "security": {
            "priority": 90,
            "skills": ["security"],
            "overflow": "general",
            "response_minutes": 15,
        },
        "general": {"priority": 30, "response_minutes": 240},
        "vip": {"priority": 70},
    },
    "conditions": {"vip": {"customer.vip_tier": ["gold", "platinum"]}},
    "templates": {
        "ack": {"en": "Reply within {response_minutes} min", "ko": "{response_minutes}분 이내"}
    },
    "rules": [],
}

Build = Callable[..., Ruleset]


def document(rules: list[dict[str, Any]]) -> str:
    doc = {**BASE, "rules": rules}
    text: str = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    # safe_dump quotes the holiday as a string; a date is what admins write
    return text.replace("'2026-12-25'", "2026-12-25")
