"""Who may take a conversation, in which order: pure functions, no Redis, no clock.

A skill ``lang:xx`` is met by an agent who speaks ``xx``, ``team:t`` by a member of team
``t`` (or by an agent listing the skill itself); any other skill must be among the agent's
skills. The routing steps relax the skills over time:
:func:`position` says which step a conversation has reached after waiting so long.
"""

from __future__ import annotations

import heapq
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
    if kind == "lang":
        return value in agent.languages
    return kind == "team" and value in agent.teams


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


class SeatPool:
    """The free seats of one kind (skills and channel) during one round, best first.

    The same order as :func:`order`, kept incrementally: a pick counts against the agent
    at once, and the next best is found in O(log n) (least busy: a heap whose outdated
    entries are skipped; round robin: agents by id from the turn), so a round costs about
    the same however many agents qualify. Pools of one channel share ``load``, so a seat
    taken through one pool is taken in all.
    """

    def __init__(
        self, seats: Sequence[Seat], strategy: Strategy, load: dict[str, int] | None = None
    ) -> None:
        self.strategy = strategy
        self.load = {} if load is None else load
        for s in seats:
            self.load.setdefault(s.agent_id, s.load)
        self.capacity = {s.agent_id: s.capacity for s in seats}
        self._pushed: dict[str, tuple[float, int, str]] = {}
        self._heap: list[tuple[float, int, str]] = []
        for s in seats:
            if self._free(s.agent_id):
                self._push(s.agent_id)
        self._ring = sorted(self.capacity)

    def _entry(self, agent_id: str) -> tuple[float, int, str]:
        load = self.load[agent_id]
        return (load / self.capacity[agent_id], load, agent_id)

    def _push(self, agent_id: str) -> None:
        entry = self._entry(agent_id)
        self._pushed[agent_id] = entry
        heapq.heappush(self._heap, entry)

    def _free(self, agent_id: str) -> bool:
        return self.load.get(agent_id, 0) < self.capacity.get(agent_id, 0)

    def best(self, k: int, turn: int = 0, sticky: str = "") -> list[str]:
        if self.strategy is Strategy.LEAST_BUSY:
            picked = self._least_busy(k)
        else:
            picked = self._turn(k, turn)
        if sticky and self._free(sticky):
            picked = [sticky, *(a for a in picked if a != sticky)][:k]
        return picked

    def take(self, agent_id: str) -> None:
        self.load[agent_id] = self.load.get(agent_id, 0) + 1
        if agent_id in self.capacity and self._free(agent_id):
            self._push(agent_id)  # supersedes its older entry

    def _least_busy(self, k: int) -> list[str]:
        found: list[str] = []
        while self._heap and len(found) < k:
            entry = heapq.heappop(self._heap)
            agent = entry[2]
            if self._pushed.get(agent) != entry:
                continue  # superseded by a newer entry
            del self._pushed[agent]
            if not self._free(agent):
                continue
            if entry != self._entry(agent):  # a seat taken through another pool
                self._push(agent)
                continue
            found.append(agent)
        for agent in found:
            self._push(agent)
        return found

    def _turn(self, k: int, turn: int) -> list[str]:
        free = [a for a in self._ring if self._free(a)]
        if not free:
            return []
        start = turn % len(free)
        return [free[(start + i) % len(free)] for i in range(min(k, len(free)))]
