"""``evaluate(ruleset, facts, now)``: ordered first terminal match over the indexed candidates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from routing_rules.actions import StepSpec
from routing_rules.decision import AutoReply, Decision, Outcome, RouteStep
from routing_rules.errors import InvalidInput
from routing_rules.facts import Facts
from routing_rules.ruleset import Ruleset
from routing_rules.trace import Evidence


def evaluate(ruleset: Ruleset, facts: Facts, now: datetime) -> Decision:
    """Decide where one message goes; never raises for a broken rule (``Outcome.ERROR``)."""
    if now.utcoffset() is None:
        raise InvalidInput("now must be timezone-aware")
    rules = ruleset.rules
    mask = ruleset.index.candidates(facts)
    matched: list[int] = []
    position = -1
    try:
        while mask:
            lowest = mask & -mask
            mask ^= lowest
            position = lowest.bit_length() - 1
            rule = rules[position]
            if rule.test(facts, now):
                matched.append(position)
                if rule.terminal:
                    return _assemble(ruleset, facts, now, matched, position, "")
    except Exception as exc:  # a broken rule is reported in the decision, not taken as "no"
        return _assemble(ruleset, facts, now, matched, position, f"{type(exc).__name__}: {exc}")
    return _assemble(ruleset, facts, now, matched, len(rules), "")


@dataclass(slots=True)
class _Tally:
    """What the matched rules add up to, in rule order."""

    base: int | None = None
    delta: int = 0
    tags: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    notify: list[str] = field(default_factory=list)
    route: tuple[StepSpec, ...] = ()
    spam: bool = False
    ignore: bool = False
    stay: bool = False


def _tally(ruleset: Ruleset, matched: list[int]) -> _Tally:
    tally = _Tally()
    for position in matched:
        actions = ruleset.rules[position].actions
        if actions.route and actions.route[0].priority is not None:
            tally.base = actions.route[0].priority
        if actions.priority is not None:
            tally.base = actions.priority
        tally.delta += actions.raise_priority
        tally.tags.extend(actions.tags)
        tally.notify.extend(actions.notify)
        if actions.reply:
            tally.replies.append(actions.reply)
        if actions.disposes:
            tally.route, tally.spam = actions.route, actions.spam
            tally.ignore, tally.stay = actions.ignore, actions.stay
    return tally


def _assemble(
    ruleset: Ruleset, facts: Facts, now: datetime, matched: list[int], stop: int, error: str
) -> Decision:
    tally = _tally(ruleset, matched)
    decided = stop < len(ruleset.rules) and not error
    outcome = Outcome.ERROR if error else Outcome.MATCHED if decided else Outcome.UNMATCHED
    queue = _queue(ruleset, facts, tally, decided)
    known = ruleset.queues.get(queue)
    priority = (
        tally.base if tally.base is not None else known.priority if known else 0
    ) + tally.delta
    chain = tally.route if decided and tally.route else (StepSpec(queue),) if queue else ()
    steps = _steps(ruleset, facts, chain, priority)
    verdict = f"=> {outcome}: {queue or ('spam' if tally.spam else 'ignored')} p{priority}"
    return Decision(
        ruleset_version=ruleset.version,
        outcome=outcome,
        queue=queue,
        priority=priority,
        skills=steps[0].skills if steps else (),
        steps=steps,
        tags=tuple(dict.fromkeys(tally.tags)),
        replies=tuple(_reply(ruleset, facts, name, queue) for name in dict.fromkeys(tally.replies)),
        notify=tuple(dict.fromkeys(tally.notify)),
        spam=decided and tally.spam,
        ignore=decided and tally.ignore,
        stay=decided and tally.stay,
        matched_rules=tuple(ruleset.rules[i].name for i in matched),
        error=error,
        evidence=Evidence(ruleset, facts, now, tuple(matched), stop, error, verdict),
    )


def _queue(ruleset: Ruleset, facts: Facts, tally: _Tally, decided: bool) -> str:
    if not decided:
        return ruleset.triage_queue
    if tally.route:
        return tally.route[0].queue
    if tally.stay:
        return facts.conversation.queue or ruleset.triage_queue
    return ""  # spam or ignore: placed nowhere


def _steps(
    ruleset: Ruleset, facts: Facts, chain: tuple[StepSpec, ...], priority: int
) -> tuple[RouteStep, ...]:
    steps: list[RouteStep] = []
    for spec in chain:
        if steps:
            priority = (
                spec.priority if spec.priority is not None else priority + spec.raise_priority
            )
        queue = ruleset.queues.get(spec.queue)
        wanted = (*(queue.skills if queue else ()), *spec.skills)
        skills = tuple(dict.fromkeys(_expand(ruleset, facts, s) for s in wanted))
        steps.append(RouteStep(spec.queue, priority, skills, spec.timeout))
    return tuple(steps)


def _language(ruleset: Ruleset, facts: Facts, available: object) -> str:
    for language in (facts.language, facts.customer.language):
        if language and language in available:  # type: ignore[operator]
            return language
    return ruleset.default_language


def _expand(ruleset: Ruleset, facts: Facts, skill: str) -> str:
    if "{" not in skill:
        return skill
    language = _language(ruleset, facts, ruleset.languages)
    return skill.replace("{language}", language).replace("{topic}", facts.topic or "general")


def _reply(ruleset: Ruleset, facts: Facts, template: str, queue: str) -> AutoReply:
    texts = ruleset.templates[template]
    language = _language(ruleset, facts, texts)
    text = texts.get(language) or next(iter(texts.values()), "")
    known = ruleset.queues.get(queue)
    minutes = str(known.response_minutes) if known and known.response_minutes else "60"
    return AutoReply(
        template, language, text.replace("{response_minutes}", minutes).replace("{queue}", queue)
    )
