"""What the web chat reads and writes in SQL: customers behind a chat, its history,
contact emails and ratings. Every write is idempotent (a replayed frame changes nothing
twice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from router.models import Direction, customer_id_for
from router.store.schema import (
    conversation_ratings,
    conversations,
    customer_contacts,
    customers,
    identities,
    messages,
    threads,
)
from router.store.sql import insert_ignoring_conflicts

CHANNEL = "webchat"
# The host site's account id as a channel identity: the key that joins a verified chat to
# the customer record the exchange already has (written by CRM sync or other connectors).
ACCOUNT_CHANNEL = "account"
HISTORY_LIMIT = 200


class NotYourConversation(LookupError):
    """The conversation does not belong to this chat."""


@dataclass(frozen=True, slots=True)
class HistoryItem:
    id: str  # the widget's client id for the visitor's own messages, else our message id
    mine: bool
    author: str  # "visitor", "agent" or "bot"
    text: str
    at: datetime
    attachments: tuple[dict[str, Any], ...]
    conversation_id: str


@dataclass(frozen=True, slots=True)
class CurrentConversation:
    id: str
    status: str
    queue: str


async def _owner(conn: AsyncConnection, channel: str, external_id: str) -> str | None:
    query = select(identities.c.customer_id).where(
        identities.c.channel == channel, identities.c.external_id == external_id
    )
    found = (await conn.execute(query)).scalar()
    return str(found) if found is not None else None


async def customer_of(engine: AsyncEngine, sender_id: str) -> str:
    """The customer a chat sender is (or will be, once the router sees their first line)."""
    async with engine.connect() as conn:
        return await _owner(conn, CHANNEL, sender_id) or customer_id_for(CHANNEL, sender_id)


async def link_verified(engine: AsyncEngine, user_id: str, name: str, now: datetime) -> str:
    """The customer record of a verified user, its chat identity joined to it.

    An existing record is found by the account identity (or an earlier verified chat);
    otherwise one is created holding both identities. Safe to run concurrently and again.
    """
    sender = f"u:{user_id}"
    async with engine.begin() as conn:
        owner = await _owner(conn, ACCOUNT_CHANNEL, user_id) or await _owner(conn, CHANNEL, sender)
        if owner is None:
            owner = customer_id_for(ACCOUNT_CHANNEL, user_id)
            row = {"id": owner, "display_name": name, "vip_tier": "", "language": ""}
            await conn.execute(
                insert_ignoring_conflicts(conn, customers).values(**row, created_at=now)
            )
        for channel, external_id in ((ACCOUNT_CHANNEL, user_id), (CHANNEL, sender)):
            await conn.execute(
                insert_ignoring_conflicts(conn, identities).values(
                    channel=channel,
                    external_id=external_id,
                    customer_id=owner,
                    display_name=name,
                    created_at=now,
                )
            )
        # A concurrent first visit may have won with another record: report the real owner.
        return await _owner(conn, CHANNEL, sender) or owner


async def save_contact(
    engine: AsyncEngine, customer_id: str, email: str, name: str, now: datetime
) -> None:
    values = {"email": email, "name": name, "source": CHANNEL, "updated_at": now}
    async with engine.begin() as conn:
        inserted = await conn.execute(
            insert_ignoring_conflicts(conn, customer_contacts).values(
                customer_id=customer_id, **values
            )
        )
        if inserted.rowcount == 0:
            keep = {k: v for k, v in values.items() if v or k == "updated_at"}
            await conn.execute(
                update(customer_contacts)
                .where(customer_contacts.c.customer_id == customer_id)
                .values(**keep)
            )


async def conversation_of_message(engine: AsyncEngine, message_id: str) -> str | None:
    """The conversation a stored message belongs to (None: not stored yet)."""
    query = select(messages.c.conversation_id).where(messages.c.id == message_id)
    async with engine.connect() as conn:
        found = (await conn.execute(query)).scalar()
    return str(found) if found is not None else None


async def current_conversation(engine: AsyncEngine, thread_key: str) -> CurrentConversation | None:
    c = conversations.c
    query = (
        select(c.id, c.status, c.queue)
        .select_from(threads.join(conversations, threads.c.conversation_id == c.id))
        .where(threads.c.channel == CHANNEL, threads.c.thread_key == thread_key)
    )
    async with engine.connect() as conn:
        row = (await conn.execute(query)).first()
    return CurrentConversation(row.id, row.status, row.queue) if row is not None else None


def _item(row: Any) -> HistoryItem:
    mine = row.direction == Direction.INBOUND.value
    author = "visitor" if mine else ("bot" if row.kind == "auto_reply" else "agent")
    client_id = (row.external_id or "").rpartition("/")[2]
    return HistoryItem(
        id=client_id if mine else row.id,
        mine=mine,
        author=author,
        text=row.text,
        at=row.sent_at,
        attachments=tuple(row.attachments or ()),
        conversation_id=row.conversation_id,
    )


async def history(
    engine: AsyncEngine, thread_key: str, limit: int = HISTORY_LIMIT
) -> list[HistoryItem]:
    """The chat's last ``limit`` messages, oldest first, across its conversations."""
    m = messages.c
    ids = select(conversations.c.id).where(
        conversations.c.channel == CHANNEL, conversations.c.thread_key == thread_key
    )
    query = (
        select(
            m.id,
            m.direction,
            m.kind,
            m.external_id,
            m.text,
            m.sent_at,
            m.attachments,
            m.conversation_id,
        )
        .where(m.conversation_id.in_(ids))
        .order_by(m.sent_at.desc(), m.stream_id.desc())
        .limit(limit)
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [_item(r) for r in reversed(rows)]


async def rate(
    engine: AsyncEngine,
    thread_key: str,
    conversation_id: str,
    rating: int,
    comment: str,
    now: datetime,
) -> None:
    """Store (or replace) the rating of one of this chat's conversations."""
    owned = select(conversations.c.id).where(
        conversations.c.id == conversation_id,
        conversations.c.channel == CHANNEL,
        conversations.c.thread_key == thread_key,
    )
    async with engine.begin() as conn:
        if (await conn.execute(owned)).first() is None:
            raise NotYourConversation(conversation_id)
        values = {"rating": rating, "comment": comment, "updated_at": now}
        inserted = await conn.execute(
            insert_ignoring_conflicts(conn, conversation_ratings).values(
                conversation_id=conversation_id, channel=CHANNEL, created_at=now, **values
            )
        )
        if inserted.rowcount == 0:
            await conn.execute(
                update(conversation_ratings)
                .where(conversation_ratings.c.conversation_id == conversation_id)
                .values(**values)
            )
