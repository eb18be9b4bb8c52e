"""The ``then`` language: what a matching rule does.

``route`` places the message (queue, priority, skills, ordered fallback steps each with a
timeout); ``priority`` sets and ``raise_priority`` adds; ``tags``, ``reply`` (a template),
``notify`` (a role) accumulate; ``spam``, ``ignore`` and ``stay`` (keep the conversation's
current queue) dispose of the message like a route does. Only terminal rules may dispose.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from routing_rules.condition import dump
from routing_rules.conditions import Context
from routing_rules.document import Path, QueueModel

ACTION_KEYS = (
    "route",
    "priority",
    "raise_priority",
    "tags",
    "reply",
    "notify",
    "spam",
    "ignore",
    "stay",
)
STEP_KEYS = ("queue", "skills", "priority", "raise_priority", "timeout", "fallback")
PLACEHOLDERS = frozenset({"{language}", "{topic}"})
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True, slots=True)
class StepSpec:
    """One routing step; ``timeout`` is how long to wait before the next step.

    ``skills`` already holds the queue's required skills ahead of the step's own, so the
    evaluator only has to fill in placeholders, and only when ``templated`` says so.
    """

    queue: str
    skills: tuple[str, ...] = ()
    priority: int | None = None
    raise_priority: int = 0
    timeout: float | None = None
    templated: bool = False


@dataclass(frozen=True, slots=True)
class Actions:
    route: tuple[StepSpec, ...] = ()
    priority: int | None = None
    raise_priority: int = 0
    tags: tuple[str, ...] = ()
    reply: str = ""
    notify: tuple[str, ...] = ()
    spam: bool = False
    ignore: bool = False
    stay: bool = False

    @property
    def disposes(self) -> bool:
        return bool(self.route) or self.spam or self.ignore or self.stay


@dataclass(slots=True)
class _Parser:
    ctx: Context
    queues: Mapping[str, QueueModel]
    templates: frozenset[str]

    def problem(self, path: Path, message: str, *, key: bool = False) -> None:
        self.ctx.problem(path, message, key=key)

    def typed(self, value: Any, kind: type | tuple[type, ...], path: Path, what: str) -> Any:
        if isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, float)):
            return value
        self.problem(path, f"{path[-1]} takes {what}, not {dump(value)}")
        return None

    def names(self, value: Any, path: Path) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        if all(isinstance(i, str) and i for i in items):
            return tuple(items)
        self.problem(path, f"{path[-1]} takes a name or a list of names, not {dump(value)}")
        return ()

    def queue(self, value: Any, path: Path) -> str:
        if isinstance(value, str) and value in self.queues:
            return value
        close = difflib.get_close_matches(str(value), list(self.queues), n=1)
        self.problem(
            path,
            f"unknown queue {dump(value)}" + (f"; did you mean {close[0]!r}?" if close else ""),
        )
        return str(value)

    def skills(self, value: Any, path: Path) -> tuple[str, ...]:
        skills = self.names(value, path)
        for skill in skills:
            for placeholder in set(_PLACEHOLDER.findall(skill)) - PLACEHOLDERS:
                self.problem(path, f"unknown placeholder {placeholder} in skill {skill!r}")
        return skills


def parse_then(
    raw: Any, path: Path, ctx: Context, queues: Mapping[str, QueueModel], templates: frozenset[str]
) -> Actions:
    parser = _Parser(ctx, queues, templates)
    if not isinstance(raw, dict):
        parser.problem(path, f"then is a mapping of actions, not {dump(raw)}")
        return Actions()
    fields: dict[str, Any] = {}
    for key, value in raw.items():
        here = (*path, key)
        if key not in ACTION_KEYS:
            close = difflib.get_close_matches(key, ACTION_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            parser.problem(here, f"unknown action {key!r}{hint}", key=True)
            continue
        fields[key] = _ACTION_PARSERS[key](parser, value, here)
    return Actions(**{k: v for k, v in fields.items() if v is not None})


def _route(parser: _Parser, raw: Any, path: Path) -> tuple[StepSpec, ...]:
    first = {"queue": raw} if isinstance(raw, str) else raw
    if not isinstance(first, dict):
        parser.problem(path, "route takes a queue name or a mapping")
        return ()
    fallback = first.get("fallback", [])
    if not isinstance(fallback, list):
        parser.problem((*path, "fallback"), "fallback takes a list of steps")
        fallback = []
    steps = [_step(parser, first, path, None, top=True)]
    for i, raw_step in enumerate(fallback):
        steps.append(_step(parser, raw_step, (*path, "fallback", i), steps[-1], top=False))
    overflow = parser.queues.get(steps[-1].queue)
    if steps[-1].timeout is not None and overflow is not None and overflow.overflow:
        steps.append(StepSpec(overflow.overflow))  # the queue's own overflow target ends the chain
    return tuple(with_queue_skills(step, parser.queues.get(step.queue)) for step in steps)


def with_queue_skills(step: StepSpec, queue: QueueModel | None) -> StepSpec:
    skills = tuple(dict.fromkeys((*(queue.skills if queue else ()), *step.skills)))
    return replace(step, skills=skills, templated=any("{" in skill for skill in skills))


def _step(
    parser: _Parser, raw: Any, path: Path, previous: StepSpec | None, *, top: bool
) -> StepSpec:
    if not isinstance(raw, dict):
        parser.problem(path, f"a fallback step is a mapping, not {dump(raw)}")
        return previous or StepSpec("")
    for key in raw:
        if key not in STEP_KEYS or (key == "fallback" and not top):
            parser.problem((*path, key), f"unknown field {key!r} in a route step", key=True)
    if previous is None and "queue" not in raw:
        parser.problem(path, "route needs a queue")
    queue = (
        parser.queue(raw["queue"], (*path, "queue"))
        if "queue" in raw
        else previous.queue
        if previous
        else ""
    )
    timeout = raw.get("timeout")
    return StepSpec(
        queue=queue,
        skills=parser.skills(raw["skills"], (*path, "skills")) if "skills" in raw else (),
        priority=parser.typed(
            raw.get("priority"), (int, type(None)), (*path, "priority"), "an integer"
        ),
        raise_priority=parser.typed(
            raw.get("raise_priority", 0), int, (*path, "raise_priority"), "an integer"
        )
        or 0,
        timeout=None
        if timeout is None
        else parser.typed(timeout, (int, float), (*path, "timeout"), "seconds"),
    )


def _reply(parser: _Parser, value: Any, path: Path) -> str | None:
    if isinstance(value, str) and value in parser.templates:
        return value
    parser.problem(path, f"unknown template {dump(value)}")
    return None


def _flag(parser: _Parser, value: Any, path: Path) -> bool | None:
    return parser.typed(value, bool, path, "true or false")  # type: ignore[no-any-return]


_ACTION_PARSERS: dict[str, Any] = {
    "route": _route,
    "priority": lambda p, v, path: p.typed(v, int, path, "an integer"),
    "raise_priority": lambda p, v, path: p.typed(v, int, path, "an integer"),
    "tags": lambda p, v, path: p.names(v, path),
    "reply": _reply,
    "notify": lambda p, v, path: p.names(v, path),
    "spam": _flag,
    "ignore": _flag,
    "stay": _flag,
}
