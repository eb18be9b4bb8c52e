"""An index of rules by their equality and membership conditions on label fields.

Every rule is a bit. For each indexed field, ``admits[value]`` holds the bits of the rules
that accept that value (they constrain the field to a set containing it, or do not
constrain it at all); ``free`` holds only the unconstraining ones, for values no rule names.
ANDing one lookup per field leaves the rules that can still match, in rule order, so the
evaluator walks few rules and first-match semantics are unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from routing_rules.condition import Condition
from routing_rules.facts import FIELDS, Facts, Kind

INDEXED_KINDS = frozenset({Kind.KEYWORD, Kind.BOOL})


def is_indexable(condition: Condition) -> bool:
    spec = FIELDS.get(condition.field)
    return spec is not None and spec.kind in INDEXED_KINDS and condition.op in ("eq", "in")


@dataclass(frozen=True, slots=True)
class FieldIndex:
    field: str
    get: Callable[[Facts], Any]
    admits: dict[Hashable, int]
    free: int


@dataclass(frozen=True, slots=True)
class RuleIndex:
    fields: tuple[FieldIndex, ...]
    everything: int

    def candidates(self, facts: Facts) -> int:
        mask = self.everything
        for index in self.fields:
            mask &= index.admits.get(index.get(facts), index.free)
        return mask


def admitted_values(conditions: Sequence[Condition]) -> dict[str, frozenset[Any]]:
    """Per field, the values a rule's indexable conditions let through (their intersection)."""
    out: dict[str, frozenset[Any]] = {}
    for condition in conditions:
        if is_indexable(condition):
            previous = out.get(condition.field)
            values: frozenset[Any] = condition.operand
            out[condition.field] = values if previous is None else previous & values
    return out


def build_index(rules: Sequence[Sequence[Condition]]) -> RuleIndex:
    admitted = [admitted_values(conditions) for conditions in rules]
    everything = (1 << len(rules)) - 1
    names = sorted({field for per_rule in admitted for field in per_rule})
    return RuleIndex(tuple(_field_index(name, admitted, everything) for name in names), everything)


def _field_index(
    name: str, admitted: list[dict[str, frozenset[Any]]], everything: int
) -> FieldIndex:
    constrained = 0
    by_value: dict[Hashable, int] = {}
    for bit, per_rule in enumerate(admitted):
        for value in per_rule.get(name, ()):
            by_value[value] = by_value.get(value, 0) | (1 << bit)
        if name in per_rule:
            constrained |= 1 << bit
    free = everything & ~constrained
    return FieldIndex(
        name, FIELDS[name].get, {v: bits | free for v, bits in by_value.items()}, free
    )
