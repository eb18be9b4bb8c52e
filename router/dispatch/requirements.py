"""What each waiting conversation needs, read from SQL once and cached in Redis.

The need comes from the conversation's newest routing decision that routed it (a follow-up
that "stays" keeps the steps of the decision before it): the steps with their queues,
priorities, skills and timeouts. The router publishes ``messages.routed`` for every
decision; the dispatcher forgets the cached need of those conversations, so a new decision
(say, urgency rose) is read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch.keys import DispatchKeys
from router.dispatch.model import Requirement, Step
from router.models import ConversationStatus, Direction, conversation_id_for
from router.store.schema import conversations, decisions, messages
from router.stream import text_of

CHUNK = 500


def _encode(req: Requirement, previous: str) -> bytes:
    return orjson.dumps(
        {
            "ch": req.channel,
            "lang": req.language,
            "steps": [[s.queue, s.priority, list(s.skills), s.timeout] for s in req.steps],
            "prev": previous,
        }
    )


def _decode(conversation_id: str, raw: bytes) -> tuple[Requirement, str]:
    body = orjson.loads(raw)
    steps = tuple(Step(q, int(p), tuple(sk), t) for q, p, sk, t in body["steps"])
    return Requirement(conversation_id, body["ch"], body["lang"], steps), str(body["prev"])


def steps_of(payload: dict[str, Any], queue: str, priority: int) -> tuple[Step, ...]:
    raw = payload.get("steps") or []
    steps = tuple(
        Step(str(s["queue"]), int(s["priority"]), tuple(s.get("skills") or ()), s.get("timeout"))
        for s in raw
    )
    return steps or (Step(queue, priority, tuple(payload.get("skills") or ())),)


class Requirements:
    def __init__(self, engine: AsyncEngine, redis: Redis, keys: DispatchKeys) -> None:
        self.engine = engine
        self.redis = redis
        self.keys = keys

    async def get(self, ids: Sequence[str]) -> dict[str, Requirement]:
        """The needs of the open conversations among ``ids``, each with its sticky agent
        (who held it last, or held the conversation it reopens)."""
        if not ids:
            return {}
        cached = await self.redis.hmget(self.keys.requirements, list(ids))
        found: dict[str, tuple[Requirement, str]] = {}
        missing: list[str] = []
        for cid, raw in zip(ids, cached, strict=True):
            if raw:
                found[cid] = _decode(cid, raw if isinstance(raw, bytes) else raw.encode())
            else:
                missing.append(cid)
        if missing:
            loaded = await self._load(missing)
            if loaded:
                await self.redis.hset(
                    self.keys.requirements,
                    mapping={cid: _encode(r, prev) for cid, (r, prev) in loaded.items()},
                )
            found.update(loaded)
        return await self._with_sticky(found)

    async def forget(self, ids: Sequence[str]) -> None:
        if ids:
            await self.redis.hdel(self.keys.requirements, *ids)

    async def _with_sticky(
        self, found: dict[str, tuple[Requirement, str]]
    ) -> dict[str, Requirement]:
        ids = list(found)
        lookups = [*ids, *(found[c][1] for c in ids)]
        lasts = await self.redis.hmget(self.keys.last_agent, lookups) if ids else []
        out: dict[str, Requirement] = {}
        for i, cid in enumerate(ids):
            req, prev = found[cid]
            sticky = lasts[i] or (lasts[len(ids) + i] if prev else None)
            out[cid] = Requirement(
                cid, req.channel, req.language, req.steps, text_of(sticky) if sticky else ""
            )
        return out

    async def _load(self, ids: Sequence[str]) -> dict[str, tuple[Requirement, str]]:
        c, m, d = conversations.c, messages.c, decisions.c
        out: dict[str, tuple[Requirement, str]] = {}
        async with self.engine.connect() as conn:
            for i in range(0, len(ids), CHUNK):
                chunk = ids[i : i + CHUNK]
                # By primary key only: with "status = 'open'" in the query SQLite may walk
                # the status index (every open conversation) instead; filter here.
                found = await conn.execute(
                    select(
                        c.id,
                        c.channel,
                        c.thread_key,
                        c.generation,
                        c.language,
                        c.queue,
                        c.priority,
                        c.status,
                    ).where(c.id.in_(chunk))
                )
                rows = [r for r in found.all() if r.status == ConversationStatus.OPEN.value]
                payloads = await conn.execute(
                    select(m.conversation_id, d.payload)
                    .join(decisions, d.message_id == m.id)
                    .where(m.conversation_id.in_([r.id for r in rows]))
                    .where(m.direction == Direction.INBOUND.value)
                    .order_by(m.conversation_id, m.sent_at, m.stream_id)
                )
                newest: dict[str, dict[str, Any]] = {}
                for cid, payload in payloads.all():
                    if payload.get("steps") or cid not in newest:
                        newest[cid] = payload  # the newest that routed, else the newest
                for r in rows:
                    steps = steps_of(newest.get(r.id, {}), r.queue, r.priority)
                    prev = (
                        conversation_id_for(r.channel, r.thread_key, r.generation - 1)
                        if r.generation > 0
                        else ""
                    )
                    out[r.id] = (Requirement(r.id, r.channel, r.language, steps), prev)
        return out
