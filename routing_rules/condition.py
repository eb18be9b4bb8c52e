"""The compiled condition: a closure plus what the trace and the analyses need to know of it."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from routing_rules.facts import Facts

Test = Callable[[Facts, datetime], bool]
Explain = Callable[[Facts, datetime], str]


@dataclass(frozen=True, slots=True)
class Condition:
    """One test. ``explain`` says why it did not hold; it is only called when it did not."""

    text: str
    test: Test
    explain: Explain
    field: str = ""
    op: str = ""
    # eq/in: the admitted values; numeric comparisons: the bound; keyword/set ops: the words
    operand: Any = None


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def dump(value: Any) -> str:
    """Compact JSON for traces and messages (one shared encoder: building one is slow)."""
    return _ENCODER.encode(value)


def _always(facts: Facts, now: datetime) -> bool:
    return True


def conjoin(conditions: Sequence[Condition]) -> Test:
    """One closure for a conjunction; small arities are unrolled because they dominate."""
    tests = [c.test for c in conditions]
    if not tests:
        return _always
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        a, b = tests
        return lambda f, n: a(f, n) and b(f, n)
    if len(tests) == 3:
        a, b, c = tests
        return lambda f, n: a(f, n) and b(f, n) and c(f, n)
    return lambda f, n: all(t(f, n) for t in tests)


def first_failure(conditions: Sequence[Condition], facts: Facts, now: datetime) -> Condition | None:
    for condition in conditions:
        if not condition.test(facts, now):
            return condition
    return None


def describe(conditions: Sequence[Condition]) -> str:
    return " and ".join(c.text for c in conditions) or "always"


def negate(inner: Sequence[Condition]) -> Condition:
    test = conjoin(inner)
    text = f"not ({describe(inner)})"
    held = f"{describe(inner)} holds"
    return Condition(text, lambda f, n: not test(f, n), lambda f, n: held, op="not")


def disjoin(branches: Sequence[Sequence[Condition]]) -> Condition:
    tests = [conjoin(b) for b in branches]
    text = "any(" + " | ".join(describe(b) for b in branches) + ")"

    def explain(facts: Facts, now: datetime) -> str:
        reasons = []
        for branch in branches:
            failed = first_failure(branch, facts, now)
            reasons.append(failed.explain(facts, now) if failed else "?")
        return "none of: " + "; ".join(reasons)

    return Condition(text, lambda f, n: any(t(f, n) for t in tests), explain, op="any")
