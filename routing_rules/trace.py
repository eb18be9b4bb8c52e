"""The compact, human-readable account of one decision (``rule: yes`` / ``rule: no (why)``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from routing_rules.condition import first_failure
from routing_rules.facts import Facts
from routing_rules.ruleset import Ruleset


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
    rules, facts, now = evidence.ruleset.rules, evidence.facts, evidence.now
    candidates = evidence.ruleset.index.candidates(facts)
    matched = set(evidence.matched)
    lines = [f"ruleset {evidence.ruleset.version}"]
    for i, rule in enumerate(rules[: evidence.stop + 1]):
        if i == evidence.stop and evidence.error:
            lines.append(f"{rule.name}: error ({evidence.error})")
        elif i in matched:
            lines.append(f"{rule.name}: yes" + ("" if rule.terminal else " (continue)"))
        else:
            # a rule the index skipped failed one of its indexed tests; a tested one, the rest
            pool = rule.residual if candidates >> i & 1 else rule.indexed
            failed = first_failure(pool, facts, now)
            lines.append(f"{rule.name}: no ({failed.explain(facts, now) if failed else '?'})")
    lines.append(evidence.verdict)
    return tuple(lines)
