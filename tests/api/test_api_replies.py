from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from api_seeding import Seeder
from redis.asyncio import Redis
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.codec import decode
from router.events import decode_event
from router.keys import Keys
from router.metrics import Metrics
from router.models import DeliveryReceipt, DeliveryStatus, Outbound
from router.outbound import create_reply, relay_unsent
from router.receipts import apply_receipts
from router.settings import Settings
from router.store.schema import messages, outbox

pytestmark = pytest.mark.pipeline


async def _outbound_entries(redis: Redis, keys: Keys, channel: str = "log") -> list[Outbound]:
    return [decode(f, Outbound) for _id, f in await redis.xrange(keys.outbound(channel))]


async def test_reply_is_accepted_queued_and_published(
    client: httpx.AsyncClient, seed: Seeder, redis: Redis, settings: Settings
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("t1")

    response = await client.post(
        f"/api/conversations/{seeded.conversation_id}/replies",
        json={"text": "We refunded your order."},
    )

    assert response.status_code == 202
    body = response.json()
    assert body["delivery_status"] == "queued"
    assert body["recipient"] == "cust-t1"
    assert body["channel"] == "log"
    [queued] = await _outbound_entries(redis, keys)
    assert queued.id == body["id"]
    assert queued.text == "We refunded your order."
    assert queued.thread_key == "t1"
    assert queued.in_reply_to == f"{seeded.conversation_id}-m1"
    events = [decode_event(f) for _id, f in await redis.xrange(keys.events)]
    assert [(e.type, e.message_id, e.data["direction"]) for e in events] == [
        ("message.created", body["id"], "out")
    ]
    detail = (await client.get(f"/api/conversations/{seeded.conversation_id}")).json()
    last = detail["messages"][-1]
    assert (last["id"], last["direction"], last["delivery_status"]) == (body["id"], "out", "queued")
    assert last["decision"] is None


async def test_events_never_carry_the_text(
    client: httpx.AsyncClient, seed: Seeder, redis: Redis, settings: Settings
) -> None:
    seeded = await seed("t1")
    await client.post(
        f"/api/conversations/{seeded.conversation_id}/replies", json={"text": "secret-words"}
    )
    raw = await redis.xrange(Keys(settings.key_prefix).events)
    assert raw
    assert all(b"secret-words" not in value for _id, f in raw for value in f.values())


async def test_a_repeated_idempotency_key_returns_the_first_reply(
    client: httpx.AsyncClient, seed: Seeder, redis: Redis, settings: Settings, engine: AsyncEngine
) -> None:
    seeded = await seed("t1")
    url = f"/api/conversations/{seeded.conversation_id}/replies"
    first = await client.post(url, json={"text": "one", "idempotency_key": "k-1"})
    second = await client.post(url, json={"text": "two", "idempotency_key": "k-1"})

    assert first.status_code == second.status_code == 202
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["text"] == "one"
    assert len(await _outbound_entries(redis, Keys(settings.key_prefix))) == 1
    async with engine.connect() as conn:
        count = await conn.scalar(
            select(func.count()).select_from(messages).where(messages.c.direction == "out")
        )
    assert count == 1


async def test_unknown_conversation_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/conversations/nope/replies", json={"text": "hi"})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body", [{"text": ""}, {"text": "   \n"}, {}, {"text": "hi", "idempotency_key": ""}]
)
async def test_empty_text_is_422(client: httpx.AsyncClient, seed: Seeder, body: object) -> None:
    seeded = await seed("t1")
    response = await client.post(f"/api/conversations/{seeded.conversation_id}/replies", json=body)
    assert response.status_code == 422


async def test_a_customer_without_identity_on_the_channel_is_409(
    client: httpx.AsyncClient, seed: Seeder
) -> None:
    seeded = await seed("t1", with_identity=False)
    response = await client.post(
        f"/api/conversations/{seeded.conversation_id}/replies", json={"text": "hi"}
    )
    assert response.status_code == 409


async def test_relay_republishes_only_old_queued_replies(
    seed: Seeder, redis: Redis, settings: Settings, engine: AsyncEngine
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("t1")
    now = datetime.now(UTC)

    async def reply(key: str, at: datetime) -> Outbound:
        return await create_reply(
            engine,
            redis,
            keys,
            conversation_id=seeded.conversation_id,
            text=key,
            author_id="",
            idempotency_key=key,
            now=at,
        )

    old = await reply("old", now - timedelta(minutes=5))
    await reply("fresh", now)
    # As if the process died after its commit and before its XADD:
    await redis.delete(keys.outbound("log"))
    async with engine.begin() as conn:
        await conn.execute(
            insert(outbox).from_select(
                ["message_id", "created_at"],
                select(messages.c.id, messages.c.created_at).where(messages.c.direction == "out"),
            )
        )

    relayed = await relay_unsent(engine, redis, keys, timedelta(seconds=30), now)

    assert relayed == 1
    assert await _outbound_entries(redis, keys) == [old]
    # Streamed once, it is not streamed again while its connector catches up.
    assert await relay_unsent(engine, redis, keys, timedelta(seconds=30), now) == 0
    assert await _outbound_entries(redis, keys) == [old]


async def test_receipts_apply_once_and_sent_is_final(
    client: httpx.AsyncClient, seed: Seeder, redis: Redis, settings: Settings, engine: AsyncEngine
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("t1")
    outbound = await create_reply(
        engine,
        redis,
        keys,
        conversation_id=seeded.conversation_id,
        text="hi",
        author_id="",
        idempotency_key="k",
        now=datetime.now(UTC),
    )
    at = datetime.now(UTC)
    sent = DeliveryReceipt(outbound.id, "log", DeliveryStatus.SENT, at, external_id="x-1")
    late_failure = DeliveryReceipt(outbound.id, "log", DeliveryStatus.FAILED, at, error="boom")
    metrics = Metrics()

    for receipt in (sent, sent, late_failure):
        await apply_receipts(engine, redis, keys, [receipt], metrics=metrics)

    body = (await client.get(f"/api/messages/{outbound.id}")).json()
    assert (body["delivery_status"], body["external_id"], body["delivery_error"]) == (
        "sent",
        "x-1",
        None,
    )
    types = [f[b"type"] for _id, f in await redis.xrange(keys.events)]
    assert types.count(b"message.delivered") == 1
    assert b"message.failed" not in types
    assert b'messages_out_total{channel="log",status="sent"} 1.0' in metrics.render()
