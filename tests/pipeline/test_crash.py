"""Kill routers at random moments and run several at once: nothing lost, nothing doubled.

These start real ``switchboard route`` processes (``python -m router route``) against the
test session's Redis and a fresh SQLite file or PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from support.messages import inbound
from support.router import count_conversations, queue_members, rows, wait_drained

from connectors.sink import RedisInboundSink
from router.keys import Keys
from router.models import Message
from router.procs import Child
from router.settings import Settings

pytestmark = [pytest.mark.pipeline, pytest.mark.slow, pytest.mark.timeout(300)]

THREADS = 1000
PER_THREAD = 5


def router_child(settings: Settings, tmp_path: Path, name: str) -> Child:
    env = {
        "REDIS_URL": settings.redis_url,
        "DATABASE_URL": settings.effective_database_url,
        "SWITCHBOARD_KEY_PREFIX": settings.key_prefix,
        "SWITCHBOARD_DATA_DIR": str(tmp_path),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
        "SWITCHBOARD_RETRY_IDLE_MS": "500",
        "SWITCHBOARD_RECLAIM_EVERY_MS": "200",
        # Each kill can cost the batch in flight one delivery; with many kills in a row
        # the default of 5 would (rightly) dead-letter it. This test is about crashes.
        "SWITCHBOARD_MAX_DELIVERIES": "50",
        # Delivery under crashes is the subject here; loading the classifiers at each of
        # the many restarts would only leave less time between kills.
        "SWITCHBOARD_CLASSIFY": "false",
    }
    return Child(["route"], env, tmp_path / f"{name}.log")


def traffic(seed: int) -> list[Message]:
    """THREADS conversations of PER_THREAD messages each, interleaved."""
    rng = random.Random(seed)
    order = [t for t in range(THREADS) for _ in range(PER_THREAD)]
    rng.shuffle(order)
    channels = ["email", "telegram", "x", "webchat"]
    return [
        inbound(n, thread=f"thread-{t}", sender=f"customer-{t}", channel=channels[t % 4])
        for n, t in enumerate(order)
    ]


async def publish_over(redis: Redis, keys: Keys, batch: list[Message], seconds: float) -> None:
    sink = RedisInboundSink(redis, keys)
    chunk = 50
    pause = seconds / (len(batch) / chunk)
    for i in range(0, len(batch), chunk):
        await sink.publish(batch[i : i + chunk])
        await asyncio.sleep(pause)


async def assert_exactly_once(
    redis: Redis, keys: Keys, engine: AsyncEngine, expected: int, threads: int
) -> None:
    stored = await rows(engine, "select channel, external_id from messages where direction = 'in'")
    assert len(stored) == expected
    assert len({(r.channel, r.external_id) for r in stored}) == expected
    assert await count_conversations(engine) == threads
    counted = await rows(engine, "select sum(message_count) from conversations")
    assert counted[0][0] == expected  # no message counted twice on its conversation
    members = await queue_members(redis, keys)
    everywhere = [m for ms in members.values() for m in ms]
    assert len(everywhere) == len(set(everywhere)) == threads
    pending = await redis.xpending(keys.inbound, "router")
    assert pending["pending"] == 0
    assert await redis.xlen(Keys.dead_letter(keys.inbound)) == 0
    replies = await rows(
        engine, "select idempotency_key from messages where direction = 'out'"
    )  # the shipped rules acknowledge each new conversation once, however often replayed
    assert len(replies) == len({r.idempotency_key for r in replies}) == threads


async def consumer_names(redis: Redis, keys: Keys) -> list[str]:
    """Consumers of the router group; none while the stream or group does not exist."""
    if not await redis.exists(keys.inbound):
        return []
    groups = await redis.xinfo_groups(keys.inbound)
    if not any(g["name"] == b"router" for g in groups):
        return []
    return [c["name"].decode() for c in await redis.xinfo_consumers(keys.inbound, "router")]


async def joined(redis: Redis, keys: Keys, child: Child) -> None:
    """Wait until ``child`` has joined the router group (it is past its start-up)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert child.running(), child.log_tail()
        if any(f"-{child.pid}-" in name for name in await consumer_names(redis, keys)):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"router did not start:\n{child.log_tail()}")


async def test_routers_killed_at_random_moments_lose_and_double_nothing(
    settings: Settings, redis: Redis, engine: AsyncEngine, tmp_path: Path
) -> None:
    keys = Keys(settings.key_prefix)
    rng = random.Random(20261124)
    batch = traffic(seed=1)
    publishing = asyncio.create_task(publish_over(redis, keys, batch, seconds=6.0))
    kills = 0
    child = router_child(settings, tmp_path, "router-0")
    child.start()
    try:
        while kills < 5 or not publishing.done():
            await joined(redis, keys, child)  # so that the kill lands while it works
            await asyncio.sleep(rng.uniform(0.2, 1.0))
            child.kill()
            kills += 1
            child = router_child(settings, tmp_path, f"router-{kills}")
            child.start()
        await publishing
        await wait_drained(redis, keys.inbound, "router", within_s=120)
    finally:
        child.stop()
    assert kills >= 5
    await assert_exactly_once(redis, keys, engine, len(batch), THREADS)


async def test_two_routers_on_one_group_share_the_work_without_doubles(
    settings: Settings, redis: Redis, engine: AsyncEngine, tmp_path: Path
) -> None:
    keys = Keys(settings.key_prefix)
    batch = traffic(seed=2)
    routers = [router_child(settings, tmp_path, f"router-{i}") for i in range(2)]
    for r in routers:
        r.start()
    try:
        await _wait_for_consumers(redis, keys, routers, batch)
        await wait_drained(redis, keys.inbound, "router", within_s=120)
    finally:
        for r in routers:
            assert r.stop() == 0, r.log_tail()
    await assert_exactly_once(redis, keys, engine, len(batch), THREADS)


async def _wait_for_consumers(
    redis: Redis, keys: Keys, routers: list[Child], batch: list[Message]
) -> None:
    """Publish once both routers have joined the group, so they compete for entries."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert all(r.running() for r in routers), [r.log_tail() for r in routers]
        names = await consumer_names(redis, keys)
        if all(any(f"-{r.pid}-" in n for n in names) for r in routers):
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("routers did not join the group")
    await publish_over(redis, keys, batch, seconds=3.0)
