"""Reply through the API, send through a connector worker, see the receipt in the API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_seeding import Seeder
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.base import Connector, InboundSink, PermanentSendError, TransientSendError
from connectors.log import FILE_NAME, LogConnector
from connectors.worker import OutboundWorker, run_outbound_worker
from router.consumer import TransientError, consume
from router.keys import Keys
from router.models import DeliveryReceipt, Outbound
from router.receipts import RECEIPTS_GROUP, receipts_handler
from router.settings import Settings
from router.stream import StreamConsumer

pytestmark = pytest.mark.pipeline

DEADLINE_S = 15.0


async def eventually(check: Callable[[], Awaitable[Any]], what: str) -> Any:
    """Poll ``check`` until it returns something truthy, failing after the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + DEADLINE_S
    while loop.time() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


@asynccontextmanager
async def running(
    settings: Settings, redis: Redis, engine: AsyncEngine, connector: Connector
) -> AsyncIterator[None]:
    """The connector's outbound worker and the router's receipts consumer, joined at exit."""
    keys = Keys(settings.key_prefix)
    stop = asyncio.Event()
    receipts = StreamConsumer(
        redis, stream=keys.receipts, group=RECEIPTS_GROUP, consumer="test", block_ms=50
    )
    tasks = [
        asyncio.create_task(run_outbound_worker(settings, redis, connector, stop)),
        asyncio.create_task(consume(receipts, receipts_handler(engine, redis, keys), stop)),
    ]
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=DEADLINE_S)


class FlakyConnector:
    """Wraps the log connector; fails its first sends with the given errors."""

    def __init__(self, inner: LogConnector, failures: list[Exception]) -> None:
        self.inner = inner
        self.failures = failures
        self.calls = 0

    @property
    def channel(self) -> str:
        return self.inner.channel

    async def send(self, outbound: Outbound) -> DeliveryReceipt:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return await self.inner.send(outbound)

    async def run(self, sink: InboundSink, stop: asyncio.Event) -> None:
        await stop.wait()


async def _reply(client: httpx.AsyncClient, conversation_id: str, text: str) -> str:
    response = await client.post(
        f"/api/conversations/{conversation_id}/replies", json={"text": text}
    )
    assert response.status_code == 202
    message_id: str = response.json()["id"]
    return message_id


def _settled(client: httpx.AsyncClient, message_id: str) -> Callable[[], Awaitable[Any]]:
    async def check() -> dict[str, Any] | None:
        body: dict[str, Any] = (await client.get(f"/api/messages/{message_id}")).json()
        return body if body["delivery_status"] != "queued" else None

    return check


def _log_lines(settings: Settings) -> list[bytes]:
    path: Path = settings.data_dir / FILE_NAME
    return path.read_bytes().splitlines() if path.exists() else []


async def test_reply_is_sent_once_even_when_delivered_twice(
    client: httpx.AsyncClient,
    seed: Seeder,
    redis: Redis,
    settings: Settings,
    engine: AsyncEngine,
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("t1")
    async with running(settings, redis, engine, LogConnector(settings.data_dir)):
        message_id = await _reply(client, seeded.conversation_id, "Your parcel left today.")
        sent = await eventually(_settled(client, message_id), "the receipt")
        [(_id, fields)] = await redis.xrange(keys.outbound("log"))
        await redis.xadd(keys.outbound("log"), fields)  # the same outbound, delivered again
        await eventually(
            lambda: _receipts_at_least(redis, keys, 2), "the duplicate's re-emitted receipt"
        )

    assert sent["delivery_status"] == "sent"
    assert sent["external_id"].startswith("log-")
    assert sent["delivered_at"] is not None
    detail = (await client.get(f"/api/conversations/{seeded.conversation_id}")).json()
    reply = detail["messages"][-1]
    assert (reply["id"], reply["delivery_status"]) == (message_id, "sent")
    assert reply["external_id"] == sent["external_id"]
    assert len(_log_lines(settings)) == 1
    events = [f[b"type"] for _id, f in await redis.xrange(keys.events)]
    assert events.count(b"message.delivered") == 1


async def _receipts_at_least(redis: Redis, keys: Keys, n: int) -> bool:
    return int(await redis.xlen(keys.receipts)) >= n


async def test_a_transient_error_is_retried_after_its_retry_after(
    client: httpx.AsyncClient,
    seed: Seeder,
    redis: Redis,
    settings: Settings,
    engine: AsyncEngine,
) -> None:
    seeded = await seed("t1")
    connector = FlakyConnector(
        LogConnector(settings.data_dir),
        [TransientSendError("429 too many requests", retry_after=0.2)] * 2,
    )
    loop = asyncio.get_running_loop()
    async with running(settings, redis, engine, connector):
        started = loop.time()
        message_id = await _reply(client, seeded.conversation_id, "Hello again")
        sent = await eventually(_settled(client, message_id), "the receipt")
        elapsed = loop.time() - started

    assert sent["delivery_status"] == "sent"
    assert connector.calls == 3
    assert elapsed >= 0.4
    assert len(_log_lines(settings)) == 1


async def test_a_permanent_error_is_recorded_as_failed(
    client: httpx.AsyncClient,
    seed: Seeder,
    redis: Redis,
    settings: Settings,
    engine: AsyncEngine,
) -> None:
    keys = Keys(settings.key_prefix)
    seeded = await seed("t1")
    connector = FlakyConnector(
        LogConnector(settings.data_dir), [PermanentSendError("recipient blocked the bot")]
    )
    async with running(settings, redis, engine, connector):
        message_id = await _reply(client, seeded.conversation_id, "Are you there?")
        failed = await eventually(_settled(client, message_id), "the failed receipt")

    assert failed["delivery_status"] == "failed"
    assert failed["delivery_error"] == "recipient blocked the bot"
    assert failed["external_id"] is None
    assert connector.calls == 1
    assert _log_lines(settings) == []
    assert await redis.xlen(keys.dead_letter(keys.outbound("log"))) == 0
    events = [f[b"type"] for _id, f in await redis.xrange(keys.events)]
    assert b"message.failed" in events


class GatedConnector(FlakyConnector):
    """Blocks inside send until ``gate`` is set, to hold a send in flight."""

    def __init__(self, inner: LogConnector) -> None:
        super().__init__(inner, [])
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    async def send(self, outbound: Outbound) -> DeliveryReceipt:
        self.entered.set()
        await self.gate.wait()
        return await super().send(outbound)


async def test_a_send_in_flight_is_not_started_again_by_another_worker(
    redis: Redis, key_prefix: str, tmp_path: Path
) -> None:
    keys = Keys(key_prefix)
    connector = GatedConnector(LogConnector(tmp_path))
    first, second = OutboundWorker(redis, keys, connector), OutboundWorker(redis, keys, connector)
    outbound = Outbound(
        id="o-1",
        idempotency_key="k-1",
        conversation_id="c-1",
        channel="log",
        thread_key="t",
        recipient="r",
        text="hi",
        created_at=datetime.now(UTC),
    )
    in_flight = asyncio.create_task(first.deliver(outbound))
    await connector.entered.wait()

    with pytest.raises(TransientError):
        await second.deliver(outbound)
    connector.gate.set()
    receipt = await in_flight

    assert await second.deliver(outbound) == receipt
    assert connector.calls == 1
