"""The shipped rules inside the pipeline: where messages go, why, and what is answered."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from support.messages import inbound
from support.router import RouterHarness, rows

from router import codec
from router.keys import Keys
from router.models import Outbound, OutboundKind
from router.rules_decider import RulesDecider
from router.settings import Settings
from routing_rules import Ruleset

pytestmark = [pytest.mark.pipeline, pytest.mark.rules]


async def test_a_korean_account_takeover_goes_to_security_answered_in_korean(
    settings: Settings, redis: Redis, engine: AsyncEngine, shipped_rules: Ruleset
) -> None:
    decider = RulesDecider(lambda: shipped_rules)
    hacked = replace(
        inbound(1, channel="telegram", text="계정이 해킹당했어요, 출금이 되고 있어요"),
        language_hints=("ko",),
    )
    async with RouterHarness(settings, redis, engine, decider=decider) as router:
        await router.publish([hacked, inbound(2, text="hello there")])
        await router.drain()

    decided = await rows(
        engine,
        "select m.external_id, d.queue, d.priority, d.payload from messages m"
        " join decisions d on d.message_id = m.id order by m.external_id",
    )
    by_id = {r.external_id: r for r in decided}
    assert by_id["ext-1"].queue == "security"
    payload = by_id["ext-1"].payload
    payload = payload if isinstance(payload, dict) else json.loads(payload)
    assert "lang:ko" in payload["skills"]
    assert payload["outcome"] == "matched"
    assert any(line.startswith("account-takeover: yes") for line in payload["trace"])
    assert by_id["ext-2"].queue == "triage"  # nothing matched: triage, and said so

    replies = [
        codec.decode(fields, Outbound)
        for _, fields in await redis.xrange(Keys(settings.key_prefix).outbound("telegram"))
    ]
    assert {r.kind for r in replies} == {OutboundKind.AUTO_REPLY}
    assert all(r.recipient == hacked.sender.external_id for r in replies)
    assert any("비밀" in r.text or "시드" in r.text or "문구" in r.text for r in replies), [
        r.text for r in replies
    ]
    stored = await rows(
        engine,
        "select kind, delivery_status, outbox.message_id as unstreamed from messages"
        " left join outbox on outbox.message_id = messages.id"
        " where direction = 'out' and channel = 'telegram'",
    )
    assert len(stored) == len(replies) >= 1
    assert all(r.delivery_status == "queued" and r.unstreamed is None for r in stored)


async def test_a_replayed_batch_sends_no_second_auto_reply(
    settings: Settings, redis: Redis, engine: AsyncEngine, shipped_rules: Ruleset
) -> None:
    decider = RulesDecider(lambda: shipped_rules)
    message = inbound(1, channel="email", text="Where is my withdrawal?")
    async with RouterHarness(settings, redis, engine, decider=decider) as router:
        await router.publish([message])
        await router.drain()
        await router.publish([message])  # the connector delivered it again
        await router.drain()

    out = await rows(engine, "select idempotency_key from messages where direction = 'out'")
    assert len(out) == len({r.idempotency_key for r in out}) >= 1
    streamed = await redis.xlen(Keys(settings.key_prefix).outbound("email"))
    assert streamed == len(out)
