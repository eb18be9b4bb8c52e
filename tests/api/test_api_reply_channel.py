"""Replying on another channel of the same customer: a verified web chat visitor who also
wrote on the log channel may be answered there, and only where they have an identity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from api_seeding import T0, Seeded, Seeder
from redis.asyncio import Redis
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.codec import decode
from router.keys import Keys
from router.models import Outbound
from router.outbound import relay_unsent
from router.settings import Settings
from router.store.schema import identities, messages, outbox

pytestmark = pytest.mark.inbox


async def _entries(redis: Redis, keys: Keys, channel: str) -> list[Outbound]:
    return [decode(f, Outbound) for _id, f in await redis.xrange(keys.outbound(channel))]


async def _with_identities(engine: AsyncEngine, seeded: Seeded, *found: tuple[str, str]) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(identities),
            [
                {
                    "channel": c,
                    "external_id": e,
                    "customer_id": seeded.customer_id,
                    "created_at": T0,
                }
                for c, e in found
            ],
        )


async def test_a_reply_goes_out_on_another_channel_of_the_customer(
    client: httpx.AsyncClient, seed: Seeder, redis: Redis, settings: Settings, engine: AsyncEngine
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("visitor-1", channel="webchat")
    await _with_identities(engine, seeded, ("log", "ops-desk-7"), ("account", "u-7"))
    url = f"/api/conversations/{seeded.conversation_id}/replies"

    response = await client.post(url, json={"text": "Answered by log", "channel": "log"})

    assert response.status_code == 202, response.text
    body = response.json()
    assert (body["channel"], body["recipient"]) == ("log", "ops-desk-7")
    [sent] = await _entries(redis, keys, "log")
    assert (sent.id, sent.recipient, sent.thread_key) == (body["id"], "ops-desk-7", "ops-desk-7")
    assert sent.in_reply_to == ""  # a web chat message id means nothing on another channel
    assert await _entries(redis, keys, "webchat") == []
    detail = (await client.get(f"/api/conversations/{seeded.conversation_id}")).json()
    last = detail["messages"][-1]
    assert (last["id"], last["channel"], last["direction"]) == (body["id"], "log", "out")

    # Without a channel the reply stays on the conversation's own.
    same = await client.post(url, json={"text": "Answered here"})
    assert (same.json()["channel"], same.json()["recipient"]) == ("webchat", "cust-visitor-1")
    assert [o.text for o in await _entries(redis, keys, "webchat")] == ["Answered here"]


@pytest.mark.parametrize("channel", ["email", "account", "telegram"])
async def test_a_channel_the_customer_has_no_identity_on_is_refused(
    client: httpx.AsyncClient,
    seed: Seeder,
    redis: Redis,
    settings: Settings,
    engine: AsyncEngine,
    channel: str,
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("visitor-1", channel="webchat")
    await _with_identities(engine, seeded, ("account", "u-7"))  # a user id, not a channel

    response = await client.post(
        f"/api/conversations/{seeded.conversation_id}/replies",
        json={"text": "Nowhere to go", "channel": channel},
    )

    assert response.status_code == 422, response.text
    assert channel in response.json()["detail"]
    async with engine.connect() as conn:
        stored = await conn.execute(select(messages.c.id).where(messages.c.text == "Nowhere to go"))
        assert stored.all() == []
    assert await _entries(redis, keys, channel) == []


async def test_a_malformed_channel_is_refused(client: httpx.AsyncClient, seed: Seeder) -> None:
    seeded = await seed("t1")
    response = await client.post(
        f"/api/conversations/{seeded.conversation_id}/replies",
        json={"text": "hi", "channel": "../etc"},
    )
    assert response.status_code == 422


async def test_a_relayed_reply_keeps_its_channel_and_recipient(
    client: httpx.AsyncClient, seed: Seeder, redis: Redis, settings: Settings, engine: AsyncEngine
) -> None:
    """A crash between the commit and the XADD: the relay re-sends on the reply's channel."""
    keys = Keys(settings.key_prefix)
    seeded = await seed("visitor-1", channel="webchat")
    await _with_identities(engine, seeded, ("log", "ops-desk-7"))
    response = await client.post(
        f"/api/conversations/{seeded.conversation_id}/replies",
        json={"text": "Relayed by log", "channel": "log"},
    )
    reply_id = response.json()["id"]
    await redis.delete(keys.outbound("log"))  # as if the XADD never happened
    async with engine.begin() as conn:
        await conn.execute(insert(outbox).values(message_id=reply_id, created_at=T0))

    later = datetime.now(UTC) + timedelta(minutes=5)
    assert await relay_unsent(engine, redis, keys, timedelta(seconds=30), later) == 1

    [relayed] = await _entries(redis, keys, "log")
    assert (relayed.id, relayed.recipient, relayed.thread_key) == (
        reply_id,
        "ops-desk-7",
        "ops-desk-7",
    )
    assert await _entries(redis, keys, "webchat") == []
