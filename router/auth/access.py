"""Which queues an agent may take from, hence which conversations an agent may read.

"May take from" is defined by skills: a queue declared in the active rule set (its
``queues:`` section) may be taken from by every agent who has **all** the skills the queue
requires (``security`` needs ``security``; ``general`` needs nothing). A queue the rule set
does not declare is open to supervisors and admins only: deny by default. An agent may
also read every conversation assigned to them, whatever its queue. Supervisors and admins
read everything.

Per-conversation skills such as ``lang:{language}`` are dispatch's business (whom to offer
a conversation first), not a read permission: they are ignored here.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.rulesets.store import active
from routing_rules import load

STAFF = ("supervisor", "admin")


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads: their id and role, and the queues they may take from (None: all)."""

    agent_id: str
    queues: frozenset[str] | None

    @property
    def sees_everything(self) -> bool:
        return self.queues is None

    def may_read(self, queue: str, assignee_id: str | None) -> bool:
        if self.queues is None:
            return True
        return queue in self.queues or (bool(assignee_id) and assignee_id == self.agent_id)


def takeable(required: Mapping[str, tuple[str, ...]], skills: tuple[str, ...]) -> frozenset[str]:
    have = set(skills)
    return frozenset(q for q, needs in required.items() if set(needs) <= have)


class QueueSkills:
    """Required skills per declared queue, from the active rule set; re-read when the
    rule-set signal in Redis changes, at most every ``ttl_s``."""

    def __init__(
        self, engine: AsyncEngine, redis: Redis, keys: Keys, fallback: Path, ttl_s: float = 2.0
    ) -> None:
        self._engine, self._redis, self._keys = engine, redis, keys
        self._fallback = fallback
        self._ttl_s = ttl_s
        self._version: str | None = None
        self._required: Mapping[str, tuple[str, ...]] = {}
        self._descriptions: Mapping[str, str] = {}
        self._checked_at = float("-inf")

    async def required(self) -> Mapping[str, tuple[str, ...]]:
        if time.monotonic() - self._checked_at < self._ttl_s:
            return self._required
        raw = await self._redis.get(self._keys.rules_active)
        signal = raw.decode() if isinstance(raw, bytes) else ""
        if self._version is None or signal != self._version:
            await self._reload()
        self._checked_at = time.monotonic()
        return self._required

    async def _reload(self) -> None:
        stored = await active(self._engine)
        if stored is None:
            text = await asyncio.to_thread(self._fallback.read_text, encoding="utf-8")
            version, ruleset = "", load(text, str(self._fallback))
        else:
            version, ruleset = stored.version, load(stored.text, f"<ruleset {stored.version}>")
        self._required = {
            name: tuple(s for s in queue.skills if "{" not in s)
            for name, queue in ruleset.queues.items()
        }
        self._descriptions = {name: q.description for name, q in ruleset.queues.items()}
        self._version = version

    async def descriptions(self) -> Mapping[str, str]:
        await self.required()
        return self._descriptions

    async def reader(self, agent_id: str, role: str, skills: tuple[str, ...]) -> Reader:
        if role in STAFF:
            return Reader(agent_id, None)
        return Reader(agent_id, takeable(await self.required(), skills))
