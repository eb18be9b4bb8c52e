"""``evaluate(ruleset, facts, now)``: ordered first terminal match over the indexed candidates."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from routing_rules.actions import Actions, StepSpec
from routing_rules.decision import AutoReply, Decision, Outcome, RouteStep
from routing_rules.errors import InvalidInput
from routing_rules.facts import Facts
from routing_rules.ruleset import Ruleset
from routing_rules.trace import Evidence

_NOTHING = Actions()


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


def _assemble(
    ruleset: Ruleset, facts: Facts, now: datetime, matched: list[int], stop: int, error: str
) -> Decision:
    rules = ruleset.rules
    decided = stop < len(rules) and not error
    final = rules[stop].actions if decided else _NOTHING
    base: int | None = None
    delta = 0
    tags: list[str] = []
    replies: list[str] = []
    notify: list[str] = []
    # Later rules win for the absolute priority; raises add up; lists accumulate in order.
    for position in matched:
        actions = rules[position].actions
        if actions.route and actions.route[0].priority is not None:
            base = actions.route[0].priority
        if actions.priority is not None:
            base = actions.priority
        delta += actions.raise_priority
        tags += actions.tags
        notify += actions.notify
        if actions.reply:
            replies.append(actions.reply)
    queue = _queue(ruleset, facts, final, decided)
    known = ruleset.queues.get(queue)
    priority = (base if base is not None else known.priority if known else 0) + delta
    chain = final.route or ((StepSpec(queue, known.skills if known else ()),) if queue else ())
    steps = _steps(ruleset, facts, chain, priority)
    outcome = Outcome.ERROR if error else Outcome.MATCHED if decided else Outcome.UNMATCHED
    where = queue or ("spam" if final.spam else "ignored")
    return Decision(
        ruleset_version=ruleset.version,
        outcome=outcome,
        queue=queue,
        priority=priority,
        skills=steps[0].skills if steps else (),
        steps=steps,
        tags=tuple(dict.fromkeys(tags)) if tags else (),
        replies=tuple(_reply(ruleset, facts, name, queue) for name in dict.fromkeys(replies)),
        notify=tuple(dict.fromkeys(notify)) if notify else (),
        spam=final.spam,
        ignore=final.ignore,
        stay=final.stay,
        matched_rules=tuple(rules[i].name for i in matched),
        error=error,
        evidence=Evidence(
            ruleset, facts, now, tuple(matched), stop, error, f"=> {outcome}: {where} p{priority}"
        ),
    )


def _queue(ruleset: Ruleset, facts: Facts, final: Actions, decided: bool) -> str:
    if not decided:
        return ruleset.triage_queue
    if final.route:
        return final.route[0].queue
    if final.stay:
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
        skills = _expand(ruleset, facts, spec.skills) if spec.templated else spec.skills
        steps.append(RouteStep(spec.queue, priority, skills, spec.timeout))
    return tuple(steps)


def _language(ruleset: Ruleset, facts: Facts, available: Collection[str]) -> str:
    for language in (facts.language, facts.customer.language):
        if language and language in available:
            return language
    return ruleset.default_language


def _expand(ruleset: Ruleset, facts: Facts, skills: tuple[str, ...]) -> tuple[str, ...]:
    language = _language(ruleset, facts, ruleset.languages)
    topic = facts.topic or "general"
    return tuple(
        dict.fromkeys(s.replace("{language}", language).replace("{topic}", topic) for s in skills)
    )


def _reply(ruleset: Ruleset, facts: Facts, template: str, queue: str) -> AutoReply:
    texts = ruleset.templates[template]
    language = _language(ruleset, facts, texts)
    text = texts.get(language) or next(iter(texts.values()), "")
    known = ruleset.queues.get(queue)
    minutes = str(known.response_minutes) if known and known.response_minutes else "60"
    text = text.replace("{response_minutes}", minutes).replace("{queue}", queue)
    return AutoReply(template, language, text)
