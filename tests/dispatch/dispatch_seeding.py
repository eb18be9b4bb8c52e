"""Agents and waiting conversations for the dispatch tests, written as the router and
``switchboard agents add`` would have left them (SQL rows, then queue placement)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from redis.asyncio import Redis
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch.agents import agent_id_for
from router.keys import Keys
from router.models import conversation_id_for, message_id_for
from router.placement import Placement, Queues
from router.store.schema import agents, conversations, customers, decisions, messages

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
CUSTOMER = "cust-dispatch"
CHUNK = 1000


@dataclass(frozen=True, slots=True)
class AgentSpec:
    email: str
    languages: Sequence[str] = ("en",)
    skills: Sequence[str] = ()
    capacity: dict[str, int] = field(default_factory=lambda: {"*": 3})
    schedule: Sequence[str] = ()
    role: str = "agent"

    @property
    def id(self) -> str:
        return agent_id_for(self.email)


@dataclass(frozen=True, slots=True)
class ConversationSpec:
    thread: str
    queue: str = "general"
    priority: int = 50
    channel: str = "webchat"
    language: str = "en"
    # routing steps as the rules store them: {"queue", "priority", "skills", "timeout"}
    steps: Sequence[dict[str, Any]] = ()
    waited_s: float = 0.0
    generation: int = 0

    @property
    def id(self) -> str:
        return conversation_id_for(self.channel, self.thread, self.generation)


async def add_agents(engine: AsyncEngine, specs: Sequence[AgentSpec]) -> list[str]:
    rows = [
        {
            "id": s.id,
            "email": s.email,
            "name": s.email.split("@")[0],
            "role": s.role,
            "password_hash": "",
            "languages": list(s.languages),
            "skills": list(s.skills),
            "teams": [],
            "capacity": dict(s.capacity),
            "schedule": list(s.schedule),
            "timezone": "UTC",
            "active": 1,
            "created_at": T0,
        }
        for s in specs
    ]
    async with engine.begin() as conn:
        await conn.execute(insert(agents), rows)
    return [s.id for s in specs]


async def add_conversations(
    engine: AsyncEngine, redis: Redis, keys: Keys, specs: Sequence[ConversationSpec], now: datetime
) -> list[str]:
    """Store each conversation with one inbound message and its decision, then queue it,
    aged ``waited_s``."""
    fresh = not await _has_customer(engine)
    async with engine.begin() as conn:
        if fresh:
            await conn.execute(
                insert(customers).values(id=CUSTOMER, display_name="C", created_at=T0)
            )
        for i in range(0, len(specs), CHUNK):
            chunk = specs[i : i + CHUNK]
            await conn.execute(insert(conversations), [_conversation(s, now) for s in chunk])
            await conn.execute(insert(messages), [_message(s, now) for s in chunk])
            await conn.execute(insert(decisions), [_decision(s, now) for s in chunk])
    placements = [
        Placement(s.id, s.queue, s.priority, int((now.timestamp() - s.waited_s) * 1000))
        for s in specs
    ]
    queues = Queues(redis, keys)
    for i in range(0, len(placements), CHUNK):
        async with redis.pipeline(transaction=False) as pipe:
            await queues.place(pipe, placements[i : i + CHUNK])
            await pipe.execute()
    return [s.id for s in specs]


async def _has_customer(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        return (
            await conn.execute(select(customers.c.id).where(customers.c.id == CUSTOMER))
        ).first() is not None


def _conversation(s: ConversationSpec, now: datetime) -> dict[str, Any]:
    at = now - timedelta(seconds=s.waited_s)
    return {
        "id": s.id,
        "customer_id": CUSTOMER,
        "channel": s.channel,
        "thread_key": s.thread,
        "generation": s.generation,
        "status": "open",
        "queue": s.queue,
        "priority": s.priority,
        "language": s.language,
        "message_count": 1,
        "created_at": at,
        "updated_at": at,
        "last_message_at": at,
    }


def _message(s: ConversationSpec, now: datetime) -> dict[str, Any]:
    at = now - timedelta(seconds=s.waited_s)
    return {
        "id": message_id_for(s.channel, f"{s.thread}-{s.generation}"),
        "conversation_id": s.id,
        "direction": "in",
        "channel": s.channel,
        "external_id": f"{s.thread}-{s.generation}",
        "sender_id": CUSTOMER,
        "text": "hello",
        "sent_at": at,
        "received_at": at,
        "stream_id": "1-0",
        "created_at": at,
    }


def _decision(s: ConversationSpec, now: datetime) -> dict[str, Any]:
    steps = list(s.steps) or [
        {"queue": s.queue, "priority": s.priority, "skills": [], "timeout": None}
    ]
    return {
        "message_id": message_id_for(s.channel, f"{s.thread}-{s.generation}"),
        "ruleset_version": "test",
        "queue": s.queue,
        "priority": s.priority,
        "payload": {"steps": steps, "skills": steps[0]["skills"], "outcome": "matched"},
        "decided_at": now,
    }


async def reply(engine: AsyncEngine, conversation_id: str, agent_id: str) -> None:
    """The agent answers: one outbound reply in the conversation."""
    at = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(
            insert(messages).values(
                id=message_id_for("out", conversation_id),
                conversation_id=conversation_id,
                direction="out",
                channel="webchat",
                author_id=agent_id,
                kind="reply",
                text="on it",
                sent_at=at,
                received_at=at,
                created_at=at,
            )
        )
