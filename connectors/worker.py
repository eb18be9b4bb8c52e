"""The outbound worker of one channel: outbound stream in, connector send, receipt out.

Delivery is at least once, sending is at most once per idempotency key:

- Before sending, the worker takes the sent-marker of the outbound's idempotency key as a
  short lease (``SET NX PX``). Holding it means nobody else is sending this reply; a worker
  that dies mid-send lets the lease expire, so the reply is not stranded.
- After the channel answered, the marker holds the receipt (a failed one too). A
  redelivered or relayed duplicate finds it and re-emits that receipt instead of sending.
- The receipt is XADDed to the receipts stream before the entry is acknowledged.
- A transient channel error releases the lease and becomes the consume loop's
  :class:`~router.consumer.TransientError` (carrying the channel's retry-after), so the
  entry is retried after capped exponential back-off, without being counted against it.
- A permanent channel error is a failed receipt, not a failed entry: it is recorded.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import orjson
import structlog
from redis.asyncio import Redis

from connectors.base import Connector, PermanentSendError, TransientSendError
from connectors.sink import RedisInboundSink
from router.codec import decode, encode
from router.consumer import TransientError, consume
from router.keys import Keys
from router.models import DeliveryReceipt, DeliveryStatus, Outbound
from router.receipts import fields_of
from router.settings import Settings
from router.stream import Entry, StreamConsumer

OUTBOUND_GROUP = "connectors"
# Sends are slow and done one by one; a small batch keeps claimed-but-waiting entries few.
SEND_BATCH = 16
LEASE_MS = 60_000
MARKER_TTL_S = 14 * 24 * 3600
_LEASE_PREFIX = b"lease:"
_RELEASE_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

log = structlog.get_logger(__name__)


def _marker_value(receipt: DeliveryReceipt) -> bytes:
    return orjson.dumps({k: v.decode() for k, v in encode(receipt).items()})


def _receipt_from_marker(value: bytes) -> DeliveryReceipt:
    return decode(orjson.loads(value), DeliveryReceipt)


def _failed(outbound: Outbound, error: str) -> DeliveryReceipt:
    return DeliveryReceipt(
        outbound_id=outbound.id,
        channel=outbound.channel,
        status=DeliveryStatus.FAILED,
        at=datetime.now(UTC),
        error=error,
    )


class OutboundWorker:
    def __init__(self, redis: Redis, keys: Keys, connector: Connector) -> None:
        self.redis = redis
        self.keys = keys
        self.connector = connector
        self._release = redis.register_script(_RELEASE_LUA)

    async def handle(self, entries: Sequence[Entry]) -> None:
        for entry in entries:
            outbound = decode(fields_of(entry), Outbound)
            receipt = await self.deliver(outbound)
            await self.redis.xadd(self.keys.receipts, encode(receipt))  # type: ignore[arg-type]

    async def deliver(self, outbound: Outbound) -> DeliveryReceipt:
        """The receipt of ``outbound``: the stored one if it was handled before, else send."""
        marker = self.keys.sent_marker(outbound.channel, outbound.idempotency_key)
        lease = _LEASE_PREFIX + uuid.uuid4().hex.encode()
        if not await self.redis.set(marker, lease, nx=True, px=LEASE_MS):
            return await self._earlier_receipt(marker, outbound)
        try:
            receipt = await self._send(outbound)
        except BaseException:
            await self._release(keys=[marker], args=[lease])
            raise
        await self.redis.set(marker, _marker_value(receipt), ex=MARKER_TTL_S)
        return receipt

    async def _earlier_receipt(self, marker: str, outbound: Outbound) -> DeliveryReceipt:
        raw = await self.redis.get(marker)
        value = raw.encode() if isinstance(raw, str) else raw
        if value is None or value.startswith(_LEASE_PREFIX):
            # Another worker is sending it right now (or just gave up): ask again later.
            raise TransientError(f"outbound {outbound.id} is being sent elsewhere", 1.0)
        log.info("outbound.duplicate", outbound_id=outbound.id, channel=outbound.channel)
        return _receipt_from_marker(value)

    async def _send(self, outbound: Outbound) -> DeliveryReceipt:
        try:
            receipt = await self.connector.send(outbound)
        except TransientSendError as exc:
            raise TransientError(str(exc), exc.retry_after) from exc
        except PermanentSendError as exc:
            log.warning(
                "outbound.rejected",
                outbound_id=outbound.id,
                channel=outbound.channel,
                error=str(exc),
            )
            return _failed(outbound, str(exc) or exc.__class__.__name__)
        log.info(
            "outbound.sent",
            outbound_id=outbound.id,
            channel=outbound.channel,
            external_id=receipt.external_id,
        )
        return receipt


def _consumer_name(channel: str) -> str:
    return f"{channel}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


async def run_outbound_worker(
    settings: Settings, redis: Redis, connector: Connector, stop: asyncio.Event
) -> None:
    """Consume the channel's outbound stream (group ``connectors``) until ``stop`` is set."""
    keys = Keys(settings.key_prefix)
    consumer = StreamConsumer(
        redis,
        stream=keys.outbound(connector.channel),
        group=OUTBOUND_GROUP,
        consumer=_consumer_name(connector.channel),
        batch=min(settings.router_batch, SEND_BATCH),
        block_ms=settings.router_block_ms,
        retry_idle_ms=settings.retry_idle_ms,
        max_deliveries=settings.max_deliveries,
        reclaim_every_ms=settings.reclaim_every_ms,
    )
    worker = OutboundWorker(redis, keys, connector)
    await consume(
        consumer,
        worker.handle,
        stop,
        backoff_base_ms=settings.backoff_base_ms,
        backoff_max_ms=settings.backoff_max_ms,
    )


async def run_connector(
    settings: Settings, redis: Redis, connector: Connector, stop: asyncio.Event
) -> None:
    """Both sides of one connector process: inbound into the router, outbound to the channel."""
    sink = RedisInboundSink(redis, Keys(settings.key_prefix))
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(connector.run(sink, stop))
        tasks.create_task(run_outbound_worker(settings, redis, connector, stop))
