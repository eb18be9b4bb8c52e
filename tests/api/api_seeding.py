"""Rows for API tests, inserted with plain SQL as the pipeline would have left them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from router.models import conversation_id_for, customer_id_for, message_id_for
from router.store.schema import conversations, customers, decisions, identities, messages

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Seeded:
    conversation_id: str
    customer_id: str
    message_ids: tuple[str, ...]


Seeder = Callable[..., Awaitable[Seeded]]


def _message_row(conversation_id: str, channel: str, sender: str, n: int) -> dict[str, Any]:
    at = T0 + timedelta(minutes=n)
    return {
        "id": message_id_for(channel, f"{conversation_id}-m{n}"),
        "conversation_id": conversation_id,
        "direction": "in",
        "channel": channel,
        "external_id": f"{conversation_id}-m{n}",
        "sender_id": sender,
        "text": f"customer message {n}",
        "subject": "Order question",
        "sent_at": at,
        "received_at": at,
        "stream_id": f"{1000 + n}-0",
        "created_at": at,
    }


def _decision_row(message_id: str, queue: str) -> dict[str, Any]:
    payload = {"matched_rules": ["billing-to-billing"], "trace": ["rule billing matched"]}
    return {
        "message_id": message_id,
        "ruleset_version": "v1",
        "queue": queue,
        "priority": 60,
        "payload": payload,
        "decided_at": T0,
    }


def seeder(engine: AsyncEngine) -> Seeder:
    """Insert a customer, its identity, a conversation and its inbound messages."""

    async def seed(
        thread: str = "thread-1",
        *,
        channel: str = "log",
        queue: str = "billing",
        status: str = "open",
        messages_count: int = 2,
        last_message_at: datetime = T0,
        with_identity: bool = True,
    ) -> Seeded:
        sender = f"cust-{thread}"
        customer_id = customer_id_for(channel, sender)
        conversation_id = conversation_id_for(channel, thread, 0)
        rows = [_message_row(conversation_id, channel, sender, n) for n in range(messages_count)]
        async with engine.begin() as conn:
            await conn.execute(
                insert(customers).values(
                    id=customer_id, display_name=f"Customer {thread}", created_at=T0
                )
            )
            if with_identity:
                await conn.execute(
                    insert(identities).values(
                        channel=channel, external_id=sender, customer_id=customer_id, created_at=T0
                    )
                )
            await conn.execute(
                insert(conversations).values(
                    id=conversation_id,
                    customer_id=customer_id,
                    channel=channel,
                    thread_key=thread,
                    status=status,
                    queue=queue,
                    priority=60,
                    tags=["vip"],
                    message_count=messages_count,
                    created_at=T0,
                    updated_at=last_message_at,
                    last_message_at=last_message_at,
                )
            )
            if rows:
                await conn.execute(insert(messages), rows)
                await conn.execute(insert(decisions), [_decision_row(r["id"], queue) for r in rows])
        return Seeded(conversation_id, customer_id, tuple(r["id"] for r in rows))

    return seed
