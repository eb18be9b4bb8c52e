"""Replies on their way out: the stored row first, then the channel's outbound stream.

:func:`create_reply` commits the outbound message row (status ``queued``) and its ``outbox``
row before it XADDs, so the database is the record of intent. Once the XADD is done the
outbox row is deleted; a crash between the commit and the delete leaves an outbox row that
:func:`relay_unsent` re-publishes later. A reply published twice is sent once, because the
connector worker keeps a sent-marker per idempotency key.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from redis.asyncio import Redis
from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from router.codec import encode
from router.consumer import describe, is_transient, sleep_unless_stopped
from router.events import Event, publish_events
from router.keys import Keys
from router.models import Attachment, DeliveryStatus, Direction, Outbound, OutboundKind, stable_id
from router.store.schema import conversations, identities, messages, outbox
from router.store.sql import insert_ignoring_conflicts

log = structlog.get_logger(__name__)

AnyRow = Row[*tuple[Any, ...]]

DEFAULT_EVENT_MAXLEN = 100_000
RELAY_BATCH = 500


class ConversationNotFound(LookupError):
    pass


class NoRecipient(LookupError):
    """The conversation's customer has no identity on the channel the reply is for."""


# Identities that name a customer but cannot be written to: ``account`` is the host site's
# user id of a verified web chat visitor, not a channel.
UNREACHABLE_CHANNELS = frozenset({"account"})


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def outbound_id_for(idempotency_key: str) -> str:
    return stable_id("outbound", idempotency_key)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


async def _conversation(conn: AsyncConnection, conversation_id: str) -> AnyRow:
    row = (
        await conn.execute(select(conversations).where(conversations.c.id == conversation_id))
    ).first()
    if row is None:
        raise ConversationNotFound(conversation_id)
    return row


async def _recipient(conn: AsyncConnection, customer_id: str, channel: str) -> str:
    """The customer's oldest identity on ``channel``: who a reply there goes to."""
    if channel in UNREACHABLE_CHANNELS:
        raise NoRecipient(channel)
    query = (
        select(identities.c.external_id)
        .where(identities.c.customer_id == customer_id)
        .where(identities.c.channel == channel)
        .order_by(identities.c.created_at)
        .limit(1)
    )
    recipient = (await conn.execute(query)).scalar()
    if recipient is None:
        raise NoRecipient(channel)
    return str(recipient)


def _thread_key(conversation: AnyRow, channel: str, recipient: str) -> str:
    """The conversation's thread on its own channel; on another channel of the customer a
    thread of its own, keyed by the recipient (the web chat's thread is its visitor)."""
    return conversation.thread_key if channel == conversation.channel else recipient


async def _last_inbound(conn: AsyncConnection, conversation_id: str) -> AnyRow | None:
    query = (
        select(messages.c.external_id, messages.c.subject)
        .where(messages.c.conversation_id == conversation_id)
        .where(messages.c.direction == Direction.INBOUND.value)
        .order_by(messages.c.sent_at.desc(), messages.c.stream_id.desc())
        .limit(1)
    )
    return (await conn.execute(query)).first()


async def _outbound_of(conn: AsyncConnection, row: AnyRow) -> Outbound:
    """Rebuild the Outbound of a stored outbound row (recipient from the conversation)."""
    conversation = await _conversation(conn, row.conversation_id)
    recipient = await _recipient(conn, conversation.customer_id, row.channel)
    return Outbound(
        id=row.id,
        idempotency_key=row.idempotency_key,
        conversation_id=row.conversation_id,
        channel=row.channel,
        thread_key=_thread_key(conversation, row.channel, recipient),
        recipient=recipient,
        text=row.text,
        created_at=_utc(row.created_at),
        kind=OutboundKind(row.kind),
        author_id=row.author_id or "",
        subject=row.subject,
        html=row.html,
        in_reply_to=row.in_reply_to,
        attachments=tuple(Attachment(**a) for a in row.attachments or ()),
    )


async def _stored_outbound(conn: AsyncConnection, idempotency_key: str) -> AnyRow | None:
    query = select(messages).where(messages.c.idempotency_key == idempotency_key)
    return (await conn.execute(query)).first()


def outbox_row(outbound: Outbound, now: datetime) -> dict[str, Any]:
    return {"message_id": outbound.id, "created_at": now}


def outbound_row(outbound: Outbound, now: datetime) -> dict[str, Any]:
    return {
        "id": outbound.id,
        "conversation_id": outbound.conversation_id,
        "direction": Direction.OUTBOUND.value,
        "channel": outbound.channel,
        "external_id": None,
        "sender_id": "",
        "author_id": outbound.author_id or None,
        "kind": outbound.kind.value,
        "subject": outbound.subject,
        "text": outbound.text,
        "html": outbound.html,
        "attachments": [],
        "language_hints": [],
        "in_reply_to": outbound.in_reply_to,
        "sent_at": now,
        "received_at": now,
        "stream_id": "",
        "idempotency_key": outbound.idempotency_key,
        "delivery_status": DeliveryStatus.QUEUED.value,
        "created_at": now,
    }


async def _build(
    conn: AsyncConnection,
    conversation: AnyRow,
    *,
    text: str,
    author_id: str,
    idempotency_key: str,
    kind: OutboundKind,
    now: datetime,
    channel: str,
) -> Outbound:
    last = await _last_inbound(conn, conversation.id)
    recipient = await _recipient(conn, conversation.customer_id, channel)
    # The last message's id threads a reply on its own channel only.
    same_channel = last is not None and channel == conversation.channel
    return Outbound(
        id=outbound_id_for(idempotency_key),
        idempotency_key=idempotency_key,
        conversation_id=conversation.id,
        channel=channel,
        thread_key=_thread_key(conversation, channel, recipient),
        recipient=recipient,
        text=text,
        created_at=now,
        kind=kind,
        author_id=author_id,
        subject=last.subject if last is not None else "",
        in_reply_to=(last.external_id or "") if same_channel and last is not None else "",
    )


async def create_reply(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    *,
    conversation_id: str,
    text: str,
    author_id: str,
    idempotency_key: str,
    now: datetime,
    kind: OutboundKind = OutboundKind.REPLY,
    event_maxlen: int = DEFAULT_EVENT_MAXLEN,
    channel: str | None = None,
) -> Outbound:
    """Record and queue a reply; a repeated ``idempotency_key`` returns the first one.

    ``channel``: another channel of the same customer to answer on (default: the
    conversation's); :class:`NoRecipient` when the customer has no identity there."""
    async with engine.begin() as conn:
        stored = await _stored_outbound(conn, idempotency_key)
        if stored is not None:
            return await _outbound_of(conn, stored)
        conversation = await _conversation(conn, conversation_id)
        outbound = await _build(
            conn,
            conversation,
            text=text,
            author_id=author_id,
            idempotency_key=idempotency_key,
            kind=kind,
            now=now,
            channel=channel or conversation.channel,
        )
        inserted = await conn.execute(
            insert_ignoring_conflicts(conn, messages).values(**outbound_row(outbound, now))
        )
        if inserted.rowcount == 0:
            # Lost a race with a concurrent request carrying the same key.
            stored = await _stored_outbound(conn, idempotency_key)
            assert stored is not None
            return await _outbound_of(conn, stored)
        await conn.execute(outbox.insert().values(message_id=outbound.id, created_at=now))
    await publish_outbound(redis, keys, [outbound], event_maxlen, queue=conversation.queue)
    await mark_streamed(engine, [outbound.id])
    log.info(
        "outbound.queued",
        outbound_id=outbound.id,
        conversation_id=conversation_id,
        channel=outbound.channel,
        text_length=len(text),
    )
    return outbound


async def _xadd_outbounds(redis: Redis, keys: Keys, outbounds: Sequence[Outbound]) -> None:
    async with redis.pipeline(transaction=False) as pipe:
        for outbound in outbounds:
            pipe.xadd(keys.outbound(outbound.channel), encode(outbound))  # type: ignore[arg-type]
        await pipe.execute()


async def publish_outbound(
    redis: Redis, keys: Keys, outbounds: Sequence[Outbound], event_maxlen: int, queue: str = ""
) -> None:
    await _xadd_outbounds(redis, keys, outbounds)
    events = [
        Event(
            type="message.created",
            conversation_id=o.conversation_id,
            message_id=o.id,
            queue=queue,
            data={
                "direction": Direction.OUTBOUND.value,
                "channel": o.channel,
                "delivery_status": DeliveryStatus.QUEUED.value,
            },
        )
        for o in outbounds
    ]
    await publish_events(redis, keys, events, event_maxlen)


async def mark_streamed(engine: AsyncEngine, ids: Sequence[str]) -> None:
    """Only a reply whose XADD may not have happened is left for the relay; once out of the
    outbox, the relay does not stream it again however long its connector is down."""
    async with engine.begin() as conn:
        await conn.execute(delete(outbox).where(outbox.c.message_id.in_(ids)))


async def run_outbox_relay(
    engine: AsyncEngine, redis: Redis, keys: Keys, older_than: timedelta, stop: asyncio.Event
) -> None:
    """Relay stale queued replies every ``older_than`` until ``stop`` is set."""
    while not stop.is_set():
        try:
            await relay_unsent(engine, redis, keys, older_than, datetime.now(UTC))
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("outbox.relay_failed", error=describe(exc))
        await sleep_unless_stopped(stop, older_than.total_seconds())


async def relay_unsent(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    older_than: timedelta,
    now: datetime,
    limit: int = RELAY_BATCH,
) -> int:
    """Re-publish up to ``limit`` outbound rows still queued after ``older_than``; returns
    how many."""
    query = (
        select(messages)
        .join(outbox, outbox.c.message_id == messages.c.id)
        .where(outbox.c.created_at < now - older_than)
        .order_by(outbox.c.created_at)
        .limit(limit)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
        outbounds = [await _outbound_of(conn, row) for row in rows]
    if not outbounds:
        return 0
    await _xadd_outbounds(redis, keys, outbounds)
    await mark_streamed(engine, [o.id for o in outbounds])
    log.info("outbox.relayed", count=len(outbounds))
    return len(outbounds)
