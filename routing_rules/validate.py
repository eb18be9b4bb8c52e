"""``validate(text, filename)``: every problem of a document, as ``file:line:col: message``."""

from __future__ import annotations

from routing_rules.compile import compile_with_problems
from routing_rules.document import parse, quiet_gc
from routing_rules.errors import InvalidRules, Problem
from routing_rules.shadow import shadowing


def validate(text: str, filename: str = "<rules>") -> list[Problem]:
    """All problems, sorted by position; an empty list means the document may be published.

    Shadowing is only judged on an otherwise clean document: a rule whose broken condition
    was dropped would look broader than it is and report shadows that are not there.
    """
    with quiet_gc():
        return _validate(text, filename)


def _validate(text: str, filename: str) -> list[Problem]:
    try:
        document = parse(text, filename)
    except InvalidRules as exc:
        return sorted(exc.problems, key=_position)
    ruleset, problems = compile_with_problems(document)
    if not problems:
        problems = [
            Problem(
                filename,
                *dead.position,
                f"rule {dead.name!r} can never fire: earlier terminal "
                f"rule {cover.name!r} (line {cover.position[0]}) matches all it matches",
            )
            for dead, cover in shadowing(ruleset)
        ]
    return sorted(problems, key=_position)


def _position(problem: Problem) -> tuple[int, int]:
    return (problem.line, problem.col)
