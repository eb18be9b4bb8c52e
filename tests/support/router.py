"""An in-process router for tests: the real pipeline and consume loop on real Redis/SQL."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.sink import RedisInboundSink
from router.consumer import consume
from router.decide import Decider, DefaultQueueDecider
from router.keys import Keys
from router.models import Message
from router.pipeline import Pipeline, PipelineConfig
from router.settings import Settings
from router.store.schema import conversations, messages
from router.stream import StreamConsumer

GROUP = "router"


class RouterHarness:
    """Start with ``async with``; publish messages; ``await drain()``; inspect the store."""

    def __init__(
        self,
        settings: Settings,
        redis: Redis,
        engine: AsyncEngine,
        decider: Decider | None = None,
        consumer: str = "test-router",
    ) -> None:
        self.settings = settings
        self.redis = redis
        self.engine = engine
        self.keys = Keys(settings.key_prefix)
        self.pipeline = Pipeline(
            engine,
            redis,
            self.keys,
            decider or DefaultQueueDecider(settings.default_queue, settings.default_priority),
            PipelineConfig(timedelta(seconds=settings.reopen_window_s), 100_000),
        )
        self.consumer = StreamConsumer(
            redis,
            stream=self.keys.inbound,
            group=GROUP,
            consumer=consumer,
            batch=settings.router_batch,
            block_ms=settings.router_block_ms,
            retry_idle_ms=settings.retry_idle_ms,
            max_deliveries=settings.max_deliveries,
            reclaim_every_ms=settings.reclaim_every_ms,
        )
        self.stop = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> RouterHarness:
        await self.consumer.ensure_group()
        self.task = asyncio.create_task(
            consume(
                self.consumer,
                self.pipeline.handle,
                self.stop,
                backoff_base_ms=10,
                backoff_max_ms=200,
            )
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        try:
            if self.task is not None:
                await self.task
        finally:
            await self.pipeline.close()

    async def publish(self, batch: Sequence[Message]) -> None:
        await RedisInboundSink(self.redis, self.keys).publish(batch)

    async def drain(self, within_s: float = 30.0) -> None:
        """Wait until every published entry was acknowledged or dead-lettered."""
        await wait_drained(self.redis, self.keys.inbound, GROUP, within_s, self.task)


async def wait_drained(
    redis: Redis, stream: str, group: str, within_s: float, task: asyncio.Task[None] | None = None
) -> None:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if task is not None and task.done():
            task.result()  # a crashed loop fails the test with its own error
        groups: Any = await redis.xinfo_groups(stream) if await redis.exists(stream) else []
        found = [g for g in groups if g["name"] in (group, group.encode())]
        if found and found[0]["lag"] == 0 and found[0]["pending"] == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{stream} not drained within {within_s} s: {groups}")


async def scalar(engine: AsyncEngine, query: Any) -> Any:
    async with engine.connect() as conn:
        return (await conn.execute(query)).scalar()


async def count_messages(engine: AsyncEngine) -> int:
    """Customer messages stored (automatic and agent replies are not counted)."""
    query = select(func.count()).select_from(messages).where(messages.c.direction == "in")
    return int(await scalar(engine, query))


async def count_conversations(engine: AsyncEngine) -> int:
    return int(await scalar(engine, select(func.count()).select_from(conversations)))


async def rows(engine: AsyncEngine, sql: str) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql))).all())


async def queue_members(redis: Redis, keys: Keys) -> dict[str, list[str]]:
    """Every queue's members, by queue name."""
    names = {n.decode() for n in await redis.smembers(keys.queue_names)}
    return {
        name: [m.decode() for m in await redis.zrange(keys.queue(name), 0, -1)] for name in names
    }
