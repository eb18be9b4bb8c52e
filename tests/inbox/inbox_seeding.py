"""Conversations for inbox tests, inserted as the pipeline would have left them."""

from __future__ import annotations

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
    message_id: str


async def seed_conversation(
    engine: AsyncEngine,
    thread: str,
    *,
    queue: str = "general",
    text: str = "hello, I need help",
    sender: str | None = None,
    name: str = "",
    channel: str = "log",
    tags: tuple[str, ...] = (),
    language: str = "en",
    assignee_id: str | None = None,
    status: str = "open",
    at: datetime = T0,
) -> Seeded:
    """One conversation with one inbound message and its routing decision. Several
    threads of one ``sender`` share a customer."""
    sender = sender or f"cust-{thread}"
    customer_id = customer_id_for(channel, sender)
    conversation_id = conversation_id_for(channel, thread, 0)
    message_id = message_id_for(channel, f"{thread}-m0")
    async with engine.begin() as conn:
        known = await conn.execute(customers.select().where(customers.c.id == customer_id))
        if known.first() is None:
            await conn.execute(
                insert(customers).values(
                    id=customer_id, display_name=name or f"Customer {sender}", created_at=T0
                )
            )
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
                priority=50,
                language=language,
                topic="general",
                urgency="normal",
                assignee_id=assignee_id,
                tags=list(tags),
                message_count=1,
                created_at=at,
                updated_at=at,
                last_message_at=at,
            )
        )
        await conn.execute(
            insert(messages).values(
                **_message(message_id, conversation_id, channel, sender, text, at)
            )
        )
        await conn.execute(insert(decisions).values(**_decision(message_id, queue)))
    return Seeded(conversation_id, customer_id, message_id)


def _message(
    message_id: str, conversation_id: str, channel: str, sender: str, text: str, at: datetime
) -> dict[str, Any]:
    return {
        "id": message_id,
        "conversation_id": conversation_id,
        "direction": "in",
        "channel": channel,
        "external_id": message_id,
        "sender_id": sender,
        "text": text,
        "subject": "",
        "sent_at": at,
        "received_at": at,
        "stream_id": "1-0",
        "created_at": at + timedelta(seconds=1),
    }


def _decision(message_id: str, queue: str) -> dict[str, Any]:
    payload = {
        "classification": {
            "language": "en",
            "language_confidence": 0.9,
            "topic": "general",
            "topic_confidence": 0.7,
            "urgency": "normal",
            "reasons": ["no urgency signal"],
        },
        "skills": [],
        "tags": [],
        "actions": [],
        "matched_rules": ["general"],
        "trace": ["general: matched"],
        "outcome": "matched",
    }
    return {
        "message_id": message_id,
        "ruleset_version": "v1",
        "queue": queue,
        "priority": 50,
        "payload": payload,
        "decided_at": T0,
    }
