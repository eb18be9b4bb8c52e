"""Field operators: each turns (field, operand) into a :class:`Condition` or a problem message.

Multilingual keywords: Latin, Cyrillic, Arabic... words match on word boundaries (``pin``
must not match ``spinning``; ``hack*`` matches ``hacked``), while Chinese, Japanese, Korean
and Thai keywords match as substrings, since those scripts do not separate words (or, in
Korean, glue particles onto them: 해킹 in 해킹당했어요).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from routing_rules.condition import Condition, Explain, Test, dump
from routing_rules.facts import Facts, FieldSpec, Kind, fold

_UNSPACED = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_COMPARE: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "gt": (">", operator.gt),
    "gte": (">=", operator.ge),
    "lt": ("<", operator.lt),
    "lte": ("<=", operator.le),
}
OPS_BY_KIND: dict[Kind, frozenset[str]] = {
    Kind.KEYWORD: frozenset({"eq", "in", "regex"}),
    Kind.TEXT: frozenset({"eq", "contains_any", "regex"}),
    Kind.NUMBER: frozenset({"eq", "in", *_COMPARE}),
    Kind.BOOL: frozenset({"eq"}),
    Kind.SET: frozenset({"contains", "contains_any", "contains_all", "empty"}),
}
NEGATED = {"ne": "eq", "not_in": "in"}


class OperandError(ValueError):
    """The operand does not fit the operator or the field; the message says how."""


class UnknownOperator(OperandError):
    """The operator does not exist for this kind of field (reported at the operator's key)."""


def build(spec: FieldSpec, op: str, operand: Any) -> Condition:
    if op not in OPS_BY_KIND[spec.kind]:
        allowed = ", ".join(sorted({*OPS_BY_KIND[spec.kind], "not"}))
        raise UnknownOperator(f"{op!r} does not apply to {spec.name} ({spec.kind}); use {allowed}")
    if op in _COMPARE:
        return _compare(spec, op, _scalar(spec, operand))
    maker = _MAKERS[op]
    return maker(spec, operand)


def _scalar(spec: FieldSpec, value: Any) -> Any:
    kind = spec.kind
    if kind is Kind.NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    else:
        ok = isinstance(value, bool if kind is Kind.BOOL else str)
    if not ok:
        want = {Kind.NUMBER: "a number", Kind.BOOL: "true or false"}.get(kind, "a string")
        hint = (
            " (quote it: YAML reads yes/no/on/off as booleans)" if isinstance(value, bool) else ""
        )
        raise OperandError(f"{spec.name} compares with {want}, not {dump(value)}{hint}")
    if spec.allowed is not None and value not in spec.allowed:
        raise OperandError(
            f"unknown {spec.name} {value!r}: one of {', '.join(sorted(spec.allowed))}"
        )
    return value


def _list(spec: FieldSpec, value: Any) -> list[Any]:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise OperandError(f"an empty list never matches {spec.name}")
    return [_scalar(spec, item) for item in items]


def _shown(spec: FieldSpec, facts: Facts) -> str:
    value = spec.get(facts)
    if spec.kind is Kind.TEXT:
        return f"({len(value)} chars)"  # customer text stays out of traces
    return dump(sorted(value) if spec.kind is Kind.SET else value)


def _condition(
    spec: FieldSpec, op: str, text: str, test: Test, why: Explain, operand: Any
) -> Condition:
    return Condition(text, test, why, field=spec.name, op=op, operand=operand)


def _eq(spec: FieldSpec, operand: Any) -> Condition:
    value, get = _scalar(spec, operand), spec.get
    text = f"{spec.name} == {dump(value)}"
    return _condition(
        spec,
        "eq",
        text,
        lambda f, n: get(f) == value,
        lambda f, n: f"{spec.name} == {_shown(spec, f)} not {dump(value)}",
        frozenset([value]),
    )


def _in(spec: FieldSpec, operand: Any) -> Condition:
    values = _list(spec, operand)
    admitted, get = frozenset(values), spec.get
    text = f"{spec.name} in {dump(values)}"
    return _condition(
        spec,
        "in",
        text,
        lambda f, n: get(f) in admitted,
        lambda f, n: f"{spec.name} == {_shown(spec, f)} not in {dump(values)}",
        admitted,
    )


def _compare(spec: FieldSpec, op: str, bound: Any) -> Condition:
    symbol, fn = _COMPARE[op]
    get = spec.get
    return _condition(
        spec,
        op,
        f"{spec.name} {symbol} {dump(bound)}",
        lambda f, n: fn(get(f), bound),
        lambda f, n: f"{spec.name} == {_shown(spec, f)} not {symbol} {dump(bound)}",
        bound,
    )


def _regex(spec: FieldSpec, operand: Any) -> Condition:
    if not isinstance(operand, str):
        raise OperandError(f"a regex is a string, not {dump(operand)}")
    try:
        pattern = re.compile(operand)
    except re.error as exc:
        raise OperandError(f"bad regex {operand!r}: {exc.msg} at position {exc.pos}") from exc
    search, get = pattern.search, spec.get
    return _condition(
        spec,
        "regex",
        f"{spec.name} ~ /{operand}/",
        lambda f, n: search(get(f)) is not None,
        lambda f, n: f"{spec.name} == {_shown(spec, f)} !~ /{operand}/",
        operand,
    )


def keyword_pattern(words: list[str]) -> tuple[tuple[str, ...], str]:
    """Substrings that must occur for a match (a cheap filter) and the exact pattern's source."""
    stems, parts = [], []
    for word in words:
        folded = fold(word).strip()
        stem = folded.rstrip("*")
        if not stem:
            raise OperandError(f"empty keyword {word!r}")
        stems.append(stem)
        if _UNSPACED.search(stem):
            parts.append(re.escape(stem))
        else:
            tail = "" if folded.endswith("*") else r"(?!\w)"
            parts.append(rf"(?<!\w){re.escape(stem)}{tail}")
    return tuple(stems), "|".join(parts)


def _contains_any(spec: FieldSpec, operand: Any) -> Condition:
    if spec.kind is Kind.SET:
        return _set_op(spec, "contains_any", operand)
    words = _list(spec, operand)
    stems, source = keyword_pattern(words)
    folded = spec.folded
    assert folded is not None  # every TEXT field has a folded twin
    # Escaped words always compile; compiling lazily keeps a 10,000-rule validate fast.
    compiled: list[re.Pattern[str]] = []

    def test(facts: Facts, now: datetime) -> bool:
        text = folded(facts)
        for stem in stems:
            if stem in text:
                if not compiled:
                    compiled.append(re.compile(source))
                return compiled[0].search(text) is not None
        return False

    return _condition(
        spec,
        "contains_any",
        f"{spec.name} has any of {dump(words)}",
        test,
        lambda f, n: f"{spec.name} {_shown(spec, f)} has none of {dump(words)}",
        frozenset(fold(w).strip() for w in words),
    )


def _set_op(spec: FieldSpec, op: str, operand: Any) -> Condition:
    words = _list(spec, operand)
    wanted, get = frozenset(words), spec.get
    if op == "contains_all":
        test: Test = lambda f, n: wanted <= get(f)  # noqa: E731
        phrase = "all of"
    else:
        test = lambda f, n: not wanted.isdisjoint(get(f))  # noqa: E731
        phrase = "any of" if op == "contains_any" else ""
    label = f"{phrase} {dump(words)}" if phrase else dump(words[0])
    return _condition(
        spec,
        op,
        f"{spec.name} has {label}",
        test,
        lambda f, n: f"{spec.name} == {_shown(spec, f)} lacks {label}",
        wanted,
    )


def _contains(spec: FieldSpec, operand: Any) -> Condition:
    return _set_op(spec, "contains", [operand])


def _contains_all(spec: FieldSpec, operand: Any) -> Condition:
    return _set_op(spec, "contains_all", operand)


def _empty(spec: FieldSpec, operand: Any) -> Condition:
    if not isinstance(operand, bool):
        raise OperandError("empty takes true or false")
    get = spec.get
    text = f"{spec.name} is {'' if operand else 'not '}empty"
    return _condition(
        spec,
        "empty",
        text,
        lambda f, n: (not get(f)) is operand,
        lambda f, n: f"{spec.name} == {_shown(spec, f)}",
        operand,
    )


_MAKERS: dict[str, Callable[[FieldSpec, Any], Condition]] = {
    "eq": _eq,
    "in": _in,
    "regex": _regex,
    "contains_any": _contains_any,
    "contains": _contains,
    "contains_all": _contains_all,
    "empty": _empty,
}
