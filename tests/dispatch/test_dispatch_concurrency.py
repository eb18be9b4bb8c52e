"""Two real ``switchboard dispatch`` processes, 50 agents with random capacities per channel,
5,000 waiting conversations, and conversations resolved meanwhile: no conversation is ever
given to two agents, no agent ever holds more than their capacity, and in the end every
open conversation is either held by exactly one agent (Redis and SQL agree) or waits in
exactly one queue."""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from dispatch_seeding import AgentSpec, ConversationSpec, add_agents, add_conversations
from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch.agents import list_agents
from router.dispatch.model import Presence
from router.dispatch.service import Dispatch, DispatchConfig
from router.events import decode_event
from router.keys import Keys
from router.procs import Child
from router.settings import Settings
from router.store.schema import conversations

pytestmark = [pytest.mark.inbox, pytest.mark.slow, pytest.mark.timeout(240)]

AGENTS = 50
CONVERSATIONS = 5000
CHANNELS = ("webchat", "email", "telegram", "x")
LANGUAGES = ("en", "ja", "ru", "es")
SKILLS = ("security", "withdrawals", "deposits")
CHURN_ROUNDS = 3
CHURN = 150


def agent_specs(rng: random.Random) -> list[AgentSpec]:
    return [
        AgentSpec(
            f"agent{i:02d}@x.test",
            languages=rng.sample(LANGUAGES, rng.randint(1, 3)),
            skills=rng.sample(SKILLS, rng.randint(0, 2)),
            capacity={c: rng.randint(0, 6) for c in CHANNELS},
        )
        for i in range(AGENTS)
    ]


def conversation_specs(rng: random.Random) -> list[ConversationSpec]:
    specs = []
    for i in range(CONVERSATIONS):
        channel = rng.choice(CHANNELS)
        kind = rng.random()
        if kind < 0.5:
            specs.append(
                ConversationSpec(f"c{i}", "general", 30, channel, waited_s=rng.uniform(0, 600))
            )
            continue
        skill = rng.choice(SKILLS)
        language = rng.choice(LANGUAGES)
        steps = [  # language and skill, then the skill alone, then anyone in general
            {"queue": skill, "priority": 60, "skills": [skill, f"lang:{language}"], "timeout": 1.0},
            {"queue": skill, "priority": 60, "skills": [skill], "timeout": 2.0},
            {"queue": "general", "priority": 70, "skills": [], "timeout": None},
        ]
        specs.append(
            ConversationSpec(
                f"c{i}", skill, 60, channel, language, steps, waited_s=rng.uniform(0, 2)
            )
        )
    return specs


def dispatcher_child(settings: Settings, tmp_path: Path, name: str) -> Child:
    env = {
        "REDIS_URL": settings.redis_url,
        "DATABASE_URL": settings.effective_database_url,
        "SWITCHBOARD_KEY_PREFIX": settings.key_prefix,
        "SWITCHBOARD_DATA_DIR": str(tmp_path),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
        "SWITCHBOARD_DISPATCH_HEARTBEAT_TTL_S": "600",
        "SWITCHBOARD_DISPATCH_UNANSWERED_S": "0",
        "SWITCHBOARD_DISPATCH_TICK_S": "0.1",
    }
    return Child(["dispatch"], env, tmp_path / f"{name}.log")


class Watch:
    """Samples every agent's load while the dispatchers run."""

    def __init__(self, d: Dispatch, capacity: dict[str, dict[str, int]]) -> None:
        self.d = d
        self.capacity = capacity
        self.over: list[str] = []
        self.samples = 0

    async def sample(self) -> int:
        async with self.d.redis.pipeline(transaction=True) as pipe:
            for agent in self.capacity:
                pipe.hgetall(self.d.dkeys.load(agent))
            loads = await pipe.execute()
        total = 0
        for agent, load in zip(self.capacity, loads, strict=True):
            for channel, n in load.items():
                total += int(n)
                if int(n) > self.capacity[agent].get(channel.decode(), 0):
                    self.over.append(f"{agent} {channel.decode()}={int(n)}")
        self.samples += 1
        return total

    async def until_full(self, children: list[Child], seconds: float = 60) -> float:
        seats = sum(sum(c.values()) for c in self.capacity.values())
        start = time.monotonic()
        while await self.sample() < seats:
            for child in children:
                assert child.running(), child.log_tail()
            assert time.monotonic() - start < seconds, f"seats not filled; {children[0].log_tail()}"
            await asyncio.sleep(0.05)
        return time.monotonic() - start


async def resolve_some(d: Dispatch, rng: random.Random, n: int) -> list[str]:
    """What the inbox does on "resolve": SQL first, then free the agent's seat."""
    held = rng.sample([h.conversation_id for h in await d.holdings()], n)
    async with d.engine.begin() as conn:
        await conn.execute(
            update(conversations).where(conversations.c.id.in_(held)).values(status="resolved")
        )
    for cid in held:
        await d.release(cid, reason="resolved", requeue=False)
    return held


async def assert_consistent(d: Dispatch, capacity: dict[str, dict[str, int]]) -> None:
    async with d.engine.connect() as conn:
        rows = (
            await conn.execute(
                select(
                    conversations.c.id, conversations.c.assignee_id, conversations.c.channel
                ).where(conversations.c.status == "open")
            )
        ).all()
    holdings = {h.conversation_id: h for h in await d.holdings()}
    where = {k.decode(): v.decode() for k, v in (await d.redis.hgetall(d.keys.queue_index)).items()}
    members: Counter[str] = Counter()
    for name in {*where.values()}:
        members.update(m.decode() for m in await d.redis.zrange(d.keys.queue(name), 0, -1))
    assert max(members.values(), default=1) == 1  # never in two queues
    for row in rows:
        held = holdings.get(row.id)
        if held is not None:
            assert row.assignee_id == held.agent_id, row.id  # SQL agrees with Redis
            assert row.id not in where
            assert row.id not in members
        else:
            assert row.assignee_id is None, row.id
            assert members[row.id] == 1, row.id  # waiting in exactly one queue
    per_seat = Counter((r.assignee_id, r.channel) for r in rows if r.assignee_id)
    for (agent, channel), n in per_seat.items():
        assert n <= capacity[agent].get(channel, 0), (agent, channel, n)
        assert int(await d.redis.hget(d.dkeys.load(agent), channel) or 0) == n


async def test_two_dispatchers_50_agents_5000_conversations(
    settings: Settings, engine: AsyncEngine, redis: Redis, tmp_path: Path
) -> None:
    rng = random.Random(20261124)
    keys = Keys(settings.key_prefix)
    d = Dispatch(engine, redis, keys, DispatchConfig(heartbeat_ttl_s=600, default_capacity=0))
    await add_agents(engine, agent_specs(rng))
    agents = await list_agents(engine)
    capacity = {a.id: {c: a.capacity.get(c, 0) for c in CHANNELS} for a in agents}
    for agent in agents:
        await d.heartbeat(agent, Presence.ONLINE)
    specs = conversation_specs(rng)
    await add_conversations(engine, redis, keys, specs, datetime.now(UTC))
    children = [dispatcher_child(settings, tmp_path, f"dispatch-{i}") for i in range(2)]
    watch = Watch(d, capacity)
    resolved: list[str] = []
    try:
        for child in children:
            child.start()
        filled = await watch.until_full(children)
        for _ in range(CHURN_ROUNDS):
            resolved += await resolve_some(d, rng, CHURN)
            await watch.until_full(children)
    finally:
        codes = [child.stop() for child in children]
    assert codes == [0, 0], [c.log_tail() for c in children]
    assert watch.over == []  # sampled all along: never above capacity
    await assert_consistent(d, capacity)
    given: Counter[str] = Counter()
    for _id, fields in await redis.xrange(keys.events):
        if fields[b"type"] == b"conversation.assigned":
            given[decode_event(fields).conversation_id] += 1
    seats = sum(sum(c.values()) for c in capacity.values())
    assert len(given) == seats + len(resolved)  # every seat filled, refilled after each resolve
    assert max(given.values()) == 1  # nobody ever got a conversation another agent had
    print(f"filled {seats} seats in {filled:.2f}s; {watch.samples} load samples")
