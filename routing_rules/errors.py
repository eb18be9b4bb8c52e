"""The one exception tree of ``routing_rules`` and the problem records it carries.

See the package docstring for the drawn tree.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a rules document, pointing at the node that is wrong."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class RulesError(Exception):
    """Base of every error this package raises."""


class InvalidRules(RulesError):
    """A rules document that cannot be activated; ``problems`` says why, with positions."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


class InvalidInput(RulesError, ValueError):
    """The caller passed facts or a time the evaluator cannot decide on (e.g. a naive ``now``)."""
