"""Assignments in SQL, written after Redis decided them.

Each change carries the Redis sequence number of the step that made it, and a row takes a
change only when it is newer than the last one it took (``assign_seq``): writing twice,
late, or out of order from two dispatchers leaves the newest assignment in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from router.models import Direction, OutboundKind
from router.store.schema import TZ, conversations, messages

CHUNK = 500


@dataclass(frozen=True, slots=True)
class Change:
    conversation_id: str
    agent_id: str | None  # None: back to a queue, or done
    seq: int


_WRITE = (
    update(conversations)
    .where(conversations.c.id == bindparam("cid"))
    .where(conversations.c.assign_seq < bindparam("seq"))
    .values(
        assignee_id=bindparam("agent"), assign_seq=bindparam("seq"), updated_at=bindparam("now")
    )
)


async def record(engine: AsyncEngine, changes: Sequence[Change]) -> None:
    if not changes:
        return
    now = datetime.now(UTC)
    rows = [
        {"cid": c.conversation_id, "agent": c.agent_id, "seq": c.seq, "now": now} for c in changes
    ]
    async with engine.begin() as conn:
        for i in range(0, len(rows), CHUNK):
            await conn.execute(
                _WRITE.execution_options(synchronize_session=False), rows[i : i + CHUNK]
            )


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


async def answered(engine: AsyncEngine, since_ms: dict[str, int]) -> set[str]:
    """The conversations an agent has replied to since the given time (ms) each."""
    ids = list(since_ms)
    m = messages.c
    found: set[str] = set()
    async with engine.connect() as conn:
        for chunk in _chunks(ids):
            query = (
                select(m.conversation_id, func.max(m.created_at, type_=TZ))
                .where(m.conversation_id.in_(chunk))
                .where(m.direction == Direction.OUTBOUND.value, m.kind == OutboundKind.REPLY.value)
                .group_by(m.conversation_id)
            )
            for cid, last in (await conn.execute(query)).all():
                if last is not None and last.timestamp() * 1000 >= since_ms[cid]:
                    found.add(cid)
    return found


async def statuses(engine: AsyncEngine, ids: Sequence[str]) -> dict[str, Any]:
    """id -> row (status, assignee_id, assign_seq, queue, priority, channel, last_message_at)."""
    c = conversations.c
    out: dict[str, Any] = {}
    async with engine.connect() as conn:
        for chunk in _chunks(list(ids)):
            query = select(
                c.id,
                c.status,
                c.assignee_id,
                c.assign_seq,
                c.queue,
                c.priority,
                c.channel,
                c.last_message_at,
            ).where(c.id.in_(chunk))
            out.update({r.id: r for r in (await conn.execute(query)).all()})
    return out


async def move(engine: AsyncEngine, moves: Sequence[tuple[str, str, int | None]]) -> None:
    """Record in SQL the queue (and priority, unless None) each conversation now waits in."""
    if not moves:
        return
    now = datetime.now(UTC)
    c = conversations.c
    async with engine.begin() as conn:
        for cid, queue, priority in moves:
            values: dict[str, Any] = {"queue": queue, "updated_at": now}
            if priority is not None:
                values["priority"] = priority
            await conn.execute(update(conversations).where(c.id == cid).values(**values))
