"""The dispatcher's rounds over real Redis and both stores: skills relaxed step by step,
overflow, sticky, least busy, round robin, capacity per channel, offers, unanswered work,
"take next", supervisors, and the repair of a crash between Redis and SQL."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from dispatch_seeding import AgentSpec, ConversationSpec, add_agents, add_conversations, reply
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch.agents import get_agent
from router.dispatch.engine import Dispatcher
from router.dispatch.errors import NoRoom
from router.dispatch.model import HoldState, Presence
from router.dispatch.reconcile import reconcile
from router.dispatch.selection import Strategy
from router.dispatch.service import Dispatch
from router.placement import Placement, Queues
from router.store.schema import conversations

pytestmark = pytest.mark.inbox

SECURITY_STEPS = [
    {"queue": "security", "priority": 95, "skills": ["security", "lang:ja"], "timeout": 60},
    {"queue": "security", "priority": 95, "skills": ["security"], "timeout": 240},
    {"queue": "general", "priority": 100, "skills": [], "timeout": None},
]


async def online(d: Dispatch, *agent_ids: str) -> None:
    for agent_id in agent_ids:
        agent = await get_agent(d.engine, agent_id)
        assert agent is not None
        await d.heartbeat(agent, Presence.ONLINE)


async def assignees(engine: AsyncEngine) -> dict[str, str | None]:
    async with engine.connect() as conn:
        rows = (await conn.execute(select(conversations.c.id, conversations.c.assignee_id))).all()
    return {r.id: r.assignee_id for r in rows}


async def queued(d: Dispatch) -> dict[str, str]:
    raw = await d.redis.hgetall(d.keys.queue_index)
    return {k.decode(): v.decode() for k, v in raw.items()}


async def rounds(dispatcher: Dispatcher, n: int = 3) -> int:
    await dispatcher.refresh_agents(force=True)
    return sum([await dispatcher.tick() for _ in range(n)])


def with_config(d: Dispatch, **changes: Any) -> Dispatch:
    return Dispatch(d.engine, d.redis, d.keys, replace(d.config, **changes), d.metrics)


async def test_skills_relax_step_by_step_then_overflow(dispatch: Dispatch) -> None:
    d = dispatch
    en_sec, ja_gen = await add_agents(
        d.engine,
        [
            AgentSpec("en-sec@x.test", languages=["en"], skills=["security"]),
            AgentSpec("ja-gen@x.test", languages=["ja"], skills=[]),
        ],
    )
    await online(d, en_sec, ja_gen)
    now = datetime.now(UTC)
    fresh, relaxed, overflowed = await add_conversations(
        d.engine,
        d.redis,
        d.keys,
        [
            ConversationSpec("fresh", "security", 95, steps=SECURITY_STEPS, waited_s=5),
            ConversationSpec("relaxed", "security", 95, steps=SECURITY_STEPS, waited_s=90),
            ConversationSpec("overflowed", "security", 95, steps=SECURITY_STEPS, waited_s=400),
        ],
        now,
    )
    await rounds(Dispatcher(d))
    got = await assignees(d.engine)
    assert got[fresh] is None  # needs Japanese and security: nobody has both yet
    assert got[relaxed] == en_sec  # after 60 s any security agent
    assert got[overflowed] == ja_gen  # after 300 s the general queue, at priority 100
    assert (await queued(d)) == {fresh: "security"}
    async with d.engine.connect() as conn:
        row = (
            await conn.execute(select(conversations).where(conversations.c.id == overflowed))
        ).one()
    assert (row.queue, row.priority) == ("general", 100)


async def test_least_busy_and_capacity_per_channel(dispatch: Dispatch) -> None:
    d = dispatch
    busy, idle = await add_agents(
        d.engine,
        [
            AgentSpec("busy@x.test", capacity={"webchat": 4, "email": 1}),
            AgentSpec("idle@x.test", capacity={"webchat": 1, "email": 0}),
        ],
    )
    await online(d, busy, idle)
    now = datetime.now(UTC)
    chats = [ConversationSpec(f"chat-{i}", waited_s=50 - i) for i in range(7)]
    mails = [ConversationSpec(f"mail-{i}", channel="email", waited_s=30 - i) for i in range(3)]
    await add_conversations(d.engine, d.redis, d.keys, [*chats, *mails], now)
    await rounds(Dispatcher(d))
    got = await assignees(d.engine)
    per_agent = {a: [c for c, who in got.items() if who == a] for a in (busy, idle)}
    assert sorted(per_agent[idle]) == [chats[0].id]  # the oldest chat to the least busy
    assert len(per_agent[busy]) == 5  # 4 chats + 1 email: capacity per channel
    assert sum(1 for m in mails if got[m.id] == busy) == 1
    assert len(await queued(d)) == 4
    loads = {a: await d.redis.hgetall(d.dkeys.load(a)) for a in (busy, idle)}
    assert loads[busy] == {b"webchat": b"4", b"email": b"1"}
    assert loads[idle] == {b"webchat": b"1"}


async def test_round_robin_takes_turns(dispatch: Dispatch) -> None:
    d = with_config(dispatch, strategy=Strategy.ROUND_ROBIN, default_capacity=10)
    ids = await add_agents(d.engine, [AgentSpec(f"rr{i}@x.test", capacity={}) for i in range(3)])
    await online(d, *ids)
    specs = [ConversationSpec(f"rr-{i}", waited_s=100 - i) for i in range(9)]
    await add_conversations(d.engine, d.redis, d.keys, specs, datetime.now(UTC))
    await rounds(Dispatcher(d))
    got = await assignees(d.engine)
    order = [got[s.id] for s in specs]  # oldest first
    assert all(a is not None for a in order)
    assert order[:3] == order[3:6] == order[6:]  # a full turn before anyone gets a second
    assert sorted(order[:3], key=str) == sorted(ids)


async def test_sticky_returns_to_the_last_agent_while_online(dispatch: Dispatch) -> None:
    d = dispatch
    first, second = await add_agents(
        d.engine, [AgentSpec("first@x.test"), AgentSpec("second@x.test")]
    )
    await online(d, first)
    cid, _other = await add_conversations(
        d.engine,
        d.redis,
        d.keys,
        [ConversationSpec("sticky", waited_s=2), ConversationSpec("other", waited_s=1)],
        datetime.now(UTC),
    )
    dispatcher = Dispatcher(d)
    await rounds(dispatcher)
    assert set((await assignees(d.engine)).values()) == {first}
    await d.assign_to_queue(cid, "general")  # e.g. a supervisor put it back
    await online(d, second)  # second is idle, first still holds one: sticky decides
    await rounds(dispatcher)
    assert (await assignees(d.engine))[cid] == first
    await d.assign_to_queue(cid, "general")
    await d.heartbeat((await get_agent(d.engine, first)), Presence.AWAY)  # type: ignore[arg-type]
    await rounds(dispatcher)
    assert (await assignees(d.engine))[cid] == second  # the last agent is away: anyone


async def test_offers_are_accepted_declined_or_expire(dispatch: Dispatch) -> None:
    d = with_config(dispatch, auto_accept=False, offer_timeout_ms=200)
    a, b = await add_agents(d.engine, [AgentSpec("a@x.test"), AgentSpec("b@x.test")])
    await online(d, a, b)
    now = datetime.now(UTC)
    c1, c2 = await add_conversations(
        d.engine, d.redis, d.keys, [ConversationSpec("o1", waited_s=9), ConversationSpec("o2")], now
    )
    dispatcher = Dispatcher(d)
    await rounds(dispatcher, 1)
    offers = {h.conversation_id: h.agent_id for h in await d.holdings()}
    assert set(offers) == {c1, c2}
    assert all(h.state is HoldState.OFFERED for h in await d.holdings())
    assert (await assignees(d.engine)) == {c1: None, c2: None}  # SQL only on accept
    await d.accept(offers[c1], c1)
    assert (await assignees(d.engine))[c1] == offers[c1]
    declined_by = offers[c2]
    await d.decline(declined_by, c2)
    assert (await queued(d)) == {c2: "general"}
    await rounds(dispatcher, 1)
    (again,) = [h for h in await d.holdings() if h.conversation_id == c2]
    assert again.agent_id != declined_by  # not offered again to who declined
    await asyncio.sleep(0.25)
    assert await dispatcher.watch() == 1  # the second offer expired
    assert d.metrics is not None
    assert d.metrics.registry.get_sample_value("dispatch_offers_expired_total") == 1
    assert c2 in await queued(d)
    assert (await assignees(d.engine))[c1] == offers[c1]


async def test_unanswered_new_conversation_goes_to_someone_else(dispatch: Dispatch) -> None:
    d = with_config(dispatch, unanswered_ms=150)
    a = (await add_agents(d.engine, [AgentSpec("slow@x.test")]))[0]
    await online(d, a)
    cids = await add_conversations(
        d.engine,
        d.redis,
        d.keys,
        [ConversationSpec("answered", waited_s=2), ConversationSpec("ignored", waited_s=1)],
        datetime.now(UTC),
    )
    dispatcher = Dispatcher(d)
    await rounds(dispatcher, 1)
    assert set((await assignees(d.engine)).values()) == {a}
    await reply(d.engine, cids[0], a)
    await asyncio.sleep(0.2)
    assert await dispatcher.watch() == 1
    b = (await add_agents(d.engine, [AgentSpec("quick@x.test")]))[0]
    await online(d, b)
    await rounds(dispatcher, 1)
    assert await assignees(d.engine) == {cids[0]: a, cids[1]: b}


async def test_take_next_gives_the_first_fitting_conversation(dispatch: Dispatch) -> None:
    d = dispatch
    (me,) = await add_agents(
        d.engine,
        [AgentSpec("me@x.test", languages=["en"], skills=["security"], capacity={"webchat": 1})],
    )
    now = datetime.now(UTC)
    ja, en, more = await add_conversations(
        d.engine,
        d.redis,
        d.keys,
        [
            ConversationSpec("ja", "security", 95, steps=SECURITY_STEPS, waited_s=30),
            ConversationSpec("en", "security", 95, steps=SECURITY_STEPS[1:], waited_s=20),
            ConversationSpec("more", "security", 95, steps=SECURITY_STEPS[1:], waited_s=10),
        ],
        now,
    )
    agent = await get_agent(d.engine, me)
    assert agent is not None
    await d.heartbeat(agent, Presence.AWAY)  # taking by hand works while away
    assert await d.take(agent, "security") == en  # the older one needs Japanese
    assert await d.take(agent, "security") is None  # capacity 1 on web chat
    assert (await assignees(d.engine))[en] == me
    assert set(await queued(d)) == {ja, more}


async def test_supervisor_moves_between_agents_and_queues(dispatch: Dispatch) -> None:
    d = dispatch
    a, b = await add_agents(
        d.engine,
        [AgentSpec("a@x.test", capacity={"*": 1}), AgentSpec("b@x.test", capacity={"*": 1})],
    )
    now = datetime.now(UTC)
    c1, c2 = await add_conversations(
        d.engine, d.redis, d.keys, [ConversationSpec("s1"), ConversationSpec("s2")], now
    )
    agent_a, agent_b = await get_agent(d.engine, a), await get_agent(d.engine, b)
    assert agent_a is not None
    assert agent_b is not None
    await d.assign_to_agent(c1, agent_a)  # straight from the queue, presence not needed
    assert (await assignees(d.engine))[c1] == a
    with pytest.raises(NoRoom):
        await d.assign_to_agent(c2, agent_a)
    await d.assign_to_agent(c1, agent_b)  # transfer: a's seat is freed
    await d.assign_to_agent(c2, agent_a)
    assert await assignees(d.engine) == {c1: b, c2: a}
    await d.assign_to_queue(c1, "vip")
    assert (await queued(d)) == {c1: "vip"}
    assert (await assignees(d.engine))[c1] is None
    assert await d.redis.hgetall(d.dkeys.load(b)) == {b"webchat": b"0"}


async def test_router_never_queues_a_held_conversation(dispatch: Dispatch) -> None:
    d = dispatch
    (a,) = await add_agents(d.engine, [AgentSpec("a@x.test")])
    await online(d, a)
    (cid,) = await add_conversations(
        d.engine, d.redis, d.keys, [ConversationSpec("held")], datetime.now(UTC)
    )
    await rounds(Dispatcher(d), 1)
    async with d.redis.pipeline(transaction=False) as pipe:  # a router that read SQL just before
        await Queues(d.redis, d.keys).place(pipe, [Placement(cid, "general", 50, 0)])
        await pipe.execute()
    assert await queued(d) == {}


async def test_crash_between_redis_and_sql_is_repaired_at_start(dispatch: Dispatch) -> None:
    d = dispatch
    a, b = await add_agents(d.engine, [AgentSpec("a@x.test"), AgentSpec("b@x.test")])
    await online(d, a, b)
    now = datetime.now(UTC)
    reserved, lost, let_go = await add_conversations(
        d.engine,
        d.redis,
        d.keys,
        [ConversationSpec("r1"), ConversationSpec("r2"), ConversationSpec("r3")],
        now,
    )
    at = int(now.timestamp() * 1000)
    # 1. reserved in Redis, then the process died before writing SQL
    got = await d.scripts.reserve(
        reserved, "general", "webchat", [a], state=HoldState.ASSIGNED, now_ms=at
    )
    assert not isinstance(got, str)
    # 2. assigned in SQL, but Redis lost the holding (and the load) since
    async with d.engine.begin() as conn:
        await conn.execute(
            update(conversations)
            .where(conversations.c.id == lost)
            .values(assignee_id=b, assign_seq=7)
        )
    await d.redis.hdel(d.keys.queue_index, lost)
    await d.redis.zrem(d.keys.queue("general"), lost)
    # 3. assigned in both, then let go in Redis (done) and the process died before SQL
    await d.assign_to_agent(let_go, (await get_agent(d.engine, b)))  # type: ignore[arg-type]
    assert await d.scripts.release(let_go, requeue=False) is not None
    await d.redis.hset(d.dkeys.load(a), "webchat", 5)  # and a load that drifted
    repaired = await reconcile(d)
    assert (repaired.rolled_forward, repaired.restored, repaired.cleared) == (1, 1, 1)
    assert await assignees(d.engine) == {reserved: a, lost: b, let_go: None}
    assert await d.redis.hgetall(d.dkeys.load(a)) == {b"webchat": b"1"}
    assert await d.redis.hgetall(d.dkeys.load(b)) == {b"webchat": b"1"}
    assert int(await d.redis.get(d.dkeys.seq)) > 7  # type: ignore[arg-type]
    again = await reconcile(d)
    assert (again.rolled_forward, again.restored, again.cleared) == (0, 0, 0)


async def test_work_given_to_an_offline_agent_returns_after_the_grace(dispatch: Dispatch) -> None:
    d = dispatch  # grace 300 ms
    (absent,) = await add_agents(d.engine, [AgentSpec("absent@x.test")])
    (cid,) = await add_conversations(
        d.engine, d.redis, d.keys, [ConversationSpec("handed")], datetime.now(UTC)
    )
    agent = await get_agent(d.engine, absent)
    assert agent is not None
    await d.assign_to_agent(cid, agent)  # a supervisor's choice, while they are offline
    dispatcher = Dispatcher(d)
    assert await dispatcher.watch() == 0  # not at once
    await asyncio.sleep(0.35)
    assert await dispatcher.watch() == 1
    assert await queued(d) == {cid: "general"}
    assert (await assignees(d.engine))[cid] is None
