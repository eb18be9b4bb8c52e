"""Dispatch: assignments per second and queued-to-assigned latency, by queue depth.

For each depth: a private Redis prefix and a fresh SQLite database, ``agents`` agents online
(random languages and skills, 3 seats per channel), ``depth`` conversations already waiting,
and one dispatcher running in this process. Throughput is the time to make 1,000 assignments
after the first 100 (the same work at every depth). Then, while it goes on filling seats from the
backlog, ``probes`` new high-priority conversations arrive at 50/s, each announced on the
event stream as the router does; their latency runs from placement in the queue to the
``conversation.assigned`` event. A round looks only at the head of each queue, so the cost
of one assignment should not grow with depth.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch.agents import agent_id_for, list_agents
from router.dispatch.engine import Dispatcher
from router.dispatch.model import Agent, Presence
from router.dispatch.service import Dispatch, DispatchConfig
from router.events import Routed, decode_event, encode_routed
from router.keys import Keys
from router.models import conversation_id_for
from router.placement import Placement, Queues
from router.store.engine import create_engine
from router.store.migrate import upgrade
from router.store.schema import agents, conversations, customers

CHANNELS = ("webchat", "email", "telegram", "x")
SKILLS = ("security", "withdrawals", "deposits", "kyc")
LANGUAGES = ("en", "ja", "ru", "es", "de")
CHUNK = 5000
WARM = 100  # assignments before the clock starts
TIMED = 1000  # assignments timed at every depth: the same work, only the depth differs


@dataclass(frozen=True, slots=True)
class DispatchBench:
    depth: int
    agents: int
    seats: int
    assigned: int
    seconds: float
    assignments_per_s: float
    probes_assigned: int
    probe_p50_ms: float
    probe_p99_ms: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "depth": self.depth,
            "agents": self.agents,
            "seats": self.seats,
            "assigned": self.assigned,
            "seconds": round(self.seconds, 3),
            "assignments_per_s": round(self.assignments_per_s, 1),
            "probes_assigned": self.probes_assigned,
            "probe_p50_ms": round(self.probe_p50_ms, 1),
            "probe_p99_ms": round(self.probe_p99_ms, 1),
        }


async def _seed_agents(engine: AsyncEngine, n: int, rng: random.Random) -> None:
    now = datetime.now(UTC)
    rows = [
        {
            "id": agent_id_for(f"bench{i}@example.com"),
            "email": f"bench{i}@example.com",
            "name": f"Agent {i}",
            "role": "agent",
            "password_hash": "",
            "languages": rng.sample(LANGUAGES, 2),
            "skills": rng.sample(SKILLS, 1),
            "teams": [],
            "capacity": dict.fromkeys(CHANNELS, 3),
            "schedule": [],
            "timezone": "UTC",
            "active": 1,
            "created_at": now,
        }
        for i in range(n)
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(agents), rows)


def _row(
    cid: str, thread: str, channel: str, queue: str, priority: int, at: datetime
) -> dict[str, Any]:
    return {
        "id": cid,
        "customer_id": "bench",
        "channel": channel,
        "thread_key": thread,
        "generation": 0,
        "status": "open",
        "queue": queue,
        "priority": priority,
        "message_count": 1,
        "created_at": at,
        "updated_at": at,
        "last_message_at": at,
    }


async def _seed_waiting(
    engine: AsyncEngine, redis: Redis, keys: Keys, rows: Sequence[dict[str, Any]]
) -> None:
    queues = Queues(redis, keys)
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        async with engine.begin() as conn:
            await conn.execute(insert(conversations), list(chunk))
        placements = [
            Placement(
                r["id"], r["queue"], r["priority"], int(r["last_message_at"].timestamp() * 1000)
            )
            for r in chunk
        ]
        async with redis.pipeline(transaction=False) as pipe:
            await queues.place(pipe, placements)
            await pipe.execute()


def _backlog(depth: int, rng: random.Random) -> list[dict[str, Any]]:
    now = time.time()
    rows = []
    for i in range(depth):
        queue = rng.choice(SKILLS) if rng.random() < 0.25 else "general"
        at = datetime.fromtimestamp(now - rng.uniform(0, 3600), UTC)
        thread = f"backlog-{i}"
        cid = conversation_id_for("webchat", thread, 0)
        rows.append(_row(cid, thread, rng.choice(CHANNELS), queue, 30, at))
    return rows


async def _probe(
    engine: AsyncEngine, redis: Redis, keys: Keys, n: int, rate: float
) -> dict[str, float]:
    placed: dict[str, float] = {}
    for i in range(n):
        thread = f"probe-{i}"
        cid = conversation_id_for("webchat", thread, 0)
        at = datetime.now(UTC)
        await _seed_waiting(engine, redis, keys, [_row(cid, thread, "webchat", "general", 90, at)])
        routed = Routed(cid, cid, "general", 90, "webchat", "0-0")  # what the router publishes
        await redis.xadd(keys.events, encode_routed([routed], at))  # type: ignore[arg-type]
        placed[cid] = at.timestamp()
        await asyncio.sleep(1 / rate)
    return placed


async def _assigned_at(redis: Redis, keys: Keys) -> dict[str, float]:
    out: dict[str, float] = {}
    last = "0-0"
    while True:
        page: Any = await redis.xrange(
            keys.events, min=f"({last}" if last != "0-0" else "-", count=10_000
        )
        if not page:
            return out
        for entry_id, fields in page:
            last = entry_id.decode()
            if fields[b"type"] == b"conversation.assigned":
                event = decode_event(fields)
                out[event.conversation_id] = event.at.timestamp()


async def _one(redis_url: str, depth: int, n_agents: int, probes: int, seed: int) -> DispatchBench:
    rng = random.Random(seed)
    keys = Keys(f"bench{uuid.uuid4().hex[:8]}")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await upgrade(url)
        engine = create_engine(url)
        redis = Redis.from_url(redis_url)
        try:
            return await _measure(engine, redis, keys, depth, n_agents, probes, rng)
        finally:
            async for key in redis.scan_iter(match=f"{keys.prefix}:*", count=5000):
                await redis.unlink(key)
            await redis.aclose()
            await engine.dispose()


async def _measure(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    depth: int,
    n_agents: int,
    probes: int,
    rng: random.Random,
) -> DispatchBench:
    async with engine.begin() as conn:
        await conn.execute(insert(customers).values(id="bench", created_at=datetime.now(UTC)))
    await _seed_agents(engine, n_agents, rng)
    await _seed_waiting(engine, redis, keys, _backlog(depth, rng))
    d = Dispatch(
        engine, redis, keys, DispatchConfig(heartbeat_ttl_s=3600, unanswered_ms=0, tick_s=0.05)
    )
    team: list[Agent] = await list_agents(engine)
    for agent in team:
        await d.heartbeat(agent, Presence.ONLINE)
    seats = sum(sum(a.capacity.values()) for a in team)
    target = min(seats, depth, WARM + TIMED)
    stop = asyncio.Event()
    running = asyncio.create_task(Dispatcher(d).run(stop))
    try:
        await _until_held(redis, d, WARM, running)  # past start-up (repair, first reads)
        start = time.perf_counter()
        await _until_held(redis, d, target, running)
        seconds = time.perf_counter() - start
        placed = await _probe(engine, redis, keys, probes, rate=50.0)
        deadline = time.monotonic() + 60
        assigned: dict[str, float] = {}
        while time.monotonic() < deadline and not running.done():
            assigned = await _assigned_at(redis, keys)
            if all(c in assigned for c in placed):
                break
            await asyncio.sleep(0.1)
    finally:
        stop.set()
        await running
    latencies = sorted((assigned[c] - t) * 1000 for c, t in placed.items() if c in assigned)
    return DispatchBench(
        depth=depth,
        agents=n_agents,
        seats=seats,
        assigned=target - WARM,
        seconds=seconds,
        assignments_per_s=(target - WARM) / seconds,
        probes_assigned=len(latencies),
        probe_p50_ms=statistics.median(latencies) if latencies else float("nan"),
        probe_p99_ms=_percentile(latencies, 0.99),
    )


async def _until_held(redis: Redis, d: Dispatch, n: int, running: asyncio.Task[None]) -> None:
    while not running.done():
        if await redis.hlen(d.dkeys.assigned) >= n:
            return
        await asyncio.sleep(0.005)


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * q))]


def bench_dispatch(
    redis_url: str, depths: Sequence[int], agents: int = 1000, probes: int = 200, seed: int = 1
) -> list[dict[str, Any]]:
    async def all_depths() -> list[dict[str, Any]]:
        return [(await _one(redis_url, d, agents, probes, seed)).as_dict() for d in depths]

    return asyncio.run(all_depths())
