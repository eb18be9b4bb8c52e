"""Read-side SQL of the API: plain selects shaped for the response models."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Row, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from router.api.schemas import as_utc
from router.auth.access import Reader
from router.store.schema import conversations, customers, decisions, identities, messages

AnyRow = Row[*tuple[Any, ...]]


class BadCursor(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class ConversationFilter:
    queue: str | None = None
    status: str | None = None
    customer_id: str | None = None
    readable_by: Reader | None = None  # None: no restriction (callers inside the process)


@dataclass(frozen=True, slots=True)
class Cursor:
    last_message_at: datetime
    id: str

    def encode(self) -> str:
        raw = orjson.dumps([self.last_message_at.isoformat(), self.id])
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> Cursor:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
            stamp, conversation_id = orjson.loads(raw)
            return cls(as_utc(datetime.fromisoformat(stamp)), str(conversation_id))
        except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError) as exc:
            raise BadCursor("malformed cursor") from exc


def _filtered(query: Select[Any], flt: ConversationFilter) -> Select[Any]:
    c = conversations.c
    for column, value in (
        (c.queue, flt.queue),
        (c.status, flt.status),
        (c.customer_id, flt.customer_id),
    ):
        if value is not None:
            query = query.where(column == value)
    reader = flt.readable_by
    if reader is not None and reader.queues is not None:
        visible = c.assignee_id == reader.agent_id
        query = query.where(or_(c.queue.in_(sorted(reader.queues)), visible))
    return query


def _after(query: Select[Any], cursor: Cursor | None) -> Select[Any]:
    if cursor is None:
        return query
    c = conversations.c
    at = cursor.last_message_at
    return query.where(or_(c.last_message_at < at, and_(c.last_message_at == at, c.id < cursor.id)))


async def list_conversations(
    conn: AsyncConnection, flt: ConversationFilter, limit: int, cursor: Cursor | None
) -> tuple[list[AnyRow], Cursor | None]:
    """One page, newest activity first, and the cursor of the next page (None at the end)."""
    c = conversations.c
    query = _after(_filtered(select(conversations), flt), cursor)
    query = query.order_by(c.last_message_at.desc(), c.id.desc()).limit(limit + 1)
    rows = list((await conn.execute(query)).all())
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], Cursor(as_utc(last.last_message_at), last.id)


async def conversation(conn: AsyncConnection, conversation_id: str) -> AnyRow | None:
    query = select(conversations).where(conversations.c.id == conversation_id)
    return (await conn.execute(query)).first()


async def customer(conn: AsyncConnection, customer_id: str) -> tuple[AnyRow, list[AnyRow]]:
    row = (await conn.execute(select(customers).where(customers.c.id == customer_id))).one()
    query = (
        select(identities)
        .where(identities.c.customer_id == customer_id)
        .order_by(identities.c.created_at, identities.c.channel, identities.c.external_id)
    )
    return row, list((await conn.execute(query)).all())


def _messages_with_decisions() -> Select[Any]:
    return select(
        messages,
        decisions.c.ruleset_version.label("d_ruleset_version"),
        decisions.c.queue.label("d_queue"),
        decisions.c.priority.label("d_priority"),
        decisions.c.payload.label("d_payload"),
        decisions.c.decided_at.label("d_decided_at"),
    ).outerjoin(decisions, decisions.c.message_id == messages.c.id)


async def conversation_messages(conn: AsyncConnection, conversation_id: str) -> list[AnyRow]:
    query = (
        _messages_with_decisions()
        .where(messages.c.conversation_id == conversation_id)
        .order_by(messages.c.sent_at, messages.c.stream_id, messages.c.created_at)
    )
    return list((await conn.execute(query)).all())


async def message(conn: AsyncConnection, message_id: str) -> AnyRow | None:
    query = _messages_with_decisions().where(messages.c.id == message_id)
    row: AnyRow | None = (await conn.execute(query)).first()
    return row
