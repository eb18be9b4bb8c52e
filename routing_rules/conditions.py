"""The ``when`` language: YAML condition nodes to flat conjunctions of compiled conditions.

A node is a mapping (every entry must hold), a list (all items must hold) or null (always).
Entry keys are field names (``channel``, ``customer.vip_tier``...) or the combinators
``all``, ``any``, ``not``, ``condition`` (a named set), ``business_hours`` and ``weekday``.
Top-level conjunctions are kept flat, named sets inlined, so the index sees their equalities.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from routing_rules.calendar import DAYS, Calendar, CalendarSyntaxError, parse_days, parse_zone
from routing_rules.condition import Condition, disjoin, dump, negate
from routing_rules.document import Locator, Path
from routing_rules.errors import Problem
from routing_rules.facts import FIELDS, Facts, FieldSpec, Kind
from routing_rules.operators import NEGATED, OperandError, UnknownOperator, build

COMBINATORS = ("all", "any", "not", "condition", "business_hours", "weekday")
Conjunction = tuple[Condition, ...]


@dataclass(slots=True)
class Context:
    locator: Locator
    calendars: Mapping[str, Calendar]
    named_source: Mapping[str, Any]
    problems: list[Problem] = field(default_factory=list)
    named: dict[str, Conjunction] = field(default_factory=dict)
    resolving: list[str] = field(default_factory=list)

    built: dict[tuple[str, str, Any], Condition] = field(default_factory=dict)

    def problem(self, path: Path, message: str, *, key: bool = False) -> None:
        self.problems.append(self.locator.problem(path, message, key=key))

    def build(self, spec: FieldSpec, op: str, operand: Any) -> Condition:
        """Compile a field test once per document: big files repeat the same tests a lot."""
        key = (spec.name, op, _frozen(operand))
        condition = self.built.get(key)
        if condition is None:
            condition = self.built[key] = build(spec, op, operand)
        return condition


def _frozen(value: Any) -> Any:
    # the type is part of the key: `1` and `true` are equal in Python, not as operands
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    return (type(value), value)


def parse_when(raw: Any, path: Path, ctx: Context) -> Conjunction:
    if raw is None:
        return ()
    if isinstance(raw, list):
        return tuple(c for i, item in enumerate(raw) for c in parse_when(item, (*path, i), ctx))
    if not isinstance(raw, dict):
        ctx.problem(path, f"a condition is a mapping of fields to tests, not {dump(raw)}")
        return ()
    out: list[Condition] = []
    for key, value in raw.items():
        out.extend(_entry(key, value, (*path, key), ctx))
    return tuple(out)


def _entry(key: str, value: Any, path: Path, ctx: Context) -> Conjunction:
    if key == "all":
        return parse_when(value, path, ctx)
    if key == "any":
        return _any(value, path, ctx)
    if key == "not":
        return (negate(parse_when(value, path, ctx)),)
    if key == "condition":
        return _named(value, path, ctx)
    if key == "business_hours":
        return _business_hours(value, path, ctx)
    if key == "weekday":
        return _weekday(value, path, ctx)
    spec = FIELDS.get(key)
    if spec is None:
        close = difflib.get_close_matches(key, [*FIELDS, *COMBINATORS], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        ctx.problem(path, f"unknown field {key!r}{hint}", key=True)
        return ()
    return _field(spec, value, path, ctx)


def _any(value: Any, path: Path, ctx: Context) -> Conjunction:
    if not isinstance(value, list) or not value:
        ctx.problem(path, "any takes a non-empty list of conditions")
        return ()
    return (disjoin([parse_when(item, (*path, i), ctx) for i, item in enumerate(value)]),)


def _named(value: Any, path: Path, ctx: Context) -> Conjunction:
    names = value if isinstance(value, list) else [value]
    out: list[Condition] = []
    for name in names:
        if not isinstance(name, str) or name not in ctx.named_source:
            ctx.problem(path, f"unknown condition set {dump(name)}")
        elif name in ctx.resolving:
            ctx.problem(path, f"condition set {name!r} refers to itself")
        else:
            out.extend(resolve_named(name, ctx))
    return tuple(out)


def resolve_named(name: str, ctx: Context) -> Conjunction:
    if name not in ctx.named:
        ctx.resolving.append(name)
        ctx.named[name] = parse_when(ctx.named_source[name], ("conditions", name), ctx)
        ctx.resolving.pop()
    return ctx.named[name]


def _field(spec: FieldSpec, value: Any, path: Path, ctx: Context) -> Conjunction:
    if isinstance(value, dict):
        ops = list(value.items())
        paths = [(*path, op) for op, _ in ops]
    else:
        plural = isinstance(value, list)
        op = {Kind.SET: "contains_any", Kind.TEXT: "contains_any"}.get(spec.kind, "in")
        op = op if plural else ("contains" if spec.kind is Kind.SET else "eq")
        ops, paths = [(op, value)], [path]
    out: list[Condition] = []
    for (op, operand), op_path in zip(ops, paths, strict=True):
        condition = _operator(spec, op, operand, op_path, ctx)
        if condition is not None:
            out.append(condition)
    return tuple(out)


def _operator(spec: FieldSpec, op: str, operand: Any, path: Path, ctx: Context) -> Condition | None:
    try:
        if op == "not":
            return negate(_field(spec, operand, path, ctx))
        if op in NEGATED:
            return negate((ctx.build(spec, NEGATED[op], operand),))
        return ctx.build(spec, op, operand)
    except UnknownOperator as exc:
        ctx.problem(path, str(exc), key=True)
    except OperandError as exc:
        ctx.problem(path, str(exc))
    return None


def _business_hours(value: Any, path: Path, ctx: Context) -> Conjunction:
    calendar = ctx.calendars.get(value) if isinstance(value, str) else None
    if calendar is None:
        ctx.problem(path, f"unknown calendar {dump(value)}")
        return ()

    def explain(facts: Facts, now: datetime) -> str:
        return f"outside business hours of {value} ({calendar.local(now):%a %H:%M %Z})"

    test = calendar.is_open
    return (Condition(f"business_hours({value})", lambda f, n: test(n), explain),)


def _weekday(value: Any, path: Path, ctx: Context) -> Conjunction:
    spec = value if isinstance(value, dict) else {"days": value}
    try:
        days = spec.get("days", [])
        specs = days if isinstance(days, list) else [days]
        wanted = frozenset(d for s in specs for d in parse_days(str(s)))
        tz = parse_zone(str(spec.get("tz", "UTC")))
        if not wanted or set(spec) - {"days", "tz"}:
            raise CalendarSyntaxError("weekday takes a list of days, or {days: [...], tz: ...}")
    except CalendarSyntaxError as exc:
        ctx.problem(path, str(exc))
        return ()
    names = [DAYS[d] for d in sorted(wanted)]
    return (_weekday_condition(wanted, tz, names),)


def _weekday_condition(wanted: frozenset[int], tz: ZoneInfo, names: list[str]) -> Condition:
    def test(facts: Facts, now: datetime) -> bool:
        return now.astimezone(tz).weekday() in wanted

    def explain(facts: Facts, now: datetime) -> str:
        return f"weekday == {DAYS[now.astimezone(tz).weekday()]} not in {dump(names)} ({tz.key})"

    return Condition(f"weekday in {dump(names)} ({tz.key})", test, explain)
