"""What the evaluator returns: where the message goes, what else to do, and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from routing_rules.trace import Evidence, render


class Outcome(StrEnum):
    MATCHED = "matched"  # a terminal rule decided
    UNMATCHED = "unmatched"  # no terminal rule matched: triage queue; callers count these
    ERROR = "error"  # a rule raised while being tested: triage queue; never a silent "no"


@dataclass(frozen=True, slots=True)
class RouteStep:
    """One step of the fallback chain; after ``timeout`` seconds unassigned, try the next."""

    queue: str
    priority: int
    skills: tuple[str, ...]
    timeout: float | None = None


@dataclass(frozen=True, slots=True)
class AutoReply:
    template: str
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class Decision:
    ruleset_version: str
    outcome: Outcome
    queue: str  # "" when the message is spam or ignored
    priority: int
    skills: tuple[str, ...] = ()
    steps: tuple[RouteStep, ...] = ()
    tags: tuple[str, ...] = ()
    replies: tuple[AutoReply, ...] = ()
    notify: tuple[str, ...] = ()
    spam: bool = False
    ignore: bool = False
    stay: bool = False
    matched_rules: tuple[str, ...] = ()
    error: str = ""
    evidence: Evidence | None = field(default=None, repr=False, compare=False)

    @property
    def unmatched(self) -> bool:
        return self.outcome is Outcome.UNMATCHED

    @property
    def actions(self) -> tuple[str, ...]:
        """The side effects for the caller, compactly (``RoutingDecision.actions``)."""
        out = [f"route:{s.queue}" + (f"@{s.timeout:g}s" if s.timeout else "") for s in self.steps]
        out += [f"reply:{r.template}:{r.language}" for r in self.replies]
        out += [f"notify:{role}" for role in self.notify]
        out += [name for name in ("spam", "ignore", "stay") if getattr(self, name)]
        return tuple(out)

    def trace(self) -> tuple[str, ...]:
        """Every rule up to the deciding one, in order: matched, or its first failing test.

        Rendered on demand from the kept facts; evaluation is pure, so re-testing a rule
        gives the answer it gave when the decision was made.
        """
        return render(self.evidence) if self.evidence else ()
