"""Read-only view of the live queues and streams in Redis, for the API and /metrics.

A queue is a sorted set of conversation ids scored ``(100 - priority) * 1e13 +
enqueued_at_ms``: the lowest score is served next, but the conversation that has waited
longest is the oldest head of any priority band. Finding it costs one range call per
non-empty band, skipping from band to band, never a scan of the whole queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from router.keys import Keys
from router.placement import AGE_SPAN, enqueued_at_ms
from router.stream import text_of


@dataclass(frozen=True, slots=True)
class QueueState:
    name: str
    depth: int
    next_conversation_id: str = ""
    oldest_conversation_id: str = ""
    oldest_enqueued_ms: int = 0

    def waiting_seconds(self, now: datetime) -> float:
        if not self.oldest_conversation_id:
            return 0.0
        return max(0.0, now.timestamp() - self.oldest_enqueued_ms / 1000)


@dataclass(frozen=True, slots=True)
class GroupState:
    stream: str
    group: str
    pending: int
    lag: int


async def queue_names(redis: Redis, keys: Keys) -> list[str]:
    names = await redis.smembers(keys.queue_names)
    return sorted(text_of(n) for n in names)


async def _band_heads(redis: Redis, key: str) -> list[tuple[str, int]]:
    """(conversation id, score) of the first member of every non-empty priority band."""
    heads: list[tuple[str, int]] = []
    low: int | str = "-inf"
    while True:
        found: Any = await redis.zrangebyscore(key, low, "+inf", start=0, num=1, withscores=True)
        if not found:
            return heads
        member, score = found[0]
        heads.append((text_of(member), int(score)))
        low = (int(score) // AGE_SPAN + 1) * AGE_SPAN  # the next priority band


async def queue_state(redis: Redis, keys: Keys, name: str) -> QueueState:
    key = keys.queue(name)
    depth = int(await redis.zcard(key))
    heads = await _band_heads(redis, key) if depth else []
    if not heads:
        return QueueState(name=name, depth=depth)
    oldest_id, oldest_score = min(heads, key=lambda h: enqueued_at_ms(h[1]))
    return QueueState(
        name=name,
        depth=depth,
        next_conversation_id=heads[0][0],
        oldest_conversation_id=oldest_id,
        oldest_enqueued_ms=enqueued_at_ms(oldest_score),
    )


async def queue_states(redis: Redis, keys: Keys) -> list[QueueState]:
    return [await queue_state(redis, keys, name) for name in await queue_names(redis, keys)]


async def known_streams(redis: Redis, keys: Keys) -> dict[str, str]:
    """Logical name -> key of every work stream: inbound, receipts, each channel's outbound."""
    streams = {"inbound": keys.inbound, "receipts": keys.receipts}
    pattern = keys.outbound("*")
    async for raw in redis.scan_iter(match=pattern, _type="STREAM"):
        key = text_of(raw)
        channel = key.removeprefix(f"{keys.prefix}:{{out:").removesuffix("}:stream")
        streams[f"outbound:{channel}"] = key
    return streams


async def group_states(redis: Redis, name: str, key: str) -> list[GroupState]:
    try:
        groups: Any = await redis.xinfo_groups(key)
    except ResponseError:
        return []  # the stream does not exist yet
    return [
        GroupState(
            stream=name,
            group=text_of(g["name"]),
            pending=int(g.get("pending") or 0),
            lag=int(g.get("lag") or 0),
        )
        for g in groups
    ]


async def dead_letter_lengths(redis: Redis, streams: dict[str, str]) -> dict[str, int]:
    names: Sequence[str] = list(streams)
    async with redis.pipeline(transaction=False) as pipe:
        for name in names:
            pipe.xlen(Keys.dead_letter(streams[name]))
        lengths = await pipe.execute()
    return {name: int(n) for name, n in zip(names, lengths, strict=True)}
