"""A compiled, immutable rule set: what :func:`routing_rules.evaluate` runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from routing_rules.actions import Actions
from routing_rules.calendar import Calendar
from routing_rules.condition import Test
from routing_rules.conditions import Conjunction
from routing_rules.index import RuleIndex


@dataclass(frozen=True, slots=True)
class Queue:
    name: str
    description: str
    priority: int
    calendar: str | None
    skills: tuple[str, ...]
    overflow: str | None
    response_minutes: int | None


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    position: tuple[int, int]  # line and column where the rule is written
    conditions: Conjunction  # every top-level condition, in the order written
    indexed: Conjunction  # the ones the index has already checked for a candidate
    residual: Conjunction  # the ones left for ``test``
    test: Test
    actions: Actions
    terminal: bool


@dataclass(frozen=True, slots=True)
class Ruleset:
    version: str
    filename: str
    default_language: str
    languages: tuple[str, ...]
    triage_queue: str
    queues: Mapping[str, Queue]
    calendars: Mapping[str, Calendar]
    templates: Mapping[str, Mapping[str, str]]
    rules: tuple[Rule, ...]
    index: RuleIndex
