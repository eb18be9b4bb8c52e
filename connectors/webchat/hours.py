"""Business hours of the chat: ``"mon-fri 08:00-20:00; sat 10:00-14:00"`` in a time zone.

Parsed with the routing rules' calendar, so the chat and the rules agree on what a day and
an opening span are. An empty specification means always open.
"""

from __future__ import annotations

from routing_rules.calendar import ALWAYS, Calendar, parse_week, parse_zone


def parse_hours(spec: str, zone: str) -> Calendar:
    """A calendar for ``spec``; raises ``CalendarSyntaxError`` naming the bad part."""
    hours: str | dict[str, str | list[str]]
    if not spec.strip():
        hours = ALWAYS
    else:
        grouped: dict[str, list[str]] = {}
        for part in filter(None, (p.strip() for p in spec.split(";"))):
            days, _, spans = part.partition(" ")
            grouped.setdefault(days, []).extend(s for s in spans.replace(" ", "").split(","))
        hours = {days: list(spans) for days, spans in grouped.items()}
    return Calendar("webchat", parse_zone(zone), parse_week(hours), frozenset())
