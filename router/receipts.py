"""Delivery receipts from the connectors, applied to the outbound rows they describe.

Applying is idempotent: a row moves from ``queued`` (or ``failed``) to the receipt's status
once; a replayed receipt matches no row and publishes nothing. ``sent`` is final: a late
``failed`` receipt for an outbound the channel already accepted changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import structlog
from redis.asyncio import Redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from router.codec import Fields, decode
from router.consumer import BatchHandler
from router.events import Event, publish_events
from router.keys import Keys
from router.metrics import Metrics
from router.models import DeliveryReceipt, DeliveryStatus, Direction
from router.store.schema import messages
from router.stream import Entry

log = structlog.get_logger(__name__)

RECEIPTS_GROUP = "router"
_EVENT_TYPES = {DeliveryStatus.SENT: "message.delivered", DeliveryStatus.FAILED: "message.failed"}


async def _apply_one(conn: AsyncConnection, receipt: DeliveryReceipt) -> str | None:
    """Update the row; the conversation id if it changed, None if there was nothing to do."""
    stmt = (
        update(messages)
        .where(messages.c.id == receipt.outbound_id)
        .where(messages.c.direction == Direction.OUTBOUND.value)
        .where(messages.c.delivery_status != DeliveryStatus.SENT.value)
        .where(messages.c.delivery_status != receipt.status.value)
        .values(
            delivery_status=receipt.status.value,
            external_id=receipt.external_id or None,
            delivery_error=receipt.error or None,
            delivered_at=receipt.at,
        )
        .returning(messages.c.conversation_id)
    )
    conversation_id = (await conn.execute(stmt)).scalar()
    return None if conversation_id is None else str(conversation_id)


def _event(receipt: DeliveryReceipt, conversation_id: str) -> Event:
    return Event(
        type=_EVENT_TYPES[receipt.status],
        conversation_id=conversation_id,
        message_id=receipt.outbound_id,
        data={"channel": receipt.channel, "delivery_status": receipt.status.value},
    )


async def apply_receipts(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    receipts: Sequence[DeliveryReceipt],
    *,
    event_maxlen: int = 100_000,
    metrics: Metrics | None = None,
) -> None:
    events: list[Event] = []
    async with engine.begin() as conn:
        for receipt in receipts:
            if receipt.status not in _EVENT_TYPES:
                log.warning(
                    "receipt.ignored", outbound_id=receipt.outbound_id, status=receipt.status.value
                )
                continue
            conversation_id = await _apply_one(conn, receipt)
            if conversation_id is not None:
                events.append(_event(receipt, conversation_id))
    # Events go out after the commit: a crash in between redelivers the receipts, which
    # then change no row; a lost live-UI nudge is acceptable, a phantom one is not.
    await publish_events(redis, keys, events, event_maxlen)
    for event in events:
        log.info(event.type, outbound_id=event.message_id, conversation_id=event.conversation_id)
        if metrics is not None:
            metrics.messages_out.labels(event.data["channel"], event.data["delivery_status"]).inc()


def fields_of(entry: Entry) -> Fields:
    # Mapping is invariant in its key type; bytes keys are one of the two the codec reads.
    return cast(Fields, entry.fields)


def receipts_handler(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    *,
    event_maxlen: int = 100_000,
    metrics: Metrics | None = None,
) -> BatchHandler:
    """A handler for :func:`router.consumer.consume` over ``keys.receipts`` (group ``router``)."""

    async def handle(entries: Sequence[Entry]) -> None:
        receipts = [decode(fields_of(e), DeliveryReceipt) for e in entries]
        await apply_receipts(
            engine, redis, keys, receipts, event_maxlen=event_maxlen, metrics=metrics
        )

    return handle
