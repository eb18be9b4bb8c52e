"""``switchboard bench pipeline``: one router process, measured from XADD to queued.

The benchmark starts a real ``switchboard route`` child on a private key prefix and a fresh
database (a SQLite file, or a PostgreSQL database it creates and drops), publishes
simulated traffic (as fast as possible, or at ``rate`` per second), and reads the router's
``messages.routed`` events: each names the inbound entry ids, so Redis' own clock gives
the latency from XADD to queued. In the same run it measures the ceiling: a bare
XADD → XREADGROUP → XACK loop with no work.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import psutil
from redis.asyncio import Redis

from connectors.sink import RedisInboundSink
from router.cli.simulate import publish_paced
from router.events import decode_routed
from router.keys import Keys
from router.pipeline import stream_id_ms
from router.procs import Child
from router.settings import Settings
from router.simulation import Sample, generate, load_samples
from router.store.migrate import upgrade

READY_TIMEOUT_S = 60.0


@dataclass(frozen=True, slots=True)
class BenchConfig:
    messages: int
    rate: float
    store: str
    pg_admin_url: str
    batch: int
    followups: float = 0.3
    routing: str = "rules"


@asynccontextmanager
async def bench_database(store: str, pg_admin_url: str, workdir: Path) -> AsyncIterator[str]:
    if store == "sqlite":
        yield f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
        return
    name = f"sb_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(pg_admin_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        base = pg_admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def measure_ceiling(redis: Redis, keys: Keys, count: int, batch: int) -> float:
    """Messages per second of a bare XADD (pipelined) then XREADGROUP + XACK loop."""
    stream = f"{keys.prefix}:{{ceiling}}:stream"
    payload = {"v": b"1", "type": b"message", "data": b"x" * 400}
    await redis.xgroup_create(stream, "g", id="0", mkstream=True)
    start = time.perf_counter()
    for i in range(0, count, 100):
        async with redis.pipeline(transaction=False) as pipe:
            for _ in range(min(100, count - i)):
                pipe.xadd(stream, payload)  # type: ignore[arg-type]
            await pipe.execute()
    done = 0
    while done < count:
        reply: Any = await redis.xreadgroup("g", "c", {stream: ">"}, count=batch, block=1000)
        ids = [i for _, entries in reply for i, _ in entries]
        await redis.xack(stream, "g", *ids)
        done += len(ids)
    elapsed = time.perf_counter() - start
    await redis.delete(stream)
    return count / elapsed


async def _wait_ready(redis: Redis, keys: Keys, sink: RedisInboundSink, child: Child) -> str:
    """Route one warm-up message; return the event id after which the measurement starts."""
    warmup = next(generate(load_warmup(), 1, random.Random(), datetime.now(UTC)))
    await sink.publish([warmup])
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if not child.running():
            raise RuntimeError(f"router exited during start-up:\n{child.log_tail()}")
        reply: Any = await redis.xread({keys.events: "0-0"}, count=10, block=200)
        for _, entries in reply or []:
            return str(entries[-1][0].decode())
    raise TimeoutError(f"router not ready after {READY_TIMEOUT_S} s:\n{child.log_tail()}")


def load_warmup() -> list[Sample]:
    return [Sample("webchat", "en", "warm-up")]


async def _collect_latencies(
    redis: Redis, keys: Keys, after: str, count: int, limit_s: float
) -> list[float]:
    latencies: list[float] = []
    last = after
    deadline = time.monotonic() + limit_s
    while len(latencies) < count and time.monotonic() < deadline:
        reply: Any = await redis.xread({keys.events: last}, count=1000, block=500)
        for _, entries in reply or []:
            for entry_id, fields in entries:
                last = entry_id
                latencies.extend(_latencies_ms(entry_id, fields))
    return latencies


def _latencies_ms(event_id: bytes, fields: dict[bytes, bytes]) -> list[float]:
    """XADD-to-queued of each message a ``messages.routed`` event reports."""
    queued = stream_id_ms(event_id.decode())
    return [float(queued - stream_id_ms(r.stream_id)) for r in decode_routed(fields)]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run_bench(settings: Settings, config: BenchConfig) -> dict[str, Any]:
    keys = Keys(f"bench{uuid.uuid4().hex[:8]}")
    redis = Redis.from_url(settings.redis_url)
    with tempfile.TemporaryDirectory(prefix="sb-bench-") as tmp:
        workdir = Path(tmp)
        try:
            async with bench_database(config.store, config.pg_admin_url, workdir) as url:
                await upgrade(url)
                ceiling = await measure_ceiling(redis, keys, config.messages, config.batch)
                result = await _run_router(settings, config, redis, keys, url, workdir)
        finally:
            await _delete_prefix(redis, keys.prefix)
            await redis.aclose()
    return {"ceiling_messages_per_s": round(ceiling, 1), "store": config.store, **result}


async def _run_router(
    settings: Settings, config: BenchConfig, redis: Redis, keys: Keys, url: str, workdir: Path
) -> dict[str, Any]:
    env = {
        "REDIS_URL": settings.redis_url,
        "DATABASE_URL": url,
        "SWITCHBOARD_KEY_PREFIX": keys.prefix,
        "SWITCHBOARD_DATA_DIR": str(workdir),
        # A deployed router restarts onto models it built before (the first start builds
        # them in a child process, so that would not change its size, only the wait).
        "SWITCHBOARD_MODELS_DIR": str(settings.effective_models_dir.resolve()),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
        "SWITCHBOARD_ROUTER_BATCH": str(config.batch),
        "SWITCHBOARD_ENV": "production",
        "SWITCHBOARD_ROUTING": config.routing,
    }
    child = Child(["route"], env, workdir / "router.log")
    child.start()
    try:
        sink = RedisInboundSink(redis, keys)
        after = await _wait_ready(redis, keys, sink, child)
        router = psutil.Process(child.pid)
        cpu_before = router.cpu_times()
        samples = load_samples(settings.config_dir / "samples" / "messages.jsonl")
        messages = list(
            generate(
                samples, config.messages, random.Random(7), datetime.now(UTC), config.followups
            )
        )
        start = time.perf_counter()
        publishing = asyncio.create_task(publish_paced(sink, messages, config.rate))
        latencies = await _collect_latencies(redis, keys, after, len(messages), limit_s=600)
        elapsed = time.perf_counter() - start
        await publishing
        cpu_after = router.cpu_times()
        rss = router.memory_info().rss
        cpu_s = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
        # Once idle the router hands the burst's freed pages back (router.memory).
        await asyncio.sleep(settings.router_block_ms / 1000 + 1.0)
        rss_idle = router.memory_info().rss
    finally:
        child.stop()
    return {
        "messages": config.messages,
        "routed": len(latencies),
        "offered_rate": config.rate or None,
        "messages_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": _percentile(latencies, 0.50) if latencies else None,
        "p99_ms": _percentile(latencies, 0.99) if latencies else None,
        "median_ms": statistics.median(latencies) if latencies else None,
        "router_rss_mb": round(rss / 2**20, 1),
        "router_rss_idle_mb": round(rss_idle / 2**20, 1),
        # Independent of other load on the machine: what one core could sustain.
        "router_cpu_us_per_message": round(cpu_s * 1e6 / max(1, len(latencies)), 1),
        "batch": config.batch,
        "followups": config.followups,
        "routing": config.routing,
        "conversations": len({m.thread_key for m in messages}),
    }


async def _delete_prefix(redis: Redis, prefix: str) -> None:
    async for key in redis.scan_iter(match=f"{prefix}:*", count=1000):
        await redis.unlink(key)
