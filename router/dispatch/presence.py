"""Presence by heartbeat: each beat stores the agent's status with a TTL; no beat within the
TTL and the status is gone, which reads as offline. Beside it, the time of the newest beat,
so "offline since" is known and the grace period can be counted from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from router.dispatch.keys import DispatchKeys
from router.dispatch.model import Agent, Presence
from router.stream import text_of


@dataclass(frozen=True, slots=True)
class Seen:
    status: Presence
    at_ms: int


class PresenceBook:
    def __init__(self, redis: Redis, keys: DispatchKeys, ttl_s: float) -> None:
        self.redis = redis
        self.keys = keys
        self.ttl_ms = int(ttl_s * 1000)

    async def beat(self, agent_id: str, status: Presence, now_ms: int) -> Presence:
        """Record a heartbeat; returns the status before it (offline if none was alive)."""
        hb = self.keys.heartbeat(agent_id)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.get(hb)
            if status is Presence.OFFLINE:
                pipe.delete(hb)
            else:
                pipe.set(hb, status.value, px=self.ttl_ms)
            pipe.hset(self.keys.seen, agent_id, f"{status.value}|{now_ms}")
            if status is Presence.ONLINE:
                pipe.zadd(self.keys.online, {agent_id: now_ms})
            else:
                pipe.zrem(self.keys.online, agent_id)
            before = (await pipe.execute())[0]
        return Presence(before.decode()) if before else Presence.OFFLINE

    async def statuses(self, agent_ids: Sequence[str]) -> dict[str, Presence]:
        if not agent_ids:
            return {}
        values = await self.redis.mget([self.keys.heartbeat(a) for a in agent_ids])
        return {
            a: Presence(text_of(v)) if v else Presence.OFFLINE
            for a, v in zip(agent_ids, values, strict=True)
        }

    async def seen(self, agent_ids: Sequence[str]) -> dict[str, Seen]:
        if not agent_ids:
            return {}
        values = await self.redis.hmget(self.keys.seen, list(agent_ids))
        out: dict[str, Seen] = {}
        for agent, value in zip(agent_ids, values, strict=True):
            if value:
                status, at = text_of(value).split("|")
                out[agent] = Seen(Presence(status), int(at))
        return out

    async def offline_since(self, agent_ids: Sequence[str]) -> dict[str, int]:
        """For each agent now offline: since when (ms); 0 when never seen."""
        statuses = await self.statuses(agent_ids)
        gone = [a for a, s in statuses.items() if s is Presence.OFFLINE]
        seen = await self.seen(gone)
        out: dict[str, int] = {}
        for agent in gone:
            last = seen.get(agent)
            if last is None:
                out[agent] = 0
            elif last.status is Presence.OFFLINE:
                out[agent] = last.at_ms
            else:  # stopped beating: offline from when the last beat ran out
                out[agent] = last.at_ms + self.ttl_ms
        return out


async def publish_capacity(
    redis: Redis, keys: DispatchKeys, agents: Sequence[Agent], default: int
) -> None:
    """Copy each agent's capacity per channel from SQL into Redis, where reservations
    check it; an unlisted channel falls back to the agent's "*" or ``default``."""
    async with redis.pipeline(transaction=True) as pipe:
        for agent in agents:
            caps: dict[Any, Any] = {"*": default}
            caps.update(agent.capacity)
            pipe.delete(keys.capacity(agent.id))
            pipe.hset(keys.capacity(agent.id), mapping=caps)
        await pipe.execute()


async def loads_of(
    redis: Redis, keys: DispatchKeys, agent_ids: Sequence[str]
) -> dict[str, dict[str, int]]:
    async with redis.pipeline(transaction=False) as pipe:
        for agent in agent_ids:
            pipe.hgetall(keys.load(agent))
        found = await pipe.execute()
    return {
        agent: {k.decode(): int(v) for k, v in raw.items()}
        for agent, raw in zip(agent_ids, found, strict=True)
    }
