"""Who may take a conversation, in which order: pure functions, no Redis, no clock.

A skill ``lang:xx`` is met by an agent who speaks ``xx`` (or lists the skill itself); any
other skill must be among the agent's skills. The routing steps relax the skills over time:
:func:`position` says which step a conversation has reached after waiting so long.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from router.dispatch.model import Agent, Requirement, Step


class Strategy(StrEnum):
    LEAST_BUSY = "least_busy"
    ROUND_ROBIN = "round_robin"


def has_skill(agent: Agent, skill: str) -> bool:
    if skill in agent.skills:
        return True
    kind, _, value = skill.partition(":")
    return kind == "lang" and value in agent.languages


def qualifies(agent: Agent, skills: Sequence[str]) -> bool:
    return all(has_skill(agent, s) for s in skills)


def position(req: Requirement, queue: str, waited_s: float) -> tuple[int, Step]:
    """The step a conversation waiting in ``queue`` for ``waited_s`` seconds has reached.

    Steps run on one clock from when it was first queued; a conversation that already
    moved on (overflowed, or was put in a queue by hand) never goes back to an earlier one.
    """
    steps = req.steps
    here = next((i for i, s in enumerate(steps) if s.queue == queue), None)
    if here is None:
        return -1, Step(queue, steps[0].priority if steps else 0)
    elapsed, reached = 0.0, len(steps) - 1
    for i, step in enumerate(steps):
        if step.timeout is None or waited_s < elapsed + step.timeout:
            reached = i
            break
        elapsed += step.timeout
    index = max(here, reached)
    return index, steps[index]


@dataclass(frozen=True, slots=True)
class Seat:
    """An agent's room on one channel, as last seen."""

    agent_id: str
    load: int
    capacity: int

    @property
    def free(self) -> bool:
        return self.load < self.capacity


def order(seats: Sequence[Seat], strategy: Strategy, turn: int = 0, sticky: str = "") -> list[str]:
    """Agents with room, best first: the sticky agent, then by strategy.

    Least busy: lowest share of capacity in use, then fewest held, then id (stable).
    Round robin: by id, starting at ``turn`` (a counter shared by every dispatcher).
    """
    free = [s for s in seats if s.free]
    if strategy is Strategy.LEAST_BUSY:
        free.sort(key=lambda s: (s.load / s.capacity, s.load, s.agent_id))
    else:
        free.sort(key=lambda s: s.agent_id)
        if free:
            start = turn % len(free)
            free = free[start:] + free[:start]
    ids = [s.agent_id for s in free]
    if sticky in ids:
        ids.remove(sticky)
        ids.insert(0, sticky)
    return ids


def seats(
    agents: Sequence[Agent],
    skills: Sequence[str],
    channel: str,
    loads: Mapping[str, Mapping[str, int]],
    default_capacity: int,
) -> list[Seat]:
    """The seats on ``channel`` of the agents who have every skill in ``skills``."""
    return [
        Seat(a.id, loads.get(a.id, {}).get(channel, 0), a.capacity_for(channel, default_capacity))
        for a in agents
        if qualifies(a, skills)
    ]
