"""The web chat connector keeps the Connector contract and hands replies to the live channel."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import orjson
import pytest
from redis.asyncio import Redis

from connectors.base import Connector, TransientSendError
from connectors.webchat.connector import WebchatConnector, live_channel
from router.keys import Keys
from router.models import DeliveryStatus, Outbound, OutboundKind

pytestmark = pytest.mark.webchat


def outbound(n: int, kind: OutboundKind = OutboundKind.REPLY) -> Outbound:
    return Outbound(
        id=f"out-{n}",
        idempotency_key=f"key-{n}",
        conversation_id="conv-1",
        channel="webchat",
        thread_key="v:visitor-1",
        recipient="v:visitor-1",
        text=f"Reply number {n}",
        created_at=datetime.now(UTC),
        kind=kind,
    )


async def test_send_hands_the_reply_to_every_web_chat_process(
    redis: Redis, key_prefix: str
) -> None:
    keys = Keys(key_prefix)
    connector = WebchatConnector(redis, keys, 1000)
    assert isinstance(connector, Connector)
    assert connector.profile.typing_indicator
    async with redis.pubsub() as listener:
        await listener.subscribe(live_channel(keys))
        await listener.get_message(timeout=1)  # the subscription confirmation
        first = await connector.send(outbound(1))
        second = await connector.send(outbound(2, OutboundKind.AUTO_REPLY))
        notes = [await listener.get_message(timeout=5) for _ in range(2)]
    assert (first.status, first.outbound_id) == (DeliveryStatus.SENT, "out-1")
    assert first.external_id != second.external_id
    frames = [orjson.loads(n["data"]) for n in notes if n is not None]
    assert [(f["thread"], f["frame"]["author"], f["frame"]["text"]) for f in frames] == [
        ("v:visitor-1", "agent", "Reply number 1"),
        ("v:visitor-1", "bot", "Reply number 2"),
    ]


async def test_redis_down_is_a_transient_send_error(key_prefix: str) -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
    connector = WebchatConnector(unreachable, Keys(key_prefix), 1000)
    with pytest.raises(TransientSendError, match="live channel"):
        await connector.send(outbound(1))
    await unreachable.aclose()


async def test_run_returns_when_stopped(redis: Redis, key_prefix: str) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(WebchatConnector(redis, Keys(key_prefix), 1).run(None, stop))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    assert not task.done()
    stop.set()
    await asyncio.wait_for(task, timeout=5)
