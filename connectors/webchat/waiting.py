"""Where a chat stands in its queue, and how long it will likely wait.

The position is the conversation's rank in its queue's sorted set (the order agents are
served from). The estimate comes from the queue's recent pace: conversations that left the
front of the queue are recorded in a per-queue sorted set (member: conversation id, so two
web chat processes that notice the same departure record it once), and the average gap
between the last departures times the position is the estimated wait. Until two departures
are known, an assumed service time per conversation stands in.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from router.keys import Keys
from router.stream import text_of

PACE_WINDOW_S = 15 * 60
FRONT_EXTRA = 20  # watch a little past the last waiting chat, to see departures ahead of it


@dataclass(frozen=True, slots=True)
class Standing:
    conversation_id: str
    queue: str  # "" once the conversation left every queue (an agent has it)
    position: int  # 1 is next; 0 when not queued


@dataclass(frozen=True, slots=True)
class Estimate:
    position: int
    wait_s: int
    measured: bool  # from the queue's real pace, not the assumed service time


def served_key(keys: Keys, queue: str) -> str:
    return f"{keys.prefix}:{{q}}:served:{queue}"


async def standings(redis: Redis, keys: Keys, conversation_ids: Sequence[str]) -> list[Standing]:
    """The queue and 1-based position of each conversation, in two round trips."""
    if not conversation_ids:
        return []
    queues = [
        text_of(q) if q else "" for q in await redis.hmget(keys.queue_index, conversation_ids)
    ]
    async with redis.pipeline(transaction=False) as pipe:
        for cid, queue in zip(conversation_ids, queues, strict=True):
            pipe.zrank(keys.queue(queue or "-"), cid)
        ranks = await pipe.execute()
    return [
        Standing(cid, queue if rank is not None else "", int(rank) + 1 if rank is not None else 0)
        for cid, queue, rank in zip(conversation_ids, queues, ranks, strict=True)
    ]


class PaceTracker:
    """Notices conversations leaving the front of the watched queues; estimates waits."""

    def __init__(self, redis: Redis, keys: Keys, assumed_service_s: float) -> None:
        self.redis = redis
        self.keys = keys
        self.assumed_service_s = assumed_service_s
        self._front: dict[str, set[str]] = {}

    async def observe(self, depth_by_queue: dict[str, int]) -> None:
        """Look at the front of each queue (``depth``: the deepest watched position)."""
        now = time.time()
        for queue, depth in depth_by_queue.items():
            members: Any = await self.redis.zrange(self.keys.queue(queue), 0, depth + FRONT_EXTRA)
            front = {text_of(m) for m in members}
            await self._record_departures(queue, self._front.get(queue, set()) - front, now)
            self._front[queue] = front
        for gone in set(self._front) - set(depth_by_queue):
            del self._front[gone]

    async def _record_departures(self, queue: str, missing: Iterable[str], now: float) -> None:
        candidates = list(missing)
        if not candidates:
            return
        # Out of the front window is not necessarily served: others may have jumped ahead
        # at a higher priority, or a rule moved it to another queue. Only a conversation
        # that is in no queue any more was taken by an agent.
        where = await self.redis.hmget(self.keys.queue_index, candidates)
        served = {
            cid: now for cid, queue_now in zip(candidates, where, strict=True) if not queue_now
        }
        if served:
            key = served_key(self.keys, queue)
            async with self.redis.pipeline(transaction=False) as pipe:
                pipe.zadd(key, served, nx=True)
                pipe.zremrangebyscore(key, "-inf", now - PACE_WINDOW_S)
                pipe.expire(key, PACE_WINDOW_S * 2)
                await pipe.execute()

    async def service_interval(self, queue: str) -> float | None:
        """Average seconds between recent departures from ``queue`` (None: not known yet)."""
        recent = await self.redis.zrangebyscore(
            served_key(self.keys, queue), time.time() - PACE_WINDOW_S, "+inf", withscores=True
        )
        if len(recent) < 2:
            return None
        first, last = float(recent[0][1]), float(recent[-1][1])
        # A queue that stalled since its last departure is slower than its average says.
        return max(1.0, (last - first) / (len(recent) - 1), time.time() - last)

    def estimate(self, position: int, interval: float | None) -> Estimate:
        per = interval if interval is not None else self.assumed_service_s
        return Estimate(position, round(position * per), interval is not None)
