"""Stored traffic for replay tests, inserted as the pipeline would have left it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rulesets_support import T0
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from router.store.schema import conversations, customers, decisions, messages

LIVE_QUEUES = {"withdrawal": ("withdrawals", 60), "account_takeover": ("security", 90)}


@dataclass(frozen=True, slots=True)
class Stored:
    """One inbound message: its conversation, text and classified topic."""

    id: str
    conversation: str
    text: str
    topic: str
    minutes: int  # after T0
    direction: str = "in"


def _message(s: Stored, base: datetime) -> dict[str, Any]:
    at = base + timedelta(minutes=s.minutes)
    return {
        "id": s.id,
        "conversation_id": s.conversation,
        "direction": s.direction,
        "channel": "email",
        "external_id": s.id,
        "text": s.text,
        "sent_at": at,
        "received_at": at,
        "stream_id": f"{1000 + s.minutes}-0",
        "created_at": at,
    }


def _decision(s: Stored, base: datetime) -> dict[str, Any]:
    queue, priority = LIVE_QUEUES.get(s.topic, ("general", 30))
    classification = {
        "language": "en",
        "language_confidence": 0.9,
        "topic": s.topic,
        "topic_confidence": 0.8,
        "urgency": "normal",
        "reasons": [],
    }
    return {
        "message_id": s.id,
        "ruleset_version": "sha256:live",
        "queue": queue,
        "priority": priority,
        "payload": {"classification": classification, "actions": [f"route:{queue}"]},
        "decided_at": base + timedelta(minutes=s.minutes),
    }


def _conversation(cid: str, at: datetime) -> dict[str, Any]:
    return {
        "id": cid,
        "customer_id": "cust-1",
        "channel": "email",
        "thread_key": cid,
        "status": "open",
        "queue": "general",
        "priority": 30,
        "created_at": at,
        "updated_at": at,
        "last_message_at": at,
    }


async def store(engine: AsyncEngine, traffic: list[Stored], base: datetime = T0) -> None:
    """Store ``traffic`` with each message ``minutes`` after ``base``."""
    inbound = [s for s in traffic if s.direction == "in"]
    async with engine.begin() as conn:
        await conn.execute(
            insert(customers).values(id="cust-1", vip_tier="gold", language="en", created_at=T0)
        )
        cids = sorted({s.conversation for s in traffic})
        await conn.execute(insert(conversations), [_conversation(c, T0) for c in cids])
        await conn.execute(insert(messages), [_message(s, base) for s in traffic])
        await conn.execute(insert(decisions), [_decision(s, base) for s in inbound])


TRAFFIC = [
    Stored("old-1", "conv-old", "withdrawal stuck since last month", "withdrawal", -60 * 24 * 9),
    Stored("w-1", "conv-w", "My withdrawal has been pending for 6 hours", "withdrawal", 0),
    Stored("w-out", "conv-w", "We are looking into it", "", 1, direction="out"),
    Stored("w-2", "conv-w", "Still pending!   Any   news?", "withdrawal", 2),
    Stored(
        "s-1", "conv-s", "Someone logged into my account and took my BTC", "account_takeover", 3
    ),
    Stored("g-1", "conv-g", "How do I change my display name? " + "x" * 100, "general", 4),
]
