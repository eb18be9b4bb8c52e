"""Checked document to :class:`Ruleset`: conditions become closures, rules get indexed."""

from __future__ import annotations

import re

from routing_rules.actions import parse_then
from routing_rules.calendar import Calendar, CalendarSyntaxError, parse_week, parse_zone
from routing_rules.condition import Condition, conjoin
from routing_rules.conditions import Context, parse_when, resolve_named
from routing_rules.document import Document, DocumentModel, RuleModel, parse, quiet_gc
from routing_rules.errors import InvalidRules, Problem
from routing_rules.index import build_index, is_indexable
from routing_rules.ruleset import Queue, Rule, Ruleset

TEMPLATE_PLACEHOLDERS = frozenset({"{response_minutes}", "{queue}"})
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def load(text: str, filename: str = "<rules>") -> Ruleset:
    """Parse and compile; raise :class:`InvalidRules` listing every problem found."""
    with quiet_gc():
        ruleset, problems = compile_with_problems(parse(text, filename))
    if problems:
        raise InvalidRules(problems)
    return ruleset


def compile_rules(document: Document) -> Ruleset:
    ruleset, problems = compile_with_problems(document)
    if problems:
        raise InvalidRules(problems)
    return ruleset


def compile_with_problems(document: Document) -> tuple[Ruleset, list[Problem]]:
    with quiet_gc():
        return _compile(document)


def _compile(document: Document) -> tuple[Ruleset, list[Problem]]:
    model = document.model
    calendars: dict[str, Calendar] = {}
    ctx = Context(document.locator, calendars, model.conditions)
    calendars.update(_calendars(model, ctx))
    for name in model.conditions:
        resolve_named(name, ctx)  # problems in an unused set are still problems
    queues = _queues(model, ctx)
    _check_languages(model, ctx)
    _check_templates(model, ctx)
    _check_names(model, ctx)
    rules = tuple(_rule(rule, i, model, ctx) for i, rule in enumerate(model.rules) if rule.enabled)
    ruleset = Ruleset(
        version=document.version,
        filename=document.locator.filename,
        default_language=model.default_language,
        languages=tuple(model.languages),
        triage_queue=model.triage_queue,
        queues=queues,
        calendars=ctx.calendars,
        templates=model.templates,
        rules=rules,
        index=build_index([r.indexed for r in rules]),
    )
    return ruleset, ctx.problems


def _rule(model: RuleModel, i: int, doc: DocumentModel, ctx: Context) -> Rule:
    path = ("rules", i)
    conditions = parse_when(model.when, (*path, "when"), ctx)
    actions = parse_then(model.then, (*path, "then"), ctx, doc.queues, frozenset(doc.templates))
    terminal = not model.continue_
    if terminal and not actions.disposes:
        ctx.problem(
            (*path, "then"),
            "a terminal rule must route, stay, spam or ignore "
            "(add `continue: true` to only tag or raise priority)",
        )
    if not terminal and actions.disposes:
        ctx.problem((*path, "then"), "only a terminal rule may route, stay, spam or ignore")
    indexed: list[Condition] = []
    residual: list[Condition] = []
    for condition in conditions:
        (indexed if is_indexable(condition) else residual).append(condition)
    position = ctx.locator.at(path)
    return Rule(
        name=model.name,
        position=position,
        conditions=conditions,
        indexed=tuple(indexed),
        residual=tuple(residual),
        test=conjoin(residual),
        actions=actions,
        terminal=terminal,
    )


def _calendars(model: DocumentModel, ctx: Context) -> dict[str, Calendar]:
    out: dict[str, Calendar] = {}
    for name, cal in model.calendars.items():
        path = ("calendars", name)
        try:
            zone = parse_zone(cal.tz)
        except CalendarSyntaxError as exc:
            ctx.problem((*path, "tz"), str(exc))
            continue
        try:
            week = parse_week(cal.hours)
        except CalendarSyntaxError as exc:
            ctx.problem((*path, "hours"), str(exc))
            continue
        out[name] = Calendar(name, zone, week, frozenset(cal.holidays))
    return out


def _queues(model: DocumentModel, ctx: Context) -> dict[str, Queue]:
    for name, queue in model.queues.items():
        path = ("queues", name)
        if queue.calendar is not None and queue.calendar not in model.calendars:
            ctx.problem((*path, "calendar"), f"unknown calendar {queue.calendar!r}")
        if queue.overflow is not None and queue.overflow not in model.queues:
            ctx.problem((*path, "overflow"), f"unknown queue {queue.overflow!r}")
    if model.triage_queue not in model.queues:
        ctx.problem(("triage_queue",), f"the triage queue {model.triage_queue!r} is not declared")
    return {
        name: Queue(
            name,
            q.description,
            q.priority,
            q.calendar,
            tuple(q.skills),
            q.overflow,
            q.response_minutes,
        )
        for name, q in model.queues.items()
    }


def _check_languages(model: DocumentModel, ctx: Context) -> None:
    if model.default_language not in model.languages:
        ctx.problem(("default_language",), f"{model.default_language!r} is not in languages")


def _check_templates(model: DocumentModel, ctx: Context) -> None:
    for name, texts in model.templates.items():
        missing = [lang for lang in model.languages if lang not in texts]
        if missing:
            ctx.problem(
                ("templates", name),
                f"template {name!r} lacks languages: {', '.join(missing)}",
                key=True,
            )
        for lang, text in texts.items():
            for placeholder in set(_PLACEHOLDER.findall(text)) - TEMPLATE_PLACEHOLDERS:
                ctx.problem(("templates", name, lang), f"unknown placeholder {placeholder}")


def _check_names(model: DocumentModel, ctx: Context) -> None:
    seen: set[str] = set()
    for i, rule in enumerate(model.rules):
        if rule.name in seen:
            ctx.problem(("rules", i, "name"), f"duplicate rule name {rule.name!r}")
        seen.add(rule.name)
