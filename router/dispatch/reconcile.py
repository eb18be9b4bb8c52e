"""Repair: make Redis holdings, agents' loads and SQL assignees agree.

Redis decides assignments and SQL follows, so a crash between the two leaves Redis ahead:
a holding SQL does not show yet is written to SQL (its sequence number makes the write
idempotent and never older than what SQL has). A conversation SQL shows assigned that
Redis has back in a queue was released there (SQL is cleared); one Redis knows nothing of
(Redis lost its data: neither held, nor queued, nor released) is held again for its
agent. A holding of a resolved conversation is freed. Loads are then recounted from the
holdings in one script. SQL is read before Redis and every SQL write is ordered by
sequence number, so running this beside other dispatchers (at start, and every minute)
only ever rolls SQL forward.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch import ledger
from router.dispatch.agents import list_agents
from router.dispatch.model import HoldState
from router.dispatch.scripts import score_of
from router.dispatch.service import Dispatch, now_ms
from router.models import ConversationStatus
from router.store.schema import conversations


@dataclass(frozen=True, slots=True)
class Repaired:
    rolled_forward: int = 0
    cleared: int = 0
    restored: int = 0
    freed: int = 0
    holdings: int = 0


async def _sql_assigned(engine: AsyncEngine) -> tuple[int, dict[str, Any]]:
    c = conversations.c
    async with engine.connect() as conn:
        top = (await conn.execute(select(func.max(c.assign_seq)))).scalar() or 0
        rows = (
            await conn.execute(
                select(
                    c.id,
                    c.assignee_id,
                    c.assign_seq,
                    c.channel,
                    c.queue,
                    c.priority,
                    c.last_message_at,
                ).where(c.assignee_id.is_not(None), c.status != ConversationStatus.RESOLVED.value)
            )
        ).all()
    return int(top), {r.id: r for r in rows}


async def reconcile(d: Dispatch) -> Repaired:
    top, sql_held = await _sql_assigned(d.engine)
    await d.scripts.raise_seq(top)
    held = await d.holdings()
    rows = await ledger.statuses(d.engine, [h.conversation_id for h in held])
    changes: list[ledger.Change] = []
    freed = 0
    for h in held:
        row = rows.get(h.conversation_id)
        if row is None or row.status == ConversationStatus.RESOLVED.value:
            done = await d.release(
                h.conversation_id, reason="resolved", agent_id=h.agent_id, seq=h.seq, requeue=False
            )
            freed += done is not None
        elif h.state is HoldState.ASSIGNED and row.assign_seq < h.seq:
            changes.append(ledger.Change(h.conversation_id, h.agent_id, h.seq))
    rolled = len(changes)
    holders = {h.conversation_id for h in held}
    cleared = restored = 0
    for cid, row in sql_held.items():
        if cid in holders:
            continue
        released = await d.redis.hget(d.dkeys.released, cid)
        if released or await d.redis.hexists(d.keys.queue_index, cid):
            # Redis let it go (back to a queue, or done) after SQL was read or written
            seq = int(released) if released else int(await d.redis.incr(d.dkeys.seq))
            changes.append(ledger.Change(cid, None, seq))
            cleared += 1
            continue
        waited = int(row.last_message_at.timestamp() * 1000)
        got = await d.scripts.assign(
            cid,
            row.assignee_id,
            row.channel,
            now_ms=now_ms(),
            queue=row.queue,
            score=score_of(row.priority, waited),
            check_capacity=False,
        )
        if not isinstance(got, str):
            changes.append(ledger.Change(cid, row.assignee_id, got[0]))
            restored += 1
    await ledger.record(d.engine, changes)
    agents = [a.id for a in await list_agents(d.engine)]
    count = await d.scripts.recount(agents)
    return Repaired(rolled, cleared, restored, freed, count)
