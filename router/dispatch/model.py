"""The nouns of dispatch, as frozen dataclasses: agents, routing steps, holdings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Presence(StrEnum):
    ONLINE = "online"  # receives new work
    AWAY = "away"  # keeps their work, receives nothing new
    OFFLINE = "offline"  # their unanswered work returns to the queue after the grace period


class HoldState(StrEnum):
    OFFERED = "offer"  # reserved for the agent until they accept or the offer expires
    ASSIGNED = "assigned"


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    email: str
    name: str
    role: str = "agent"
    languages: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    capacity: Mapping[str, int] = field(default_factory=dict)
    schedule: tuple[str, ...] = ()
    timezone: str = "UTC"
    active: bool = True

    def capacity_for(self, channel: str, default: int) -> int:
        return self.capacity.get(channel, self.capacity.get("*", default))


@dataclass(frozen=True, slots=True)
class Step:
    """One routing step the rules decided: wait here, needing these skills, for ``timeout``
    seconds (None: for good), then move on to the next step."""

    queue: str
    priority: int
    skills: tuple[str, ...] = ()
    timeout: float | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a waiting conversation needs from an agent, from its newest routing decision."""

    conversation_id: str
    channel: str
    language: str
    steps: tuple[Step, ...]
    sticky_agent: str = ""


@dataclass(frozen=True, slots=True)
class Holding:
    """A conversation held by an agent in Redis: offered or assigned. ``queue`` and
    ``score`` are where it waited, so a release puts it back with its priority and age."""

    conversation_id: str
    agent_id: str
    channel: str
    state: HoldState
    seq: int
    since_ms: int
    queue: str
    score: int

    @classmethod
    def parse(cls, conversation_id: str, raw: str | bytes) -> Holding:
        text = raw.decode() if isinstance(raw, bytes) else raw
        agent, channel, state, seq, since, queue, score = text.split("|")
        return cls(
            conversation_id,
            agent,
            channel,
            HoldState(state),
            int(seq),
            int(since),
            queue,
            int(score),
        )
