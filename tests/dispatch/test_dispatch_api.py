"""Dispatch over HTTP with a dispatcher running: presence and heartbeats, work taken back
from an agent who goes offline, offers, "take next", the supervisor's endpoints, roles."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx
import pytest
import pytest_asyncio
from dispatch_seeding import AgentSpec, ConversationSpec, add_agents, add_conversations, reply
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.api import create_app
from router.api.deps import Principal, current_principal
from router.dispatch.engine import Dispatcher
from router.dispatch.service import Dispatch, DispatchConfig
from router.events import decode_event
from router.keys import Keys
from router.settings import Settings
from router.store.schema import conversations

pytestmark = pytest.mark.inbox

WITHDRAWALS = [{"queue": "withdrawals", "priority": 60, "skills": ["withdrawals"], "timeout": None}]


@dataclass
class Caller:
    principal: Principal = field(default_factory=lambda: Principal("", "nobody", "agent"))

    def act_as(self, agent_id: str, role: str = "agent") -> None:
        self.principal = Principal(agent_id, agent_id[:8], role)


@pytest.fixture
def fast(settings: Settings) -> Settings:
    return settings.model_copy(
        update={
            "dispatch_grace_s": 0.6,
            "dispatch_heartbeat_ttl_s": 1.0,
            "dispatch_tick_s": 0.05,
            "dispatch_default_capacity": 3,
            "dispatch_unanswered_s": 0.0,
        }
    )


@pytest_asyncio.fixture
async def caller() -> Caller:
    return Caller()


@pytest_asyncio.fixture
async def api(fast: Settings, caller: Caller) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(fast)

    async def principal() -> Principal:
        return caller.principal

    app.dependency_overrides[current_principal] = principal
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@asynccontextmanager
async def dispatcher_running(d: Dispatch) -> AsyncIterator[Dispatcher]:
    stop = asyncio.Event()
    dispatcher = Dispatcher(d)
    task = asyncio.create_task(dispatcher.run(stop))
    try:
        yield dispatcher
    finally:
        stop.set()
        await task


@pytest_asyncio.fixture
async def live(fast: Settings, engine: AsyncEngine, redis: Redis) -> Dispatch:
    return Dispatch(engine, redis, Keys(fast.key_prefix), DispatchConfig.from_settings(fast))


async def presence(api: httpx.AsyncClient, caller: Caller, agent_id: str, status: str) -> None:
    caller.act_as(agent_id)
    response = await api.post("/api/agents/me/presence", json={"status": status})
    assert response.status_code == 200, response.text


async def holders(engine: AsyncEngine) -> dict[str, str | None]:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(conversations.c.id, conversations.c.assignee_id))).all()
    return {r.id: r.assignee_id for r in rows}


async def until(check: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> float:
    """Wait until ``check`` holds; returns how long it took."""
    start = time.monotonic()
    while not await check():
        assert time.monotonic() - start < seconds, "timed out"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


async def events(redis: Redis, keys: Keys, kind: str) -> list[tuple[str, dict[str, str]]]:
    found = []
    for _id, fields in await redis.xrange(keys.events):
        event = decode_event(fields) if fields[b"type"] != b"messages.routed" else None
        if event is not None and event.type == kind:
            found.append((event.conversation_id, dict(event.data)))
    return found


async def test_offline_agents_unanswered_chats_go_to_an_online_agent_with_the_skills(
    api: httpx.AsyncClient, caller: Caller, live: Dispatch, engine: AsyncEngine
) -> None:
    leaving, skilled, unskilled = await add_agents(
        engine,
        [
            AgentSpec("leaving@x.test", skills=["withdrawals"]),
            AgentSpec("skilled@x.test", skills=["withdrawals"]),
            AgentSpec("unskilled@x.test", skills=[]),
        ],
    )
    await presence(api, caller, leaving, "online")
    specs = [ConversationSpec(f"w{i}", "withdrawals", 60, steps=WITHDRAWALS) for i in range(3)]
    answered, *unanswered = await add_conversations(
        engine, live.redis, live.keys, specs, datetime.now(UTC)
    )
    async with dispatcher_running(live):
        await until(lambda: _all_held_by(engine, leaving))
        await reply(engine, answered, leaving)
        await presence(api, caller, unskilled, "online")
        await presence(api, caller, skilled, "online")
        await presence(api, caller, skilled, "away")  # busy for now: nothing new for them
        await presence(api, caller, leaving, "offline")
        gone_at = time.monotonic()
        await asyncio.sleep(0.2)  # inside the grace period nothing moves
        assert set((await holders(engine)).values()) == {leaving}
        await until(lambda: _requeued(live, len(unanswered)))
        back_after = time.monotonic() - gone_at
        assert 0.55 <= back_after < 0.6 + 1.5  # back once the grace period is over, promptly
        assert set(await _queued(live)) == set(unanswered)  # nobody online has the skill
        await presence(api, caller, skilled, "online")
        await until(
            lambda: _holders_are(engine, {answered: leaving, **dict.fromkeys(unanswered, skilled)})
        )
    requeued = await events(live.redis, live.keys, "conversation.requeued")
    assert sorted(c for c, _ in requeued) == sorted(unanswered)
    assert all(data["reason"] == "offline" for _, data in requeued)


async def test_an_agent_who_stops_heartbeating_goes_offline(
    api: httpx.AsyncClient, caller: Caller, live: Dispatch, engine: AsyncEngine
) -> None:
    silent, steady = await add_agents(
        engine, [AgentSpec("silent@x.test"), AgentSpec("steady@x.test")]
    )
    await presence(api, caller, silent, "online")
    last_beat = time.monotonic()
    (cid,) = await add_conversations(
        engine, live.redis, live.keys, [ConversationSpec("hb")], datetime.now(UTC)
    )
    async with dispatcher_running(live):
        await until(lambda: _holders_are(engine, {cid: silent}))

        async def steady_holds() -> bool:
            await presence(api, caller, steady, "online")  # steady keeps beating
            return await _holders_are(engine, {cid: steady})

        await until(steady_holds)
    # not before the silent agent's heartbeat ran out (TTL 1 s) and the grace (0.6 s) passed
    assert time.monotonic() - last_beat >= 1.5


async def _all_held_by(engine: AsyncEngine, agent: str) -> bool:
    found = await holders(engine)
    return bool(found) and set(found.values()) == {agent}


async def _holders_are(engine: AsyncEngine, expected: dict[str, str]) -> bool:
    return await holders(engine) == expected


async def _queued(d: Dispatch) -> list[str]:
    return [k.decode() for k in await d.redis.hkeys(d.keys.queue_index)]


async def _requeued(d: Dispatch, n: int) -> bool:
    return len(await _queued(d)) == n


async def test_take_next_offers_and_roles_over_http(
    api: httpx.AsyncClient, caller: Caller, fast: Settings, engine: AsyncEngine, redis: Redis
) -> None:
    agent, boss = await add_agents(
        engine,
        [
            AgentSpec("agent@x.test", capacity={"webchat": 1}),
            AgentSpec("boss@x.test", role="supervisor"),
        ],
    )
    keys = Keys(fast.key_prefix)
    first, second = await add_conversations(
        engine,
        redis,
        keys,
        [ConversationSpec("t1", waited_s=5), ConversationSpec("t2")],
        datetime.now(UTC),
    )
    caller.act_as(agent)
    offline = await api.post("/api/queues/general/take")
    assert offline.status_code == 409
    assert "presence" in offline.json()["detail"]
    await presence(api, caller, agent, "away")
    taken = await api.post("/api/queues/general/take")
    assert taken.status_code == 200
    assert taken.json() == {"conversation_id": first}
    assert (await api.post("/api/queues/general/take")).status_code == 204  # full
    metrics = (await api.get("/metrics")).text
    assert 'dispatch_assignments_total{how="take",queue="general"} 1.0' in metrics
    assert 'dispatch_wait_seconds_count{queue="general"} 1.0' in metrics
    assert (await api.post("/api/queues/empty/take")).status_code == 204
    assert (await api.get("/api/agents")).status_code == 403
    assert (
        await api.post(f"/api/conversations/{second}/assign", json={"agent_id": agent})
    ).status_code == 403
    assert (await api.get("/api/offers")).json() == []
    assert (await api.post(f"/api/offers/{second}/accept")).status_code == 404

    await presence(api, caller, agent, "away")  # a fresh beat (the TTL here is 1 s)
    caller.act_as(boss, "supervisor")
    listed = {a["email"]: a for a in (await api.get("/api/agents")).json()}
    assert listed["agent@x.test"]["load"] == {"webchat": 1}
    assert listed["agent@x.test"]["capacity"]["webchat"] == 1
    assert listed["agent@x.test"]["presence"] == "away"
    assert listed["boss@x.test"]["presence"] == "offline"
    full = await api.post(f"/api/conversations/{second}/assign", json={"agent_id": agent})
    assert full.status_code == 409
    moved = await api.post(f"/api/conversations/{first}/assign", json={"queue": "vip"})
    assert moved.status_code == 200
    ok = await api.post(f"/api/conversations/{second}/assign", json={"agent_id": agent})
    assert ok.status_code == 200
    bad = await api.post(
        f"/api/conversations/{second}/assign", json={"agent_id": agent, "queue": "x"}
    )
    assert bad.status_code == 422
    assert (
        await api.post("/api/conversations/nope/assign", json={"queue": "vip"})
    ).status_code == 404
    assert await holders(engine) == {first: None, second: agent}


async def test_offers_over_http(
    api: httpx.AsyncClient, caller: Caller, fast: Settings, engine: AsyncEngine, redis: Redis
) -> None:
    config = DispatchConfig.from_settings(fast.model_copy(update={"dispatch_auto_accept": False}))
    d = Dispatch(engine, redis, Keys(fast.key_prefix), config)
    a, b = await add_agents(engine, [AgentSpec("a@x.test"), AgentSpec("b@x.test")])
    await presence(api, caller, a, "online")
    (cid,) = await add_conversations(
        engine, redis, d.keys, [ConversationSpec("off")], datetime.now(UTC)
    )
    dispatcher = Dispatcher(d)
    await dispatcher.refresh_agents(force=True)
    assert await dispatcher.tick() == 1
    caller.act_as(a)
    offers = (await api.get("/api/offers")).json()
    assert [o["conversation_id"] for o in offers] == [cid]
    assert (await api.post(f"/api/offers/{cid}/decline")).status_code == 204
    assert (await api.get("/api/offers")).json() == []
    await presence(api, caller, b, "online")
    assert await dispatcher.tick() == 1
    caller.act_as(a)
    assert (await api.post(f"/api/offers/{cid}/accept")).status_code == 404  # b's offer now
    caller.act_as(b)
    accepted = await api.post(f"/api/offers/{cid}/accept")
    assert accepted.status_code == 200
    assert await holders(engine) == {cid: b}
    assert [c for c, _ in await events(redis, d.keys, "conversation.offered")] == [cid, cid]
    assert [c for c, _ in await events(redis, d.keys, "conversation.assigned")] == [cid]


async def test_presence_needs_an_agent(api: httpx.AsyncClient, caller: Caller) -> None:
    caller.act_as("no-such-agent")
    response = await api.post("/api/agents/me/presence", json={"status": "online"})
    assert response.status_code == 404
    caller.act_as("")
    bad = await api.post("/api/agents/me/presence", json={"status": "busy"})
    assert bad.status_code == 422


async def test_resolving_or_transferring_frees_the_agents_seat(
    api: httpx.AsyncClient, caller: Caller, fast: Settings, engine: AsyncEngine, redis: Redis
) -> None:
    (agent,) = await add_agents(engine, [AgentSpec("solo@x.test", capacity={"webchat": 1})])
    first, second = await add_conversations(
        engine,
        redis,
        Keys(fast.key_prefix),
        [ConversationSpec("t1", waited_s=5), ConversationSpec("t2")],
        datetime.now(UTC),
    )
    caller.act_as(agent)
    await presence(api, caller, agent, "online")
    assert (await api.post("/api/queues/general/take")).json() == {"conversation_id": first}
    assert (await api.post("/api/queues/general/take")).status_code == 204  # the one seat is taken

    assert (await api.post(f"/api/conversations/{first}/resolve")).status_code == 200

    assert (await api.post("/api/queues/general/take")).json() == {"conversation_id": second}
    moved = await api.post(f"/api/conversations/{second}/transfer", json={"queue": "security"})
    assert moved.status_code == 200, moved.text
    async with engine.connect() as conn:
        held = (
            await conn.execute(
                select(conversations.c.assignee_id, conversations.c.queue).where(
                    conversations.c.id == second
                )
            )
        ).one()
    assert tuple(held) == (None, "security")
    assert (await api.post("/api/queues/general/take")).status_code == 204  # nothing left there
