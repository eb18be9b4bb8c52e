"""Changes agents make to a conversation: SQL first (the record), then its live queue.

Each change is one SQL transaction, then one Redis step on the conversation's queue
(place or remove, both idempotent Lua scripts of :mod:`router.placement`), then an event
for live UIs. A crash between the two leaves SQL right and the queue stale until the next
change or a router start, which rebuilds queues from SQL (``router.requeue``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from redis.asyncio import Redis
from sqlalchemy import Row, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from router.consumer import describe, is_transient, sleep_unless_stopped
from router.events import Event, publish_events
from router.keys import Keys
from router.models import ConversationStatus, stable_id
from router.placement import Placement, Queues
from router.store.schema import conversations, merges, messages, snoozes, threads
from router.store.sql import insert_ignoring_conflicts

log = structlog.get_logger(__name__)

AnyRow = Row[*tuple[Any, ...]]

WAITING = (ConversationStatus.OPEN.value, ConversationStatus.PENDING.value)
NOTE_DIRECTION = "internal"  # neither in nor out: the outbox relay never sees it
NOTE_KIND = "note"
UPDATED = "conversation.updated"


class NotFound(LookupError):
    pass


class Refused(ValueError):
    """The change makes no sense for this conversation (said in the message)."""


@dataclass(frozen=True, slots=True)
class Live:
    """What a change needs besides SQL: Redis for the queues and events."""

    engine: AsyncEngine
    redis: Redis
    keys: Keys
    event_maxlen: int

    async def announce(self, row: AnyRow, change: str, **data: str) -> None:
        # The status travels too: the web chat tells its visitor when their chat is resolved.
        fields = {"change": change, "status": row.status, **data}
        event = Event(UPDATED, row.id, queue=row.queue, data=fields)
        await publish_events(self.redis, self.keys, [event], self.event_maxlen)

    async def enqueue(self, row: AnyRow) -> None:
        placement = Placement(row.id, row.queue, row.priority, int(time.time() * 1000))
        async with self.redis.pipeline(transaction=False) as pipe:
            await Queues(self.redis, self.keys).place(pipe, [placement])
            await pipe.execute()

    async def dequeue(self, conversation_id: str) -> None:
        await Queues(self.redis, self.keys).remove(conversation_id)

    async def queued(self, conversation_id: str) -> bool:
        return bool(await self.redis.hexists(self.keys.queue_index, conversation_id))


async def _row(conn: AsyncConnection, conversation_id: str) -> AnyRow:
    query = select(conversations).where(conversations.c.id == conversation_id)
    row = (await conn.execute(query)).first()
    if row is None:
        raise NotFound(conversation_id)
    return row


async def _change(
    live: Live, conversation_id: str, now: datetime, **values: Any
) -> tuple[AnyRow, AnyRow]:
    """Update one conversation; the rows before and after."""
    async with live.engine.begin() as conn:
        before = await _row(conn, conversation_id)
        await conn.execute(
            update(conversations)
            .where(conversations.c.id == conversation_id)
            .values(updated_at=now, **values)
        )
        after = await _row(conn, conversation_id)
    return before, after


async def set_tags(live: Live, conversation_id: str, tags: Sequence[str], now: datetime) -> AnyRow:
    clean = list(dict.fromkeys(t.strip() for t in tags if t.strip()))
    _, after = await _change(live, conversation_id, now, tags=clean)
    await live.announce(after, "tags")
    return after


async def set_priority(live: Live, conversation_id: str, priority: int, now: datetime) -> AnyRow:
    _, after = await _change(live, conversation_id, now, priority=priority)
    if await live.queued(conversation_id):
        await live.enqueue(after)  # same queue, new score; its age is kept
    await live.announce(after, "priority")
    return after


async def transfer(live: Live, conversation_id: str, queue: str, now: datetime) -> AnyRow:
    """Into ``queue``, unassigned, waiting again (a resolved conversation is reopened)."""
    _, after = await _change(
        live,
        conversation_id,
        now,
        queue=queue,
        assignee_id=None,
        status=ConversationStatus.OPEN.value,
        resolved_at=None,
    )
    await _forget_snooze(live, conversation_id)
    await live.enqueue(after)
    await live.announce(after, "transfer")
    return after


async def resolve(live: Live, conversation_id: str, now: datetime) -> AnyRow:
    _, after = await _change(
        live, conversation_id, now, status=ConversationStatus.RESOLVED.value, resolved_at=now
    )
    await _forget_snooze(live, conversation_id)
    await live.dequeue(conversation_id)
    await live.announce(after, "resolve")
    return after


async def reopen(live: Live, conversation_id: str, now: datetime) -> AnyRow:
    _, after = await _change(
        live, conversation_id, now, status=ConversationStatus.OPEN.value, resolved_at=None
    )
    await _forget_snooze(live, conversation_id)
    if not after.assignee_id:
        await live.enqueue(after)
    await live.announce(after, "reopen")
    return after


async def snooze(
    live: Live, conversation_id: str, until: datetime, agent_id: str, now: datetime
) -> AnyRow:
    if until <= now:
        raise Refused("snooze until a time in the future")
    async with live.engine.begin() as conn:
        row = await _row(conn, conversation_id)
        if row.status == ConversationStatus.RESOLVED.value:
            raise Refused("a resolved conversation cannot be snoozed")
        await conn.execute(delete(snoozes).where(snoozes.c.conversation_id == conversation_id))
        await conn.execute(
            snoozes.insert().values(
                conversation_id=conversation_id, until=until, agent_id=agent_id, created_at=now
            )
        )
        await conn.execute(
            update(conversations)
            .where(conversations.c.id == conversation_id)
            .values(status=ConversationStatus.SNOOZED.value, updated_at=now)
        )
        after = await _row(conn, conversation_id)
    await live.dequeue(conversation_id)
    await live.announce(after, "snooze", until=until.isoformat())
    return after


async def _forget_snooze(live: Live, conversation_id: str) -> None:
    async with live.engine.begin() as conn:
        await conn.execute(delete(snoozes).where(snoozes.c.conversation_id == conversation_id))


async def wake_due(live: Live, now: datetime) -> list[str]:
    """Snoozes that are due: back to open and into their queue. Safe in several processes:
    the conditional UPDATE lets exactly one of them wake each conversation."""
    async with live.engine.connect() as conn:
        due = await conn.execute(select(snoozes.c.conversation_id).where(snoozes.c.until <= now))
        ids = [r.conversation_id for r in due]
    woken: list[str] = []
    for conversation_id in ids:
        async with live.engine.begin() as conn:
            changed = await conn.execute(
                update(conversations)
                .where(conversations.c.id == conversation_id)
                .where(conversations.c.status == ConversationStatus.SNOOZED.value)
                .values(status=ConversationStatus.OPEN.value, updated_at=now)
            )
            await conn.execute(delete(snoozes).where(snoozes.c.conversation_id == conversation_id))
            row = await _row(conn, conversation_id)
        if changed.rowcount:
            if not row.assignee_id:
                await live.enqueue(row)
            await live.announce(row, "wake")
            woken.append(conversation_id)
    return woken


async def add_note(
    live: Live, conversation_id: str, text: str, agent_id: str, key: str, now: datetime
) -> str:
    """An internal note: stored beside the messages, never on an outbound stream."""
    note_id = stable_id("note", key)
    async with live.engine.begin() as conn:
        row = await _row(conn, conversation_id)
        await conn.execute(
            insert_ignoring_conflicts(conn, messages).values(
                id=note_id,
                conversation_id=conversation_id,
                direction=NOTE_DIRECTION,
                channel=row.channel,
                external_id=None,
                sender_id="",
                author_id=agent_id or None,
                kind=NOTE_KIND,
                subject="",
                text=text,
                html="",
                attachments=[],
                language_hints=[],
                in_reply_to="",
                sent_at=now,
                received_at=now,
                stream_id="",
                idempotency_key=f"note:{key}",
                created_at=now,
            )
        )
    event = Event(
        "message.created", conversation_id, note_id, row.queue, {"direction": NOTE_DIRECTION}
    )
    await publish_events(live.redis, live.keys, [event], live.event_maxlen)
    return note_id


async def merge(live: Live, source_id: str, target_id: str, agent_id: str, now: datetime) -> AnyRow:
    """Move every message of ``source_id`` into ``target_id`` (same customer), point the
    source's threads at the target (follow-ups land there), resolve the source."""
    if source_id == target_id:
        raise Refused("a conversation cannot be merged into itself")
    async with live.engine.begin() as conn:
        source, target = await _row(conn, source_id), await _row(conn, target_id)
        if source.customer_id != target.customer_id:
            raise Refused("only conversations of one customer can be merged")
        moved = await conn.execute(
            update(messages)
            .where(messages.c.conversation_id == source_id)
            .values(conversation_id=target_id)
        )
        await conn.execute(
            update(threads)
            .where(threads.c.conversation_id == source_id)
            .values(conversation_id=target_id)
        )
        await conn.execute(
            update(conversations)
            .where(conversations.c.id == target_id)
            .values(
                message_count=target.message_count + source.message_count,
                last_message_at=max(target.last_message_at, source.last_message_at),
                tags=list(dict.fromkeys([*target.tags, *source.tags])),
                updated_at=now,
            )
        )
        await conn.execute(
            update(conversations)
            .where(conversations.c.id == source_id)
            .values(
                status=ConversationStatus.RESOLVED.value,
                resolved_at=now,
                message_count=0,
                updated_at=now,
            )
        )
        await conn.execute(
            insert_ignoring_conflicts(conn, merges).values(
                source_id=source_id, target_id=target_id, agent_id=agent_id, merged_at=now
            )
        )
        after = await _row(conn, target_id)
        source_after = await _row(conn, source_id)
    await live.dequeue(source_id)
    await live.announce(source_after, "merged", into=target_id, moved=str(moved.rowcount))
    await live.announce(after, "merge", source=source_id)
    return after


async def run_snooze_waker(live: Live, stop: asyncio.Event, every_s: float = 5.0) -> None:
    """Wake due snoozes every ``every_s`` until ``stop``; an outage is logged and waited out."""
    while not stop.is_set():
        try:
            await wake_due(live, datetime.now(UTC))
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("snooze.wake_failed", error=describe(exc))
        await sleep_unless_stopped(stop, every_s)
