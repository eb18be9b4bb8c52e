"""Rebuild the live queues from the system of record.

Redis holds the queues, but SQL is the truth: if Redis lost its data (a restart without
persistence, a failover), every open, unassigned conversation is placed again, in its
queue at its priority, aged from its last customer message. Placing is idempotent and a
conversation already queued keeps its place, so every router runs this at start.
"""

from __future__ import annotations

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.models import ConversationStatus
from router.placement import Placement, Queues
from router.store.schema import conversations

PAGE = 1000


async def requeue_waiting(engine: AsyncEngine, redis: Redis, keys: Keys) -> int:
    """Place every waiting conversation; returns how many were looked at."""
    queues = Queues(redis, keys)
    c = conversations.c
    after = ""
    total = 0
    while True:
        query = (
            select(c.id, c.queue, c.priority, c.last_message_at)
            .where(c.status == ConversationStatus.OPEN.value, c.assignee_id.is_(None))
            .where(c.id > after)
            .order_by(c.id)
            .limit(PAGE)
        )
        async with engine.connect() as conn:
            page = (await conn.execute(query)).all()
        if not page:
            return total
        placements = [
            Placement(r.id, r.queue, r.priority, int(r.last_message_at.timestamp() * 1000))
            for r in page
        ]
        async with redis.pipeline(transaction=False) as pipe:
            await queues.place(pipe, placements)
            await pipe.execute()
        total += len(page)
        after = page[-1].id
