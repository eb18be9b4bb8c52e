"""From the router to an agent: the shipped rules' routing steps, stored with the decision,
are what the dispatcher carries out."""

from __future__ import annotations

from dataclasses import replace

import pytest
from dispatch_seeding import AgentSpec, add_agents
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from support.messages import inbound
from support.router import RouterHarness

from router.dispatch.agents import get_agent
from router.dispatch.engine import Dispatcher
from router.dispatch.model import Presence, Step
from router.dispatch.selection import position
from router.dispatch.service import Dispatch
from router.rules_decider import RulesDecider
from router.settings import DEFAULT_CONFIG_DIR, Settings
from router.store.schema import conversations
from routing_rules import load

pytestmark = pytest.mark.inbox


async def test_a_korean_takeover_waits_for_a_korean_security_agent_then_relaxes(
    settings: Settings, redis: Redis, engine: AsyncEngine, dispatch: Dispatch
) -> None:
    path = DEFAULT_CONFIG_DIR / "rules.yaml"
    rules = load(path.read_text(encoding="utf-8"), str(path))
    hacked = replace(
        inbound(1, channel="telegram", text="계정이 해킹당했어요, 출금이 되고 있어요"),
        language_hints=("ko",),
    )
    async with RouterHarness(settings, redis, engine, decider=RulesDecider(lambda: rules)) as r:
        await r.publish([hacked])
        await r.drain()
    async with engine.connect() as conn:
        (cid,) = (await conn.execute(select(conversations.c.id))).scalars().all()

    needs = await dispatch.requirements.get([cid])
    assert needs[cid].steps == (  # config/rules.yaml, rule account-takeover
        Step("security", 85, ("security", "lang:ko"), 60),
        Step("security", 85, ("security",), 240),
        Step("general", 95, ()),
    )
    assert position(needs[cid], "security", 61)[1].skills == ("security",)

    english, korean = await add_agents(
        engine,
        [
            AgentSpec("en@x.test", languages=["en"], skills=["security"], capacity={"*": 2}),
            AgentSpec("ko@x.test", languages=["ko"], skills=["security"], capacity={"*": 2}),
        ],
    )
    dispatcher = Dispatcher(dispatch)
    for agent_id in (english, korean):
        agent = await get_agent(engine, agent_id)
        assert agent is not None
        await dispatch.heartbeat(agent, Presence.ONLINE if agent_id == english else Presence.AWAY)
    await dispatcher.refresh_agents(force=True)
    assert await dispatcher.tick() == 0  # a fresh takeover needs a Korean speaker
    ko = await get_agent(engine, korean)
    assert ko is not None
    await dispatch.heartbeat(ko, Presence.ONLINE)
    assert await dispatcher.tick() == 1
    async with engine.connect() as conn:
        assignee = (await conn.execute(select(conversations.c.assignee_id))).scalar_one()
    assert assignee == korean
