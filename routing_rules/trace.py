"""The compact, human-readable account of one decision (``rule: yes`` / ``rule: no (why)``).

Every rule up to the deciding one gets a line, except that a long run of rules the index
ruled out (more than ``RUN``) folds into one line naming the facts that ruled them out, so a
10,000-rule set still gives a trace a person can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from routing_rules.condition import dump, first_failure
from routing_rules.facts import Facts
from routing_rules.ruleset import Rule, Ruleset

RUN = 5


@dataclass(frozen=True, slots=True)
class Evidence:
    ruleset: Ruleset
    facts: Facts
    now: datetime
    matched: tuple[int, ...]
    stop: int  # the deciding (or failing) rule's position, or len(rules) when none decided
    error: str
    verdict: str  # the last line: where it went


def render(evidence: Evidence) -> tuple[str, ...]:
    rules, facts = evidence.ruleset.rules, evidence.facts
    candidates = evidence.ruleset.index.candidates(facts)
    lines = [f"ruleset {evidence.ruleset.version}"]
    skipped: list[Rule] = []
    for i, rule in enumerate(rules[: evidence.stop + 1]):
        if not candidates >> i & 1:
            skipped.append(rule)
            continue
        lines += _skipped(evidence, skipped)
        skipped = []
        lines.append(_line(evidence, i, rule))
    lines += _skipped(evidence, skipped)
    lines.append(evidence.verdict)
    return tuple(lines)


def _line(evidence: Evidence, position: int, rule: Rule) -> str:
    if position == evidence.stop and evidence.error:
        return f"{rule.name}: error ({evidence.error})"
    if position in evidence.matched:
        return f"{rule.name}: yes" + ("" if rule.terminal else " (continue)")
    failed = first_failure(rule.residual, evidence.facts, evidence.now)
    return f"{rule.name}: no ({failed.explain(evidence.facts, evidence.now) if failed else '?'})"


def _skipped(evidence: Evidence, run: list[Rule]) -> list[str]:
    facts, now = evidence.facts, evidence.now
    if len(run) > RUN:
        index = evidence.ruleset.index
        seen = " ".join(f"{f.field}={dump(f.get(facts))}" for f in index.fields)
        return [f"... {len(run)} rules ({run[0].name} .. {run[-1].name}): no (index: {seen})"]
    lines = []
    for rule in run:
        # the index only drops a rule when one of its indexed tests fails
        failed = first_failure(rule.indexed, facts, now)
        lines.append(f"{rule.name}: no ({failed.explain(facts, now) if failed else '?'})")
    return lines
