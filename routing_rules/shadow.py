"""Finds rules that can never fire because an earlier terminal rule takes all their messages.

Rule A shadows a later rule B when every condition of A is implied by B's conditions (A is
unconditional, or B repeats A's tests or narrows them: ``in [a, b]`` ⊇ ``== a``, ``>= 0.5``
⊆ ``>= 0.7``, keyword lists). Sound but incomplete: a reported rule is surely dead, and some
dead rules (e.g. shadowed by a union of earlier rules) go unreported. The rule index narrows
the earlier rules to the few whose equality tests admit everything B admits, so a
10,000-rule file is checked in well under a second.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from routing_rules.condition import Condition
from routing_rules.index import admitted_values
from routing_rules.ruleset import Rule, Ruleset

_LOWER = {"gt", "gte"}
_UPPER = {"lt", "lte"}
_NARROWABLE = {"eq", "in", "gt", "gte", "lt", "lte", "contains", "contains_any", "contains_all"}


def shadowing(ruleset: Ruleset) -> Iterator[tuple[Rule, Rule]]:
    """(shadowed, shadowing) pairs, the earliest shadowing rule for each dead rule."""
    terminal = sum(1 << i for i, rule in enumerate(ruleset.rules) if rule.terminal)
    profiles = [_Profile.of(rule) for rule in ruleset.rules]
    prefilter = _Prefilter.build(profiles)
    for position, rule in enumerate(ruleset.rules):
        profile = profiles[position]
        mask = _earlier_admitting(ruleset, rule, terminal & ((1 << position) - 1))
        mask = mask and mask & prefilter.admitting(profile)
        while mask:
            lowest = mask & -mask
            mask ^= lowest
            earlier = lowest.bit_length() - 1
            if all(profile.implies(c) for c in profiles[earlier].residual):
                yield rule, ruleset.rules[earlier]
                break


@dataclass(frozen=True, slots=True)
class _Profile:
    """A rule's conditions arranged for quick implication checks."""

    texts: frozenset[str]
    by_field: dict[str, tuple[Condition, ...]]
    residual: tuple[Condition, ...]  # what an earlier rule must have implied beyond the index

    @classmethod
    def of(cls, rule: Rule) -> _Profile:
        by_field: dict[str, tuple[Condition, ...]] = {}
        for c in rule.conditions:
            by_field[c.field] = (*by_field.get(c.field, ()), c)
        # conditions only implied by an identical one fail fastest, so they go first
        residual = sorted(rule.residual, key=lambda c: c.op in _NARROWABLE)
        return cls(frozenset(c.text for c in rule.conditions), by_field, tuple(residual))

    def implies(self, wanted: Condition) -> bool:
        if wanted.text in self.texts:
            return True
        return bool(wanted.field) and any(
            _narrower(c, wanted) for c in self.by_field.get(wanted.field, ())
        )


@dataclass(frozen=True, slots=True)
class _Prefilter:
    """Bitsets of which rules need what from a later rule before they can shadow it.

    A rule with a test that only an identical test implies (regex, any, not, hours) needs
    the later rule to share at least one such text; a rule with a keyword list needs the
    later rule to have a list on that field made only of its words. Necessary, not
    sufficient: the survivors are checked exactly.
    """

    everything: int
    identity_need: int
    by_text: dict[str, int]
    word_need: dict[str, int]
    by_word: dict[str, dict[str, int]]

    @classmethod
    def build(cls, profiles: list[_Profile]) -> _Prefilter:
        identity_need = 0
        by_text: dict[str, int] = {}
        word_need: dict[str, int] = {}
        by_word: dict[str, dict[str, int]] = {}
        for i, profile in enumerate(profiles):
            bit = 1 << i
            for c in profile.residual:
                if c.op not in _NARROWABLE:
                    identity_need |= bit
                    by_text[c.text] = by_text.get(c.text, 0) | bit
                elif c.op == "contains_any":
                    word_need[c.field] = word_need.get(c.field, 0) | bit
                    words = by_word.setdefault(c.field, {})
                    for word in c.operand:
                        words[word] = words.get(word, 0) | bit
        everything = (1 << len(profiles)) - 1
        return cls(everything, identity_need, by_text, word_need, by_word)

    def admitting(self, later: _Profile) -> int:
        allowed = self.everything ^ self.identity_need
        for text in later.texts:
            allowed |= self.by_text.get(text, 0)
        mask = allowed
        for field, need in self.word_need.items():
            allowed = self.everything ^ need
            words = self.by_word[field]
            for c in later.by_field.get(field, ()):
                if c.op in ("contains_any", "contains"):
                    subset = need
                    for word in c.operand:
                        subset &= words.get(word, 0)
                    allowed |= subset
                elif c.op == "contains_all":
                    for word in c.operand:
                        allowed |= words.get(word, 0)
            mask &= allowed
        return mask


def _earlier_admitting(ruleset: Ruleset, rule: Rule, mask: int) -> int:
    admitted = admitted_values(rule.indexed)
    for index in ruleset.index.fields:
        values = admitted.get(index.field)
        if values is None:
            mask &= index.free
            continue
        if not values:
            return 0  # a rule that admits nothing is dead already; not a shadowing question
        for value in values:
            mask &= index.admits.get(value, index.free)
    return mask


def _narrower(have: Condition, wanted: Condition) -> bool:
    """Does ``have`` holding guarantee that ``wanted`` holds?"""
    if not have.field or have.field != wanted.field:
        return False
    pair = (have.op, wanted.op)
    if pair[0] in ("eq", "in") and pair[1] in ("eq", "in"):
        return bool(have.operand <= wanted.operand)
    if pair[1] in _LOWER and pair[0] in _LOWER:
        return bool(
            have.operand > wanted.operand
            or (have.operand == wanted.operand and pair != ("gte", "gt"))
        )
    if pair[1] in _UPPER and pair[0] in _UPPER:
        return bool(
            have.operand < wanted.operand
            or (have.operand == wanted.operand and pair != ("lte", "lt"))
        )
    if wanted.op == "contains_any" and have.op in ("contains_any", "contains"):
        return bool(have.operand <= wanted.operand)
    if have.op == "contains_all" and wanted.op in ("contains_any", "contains", "contains_all"):
        return bool(
            have.operand & wanted.operand
            if wanted.op == "contains_any"
            else wanted.operand <= have.operand
        )
    return False
