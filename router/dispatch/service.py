"""Dispatch operations shared by the dispatcher loop and the HTTP API.

Every change goes Redis first (one Lua script decides it, see :mod:`.scripts`), then SQL
(:mod:`.ledger`, idempotent and in sequence order), then an event for live UIs. Call
:meth:`Dispatch.release` with ``requeue=False`` when a conversation is resolved: it frees
the agent's seat and clears the assignee.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch import ledger
from router.dispatch.errors import NoRoom, NotFound, NotPresent
from router.dispatch.keys import DispatchKeys
from router.dispatch.metrics import DispatchMetrics
from router.dispatch.model import Agent, Holding, HoldState, Presence
from router.dispatch.presence import PresenceBook, publish_capacity
from router.dispatch.requirements import Requirements
from router.dispatch.scripts import Released, Reserved, Scripts, score_of
from router.dispatch.selection import Strategy, position, qualifies
from router.events import Event, publish_events
from router.keys import Keys
from router.models import ConversationStatus
from router.placement import Placement, Queues, enqueued_at_ms
from router.settings import Settings
from router.stream import text_of

ASSIGNED = "conversation.assigned"
OFFERED = "conversation.offered"
REQUEUED = "conversation.requeued"
MOVED = "conversation.moved"
PRESENCE = "agent.presence"


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(frozen=True, slots=True)
class DispatchConfig:
    strategy: Strategy = Strategy.LEAST_BUSY
    auto_accept: bool = True
    offer_timeout_ms: int = 30_000
    heartbeat_ttl_s: float = 60.0
    grace_ms: int = 120_000
    unanswered_ms: int = 600_000  # 0: never take back unanswered work
    decline_ms: int = 600_000
    default_capacity: int = 5
    scan: int = 200
    tick_s: float = 0.5
    event_maxlen: int = 100_000

    @classmethod
    def from_settings(cls, s: Settings) -> DispatchConfig:
        return cls(
            strategy=Strategy(s.dispatch_strategy),
            auto_accept=s.dispatch_auto_accept,
            offer_timeout_ms=int(s.dispatch_offer_timeout_s * 1000),
            heartbeat_ttl_s=s.dispatch_heartbeat_ttl_s,
            grace_ms=int(s.dispatch_grace_s * 1000),
            unanswered_ms=int(s.dispatch_unanswered_s * 1000),
            decline_ms=int(s.dispatch_decline_s * 1000),
            default_capacity=s.dispatch_default_capacity,
            scan=s.dispatch_scan,
            tick_s=s.dispatch_tick_s,
            event_maxlen=s.event_stream_maxlen,
        )


class Dispatch:
    def __init__(
        self,
        engine: AsyncEngine,
        redis: Redis,
        keys: Keys,
        config: DispatchConfig,
        metrics: DispatchMetrics | None = None,
    ) -> None:
        self.engine = engine
        self.redis = redis
        self.keys = keys
        self.dkeys = DispatchKeys(keys)
        self.config = config
        self.metrics = metrics
        self.scripts = Scripts(redis, self.dkeys, config.default_capacity)
        self.presence = PresenceBook(redis, self.dkeys, config.heartbeat_ttl_s)
        self.requirements = Requirements(engine, redis, self.dkeys)

    # --- presence ---

    async def heartbeat(self, agent: Agent, status: Presence) -> Presence:
        await publish_capacity(self.redis, self.dkeys, [agent], self.config.default_capacity)
        before = await self.presence.beat(agent.id, status, now_ms())
        if before is not status:
            await self.emit([Event(PRESENCE, "", data={"agent_id": agent.id, "status": status})])
        return before

    # --- taking, offering, accepting ---

    async def take(self, agent: Agent, queue: str) -> str | None:
        """ "Take next": the first conversation of ``queue`` this agent may answer, given to
        them at once; None when nothing there fits (skills, capacity) or it is empty."""
        present = await self.presence.statuses([agent.id])
        if present[agent.id] is Presence.OFFLINE:
            raise NotPresent("set your presence to online or away to take conversations")
        await publish_capacity(self.redis, self.dkeys, [agent], self.config.default_capacity)
        head: list[tuple[bytes, float]] = await self.redis.zrange(  # type: ignore[assignment]
            self.keys.queue(queue), 0, self.config.scan - 1, withscores=True
        )
        ids = [m.decode() for m, _ in head]
        needs = await self.requirements.get(ids)
        now = now_ms()
        for member, score in head:
            cid = member.decode()
            req = needs.get(cid)
            if req is None:
                continue
            _, step = position(req, queue, (now - enqueued_at_ms(score)) / 1000)
            if step.queue != queue or not qualifies(agent, step.skills):
                continue
            got = await self.scripts.reserve(
                cid,
                queue,
                req.channel,
                [agent.id],
                state=HoldState.ASSIGNED,
                now_ms=now,
                manual=True,
            )
            if isinstance(got, Reserved):
                await self.settle([(cid, queue, got)], HoldState.ASSIGNED, how="take")
                return cid
            if got == "full":
                return None  # no seat on this channel; the rest of the head may be on others
        return None

    async def settle(
        self, reserved: Sequence[tuple[str, str, Reserved]], state: HoldState, *, how: str
    ) -> None:
        """After reservations: SQL for assignments (offers touch SQL only when accepted),
        events, metrics."""
        if state is HoldState.ASSIGNED:
            await ledger.record(
                self.engine, [ledger.Change(cid, r.agent_id, r.seq) for cid, _, r in reserved]
            )
        kind = ASSIGNED if state is HoldState.ASSIGNED else OFFERED
        await self.emit(
            [Event(kind, cid, queue=q, data={"agent_id": r.agent_id}) for cid, q, r in reserved]
        )
        if self.metrics is not None:
            now = now_ms()
            for _, queue, r in reserved:
                self.metrics.assignments.labels(queue, how).inc()
                self.metrics.wait.labels(queue).observe(
                    max(0, now - enqueued_at_ms(r.score)) / 1000
                )

    async def offers(self, agent_id: str) -> list[Holding]:
        return [h for h in await self.holdings_of(agent_id) if h.state is HoldState.OFFERED]

    async def holdings_of(self, agent_id: str) -> list[Holding]:
        ids = sorted(text_of(m) for m in await self.redis.smembers(self.dkeys.holding(agent_id)))
        if not ids:
            return []
        raws = await self.redis.hmget(self.dkeys.assigned, ids)
        return [Holding.parse(c, r) for c, r in zip(ids, raws, strict=True) if r]

    async def holdings(self) -> list[Holding]:
        raw = await self.redis.hgetall(self.dkeys.assigned)
        return [Holding.parse(text_of(k), v) for k, v in raw.items()]

    async def accept(self, agent_id: str, conversation_id: str) -> None:
        got = await self.scripts.accept(
            conversation_id, agent_id, now_ms(), self.config.offer_timeout_ms
        )
        if isinstance(got, str):
            raise NotFound(
                f"no {'live ' if got == 'expired' else ''}offer of {conversation_id} for you"
            )
        await ledger.record(self.engine, [ledger.Change(conversation_id, agent_id, got)])
        await self.emit([Event(ASSIGNED, conversation_id, data={"agent_id": agent_id})])

    async def decline(self, agent_id: str, conversation_id: str) -> None:
        held = await self.redis.hget(self.dkeys.assigned, conversation_id)
        if not held or Holding.parse(conversation_id, held).state is not HoldState.OFFERED:
            raise NotFound(f"no offer of {conversation_id} for you")
        done = await self.release(
            conversation_id, reason="declined", agent_id=agent_id, decline=True
        )
        if done is None:
            raise NotFound(f"no offer of {conversation_id} for you")

    # --- taking back ---

    async def release(
        self,
        conversation_id: str,
        *,
        reason: str,
        agent_id: str = "",
        seq: int | None = None,
        queue: str = "",
        requeue: bool = True,
        decline: bool = False,
    ) -> Released | None:
        """Take the conversation from its holder (only ``agent_id`` at ``seq`` when given)
        and queue it again with its age (or, ``requeue=False``, nowhere: it is done)."""
        done = await self.scripts.release(
            conversation_id,
            agent_id=agent_id,
            seq=seq,
            queue=queue,
            requeue=requeue,
            decline_ms=self.config.decline_ms if decline else 0,
        )
        if done is None:
            return None
        await ledger.record(self.engine, [ledger.Change(conversation_id, None, done.seq)])
        if requeue:
            await self.emit(
                [
                    Event(
                        REQUEUED,
                        conversation_id,
                        queue=done.queue,
                        data={"agent_id": done.agent_id, "reason": reason},
                    )
                ]
            )
            if self.metrics is not None:
                self.metrics.requeued.labels(reason).inc()
        return done

    # --- supervisors ---

    async def assign_to_agent(self, conversation_id: str, agent: Agent) -> None:
        row = (await ledger.statuses(self.engine, [conversation_id])).get(conversation_id)
        if row is None or row.status == ConversationStatus.RESOLVED.value:
            raise NotFound(f"no open conversation {conversation_id}")
        waited = int(row.last_message_at.timestamp() * 1000)
        await publish_capacity(self.redis, self.dkeys, [agent], self.config.default_capacity)
        got = await self.scripts.assign(
            conversation_id,
            agent.id,
            row.channel,
            now_ms=now_ms(),
            queue=row.queue,
            score=score_of(row.priority, waited),
        )
        if isinstance(got, str):
            raise NoRoom(f"{agent.name} has no free seat on {row.channel}")
        seq, previous = got
        await ledger.record(self.engine, [ledger.Change(conversation_id, agent.id, seq)])
        await self.emit(
            [
                Event(
                    ASSIGNED,
                    conversation_id,
                    queue=row.queue,
                    data={"agent_id": agent.id, "previous": previous},
                )
            ]
        )
        if self.metrics is not None:
            self.metrics.assignments.labels(row.queue, "supervisor").inc()

    async def assign_to_queue(self, conversation_id: str, queue: str) -> None:
        """Back to a queue (this one), from an agent or from another queue, keeping its age."""
        row = (await ledger.statuses(self.engine, [conversation_id])).get(conversation_id)
        if row is None or row.status == ConversationStatus.RESOLVED.value:
            raise NotFound(f"no open conversation {conversation_id}")
        released = await self.release(conversation_id, reason="supervisor", queue=queue)
        if released is None:
            waited = int(row.last_message_at.timestamp() * 1000)
            async with self.redis.pipeline(transaction=False) as pipe:
                await Queues(self.redis, self.keys).place(
                    pipe, [Placement(conversation_id, queue, row.priority, waited)]
                )
                await pipe.execute()
            await self.emit(
                [Event(MOVED, conversation_id, queue=queue, data={"reason": "supervisor"})]
            )
        await self.requirements.forget([conversation_id])
        await ledger.move(self.engine, [(conversation_id, queue, None)])

    async def emit(self, events: Sequence[Event]) -> None:
        await publish_events(self.redis, self.keys, events, self.config.event_maxlen)
