"""The dispatcher: ``switchboard dispatch``, one of N processes, all equal.

Each round looks at the head of every queue (at most ``scan`` conversations each, so a
round costs the same at 1,000 or 100,000 waiting), in priority-then-age order across
queues: a conversation whose routing step timed out moves on (skills relaxed, overflow,
priority raised); for the others the agents who fit are ranked by strategy, and one Lua
script per conversation (a round's scripts go in one pipeline) reserves it for the first of
them who still has room.
Between rounds the process waits on the event stream, so a routed message wakes it at once.
Beside the rounds, a watch takes work back: expired offers, the unanswered work of agents
gone offline past the grace period, and new conversations left unanswered too long.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from router.dispatch import ledger
from router.dispatch.agents import list_agents
from router.dispatch.errors import ScheduleError
from router.dispatch.model import Agent, Holding, HoldState, Presence, Requirement, Step
from router.dispatch.presence import loads_of, publish_capacity
from router.dispatch.reconcile import reconcile
from router.dispatch.scripts import Reserved, ReservePlan
from router.dispatch.selection import SeatPool, Strategy, position, seats
from router.dispatch.service import MOVED, Dispatch, now_ms
from router.dispatch.shifts import on_shift
from router.events import Event, decode_routed
from router.placement import Placement, Queues, enqueued_at_ms, priority_of
from router.requeue import requeue_waiting
from router.stream import text_of

log = structlog.get_logger(__name__)

AGENTS_REFRESH_S = 2.0
BATCH = 100  # reservations planned per round
CANDIDATES = 8  # agents offered to one reservation script, best first
WATCH_EVERY_S = 0.5
RESOLVED_CHECK_S = 10.0
REPAIR_EVERY_S = 60.0  # SQL writes that failed (a database outage) are caught up


class _Picker:
    """Candidates for each conversation of one round, best first. It counts its own picks
    against the loads it read, so a round spreads work instead of piling it on one agent;
    the script re-checks every seat, so a stale count costs a retry, never an overfill."""

    def __init__(
        self, d: Dispatch, online: Sequence[Agent], loads: dict[str, dict[str, int]]
    ) -> None:
        self.d = d
        self.online = online
        self.loads = loads
        self.pools: dict[tuple[tuple[str, ...], str], SeatPool] = {}
        self.shared: dict[str, dict[str, int]] = {}  # channel -> agent -> load
        self.turns: dict[str, int] = {}

    async def candidates(self, queue: str, req: Requirement, step: Step) -> list[str]:
        cfg = self.d.config
        key = (step.skills, req.channel)
        pool = self.pools.get(key)
        if pool is None:
            fitting = seats(self.online, step.skills, req.channel, self.loads, cfg.default_capacity)
            load = self.shared.setdefault(req.channel, {})
            pool = self.pools[key] = SeatPool(fitting, cfg.strategy, load)
        ids = pool.best(CANDIDATES, await self._turn(queue), req.sticky_agent)
        if ids:
            pool.take(ids[0])
        return ids

    async def _turn(self, queue: str) -> int:
        """Round robin: a block of turns per queue and round from the shared counter."""
        if self.d.config.strategy is not Strategy.ROUND_ROBIN:
            return 0
        if queue not in self.turns:
            key = self.d.dkeys.rotation(queue)
            self.turns[queue] = int(await self.d.redis.incrby(key, BATCH)) - BATCH
        self.turns[queue] += 1
        return self.turns[queue] - 1


@dataclass(frozen=True, slots=True)
class Waiting:
    conversation_id: str
    queue: str
    score: int


class Dispatcher:
    def __init__(self, dispatch: Dispatch) -> None:
        self.d = dispatch
        self.queues = Queues(dispatch.redis, dispatch.keys)
        self.agents: list[Agent] = []
        self._agents_at = 0.0
        self._events_from = ""

    async def refresh_agents(self, *, force: bool = False) -> None:
        if not force and time.monotonic() - self._agents_at < AGENTS_REFRESH_S:
            return
        self.agents = await list_agents(self.d.engine, active_only=True)
        await publish_capacity(
            self.d.redis, self.d.dkeys, self.agents, self.d.config.default_capacity
        )
        self._agents_at = time.monotonic()

    # --- one round ---

    async def heads(self) -> list[Waiting]:
        names = sorted(text_of(n) for n in await self.d.redis.smembers(self.d.keys.queue_names))
        async with self.d.redis.pipeline(transaction=False) as pipe:
            for name in names:
                pipe.zrange(self.d.keys.queue(name), 0, self.d.config.scan - 1, withscores=True)
            found = await pipe.execute()
        waiting = [
            Waiting(m.decode(), name, int(score))
            for name, members in zip(names, found, strict=True)
            for m, score in members
        ]
        waiting.sort(key=lambda w: w.score)
        return waiting

    async def available(self) -> list[Agent]:
        """Agents online and on shift: the ones offered work automatically."""
        statuses = await self.d.presence.statuses([a.id for a in self.agents])
        at = datetime.now(UTC)
        out = []
        for agent in self.agents:
            if statuses.get(agent.id) is not Presence.ONLINE:
                continue
            try:
                if on_shift(agent.schedule, agent.timezone, at):
                    out.append(agent)
            except ScheduleError:
                log.warning("dispatch.bad_schedule", agent=agent.id)
        return out

    async def tick(self) -> int:
        """One round; returns how many conversations were given to agents.

        A round plans up to ``batch`` reservations against the loads it read (counting its
        own picks), sends them in one pipeline, and ends: the next round sees conversations
        that arrived meanwhile, so a new urgent one never waits behind a long backlog.
        """
        await self.refresh_agents()
        waiting = await self.heads()
        if not waiting:
            return 0
        needs = await self.d.requirements.get([w.conversation_id for w in waiting])
        online = await self.available()
        loads = await loads_of(self.d.redis, self.d.dkeys, [a.id for a in online])
        now = now_ms()
        plans: list[ReservePlan] = []
        moves: list[tuple[Waiting, Step]] = []
        picker = _Picker(self.d, online, loads)
        for w in waiting:
            req = needs.get(w.conversation_id)
            if req is None:
                continue  # not open: the inbox or the router will take it out
            index, step = position(req, w.queue, (now - enqueued_at_ms(w.score)) / 1000)
            if index >= 0 and (step.queue != w.queue or step.priority != priority_of(w.score)):
                moves.append((w, step))
                continue
            if len(plans) < BATCH and online:
                candidates = await picker.candidates(w.queue, req, step)
                if candidates:
                    plans.append(
                        ReservePlan(w.conversation_id, w.queue, req.channel, tuple(candidates))
                    )
        state = HoldState.ASSIGNED if self.d.config.auto_accept else HoldState.OFFERED
        results = await self.d.scripts.reserve_many(plans, state=state, now_ms=now)
        made = [
            (p.conversation_id, p.queue, r)
            for p, r in zip(plans, results, strict=True)
            if isinstance(r, Reserved)
        ]
        await self.d.settle(made, state, how="auto" if self.d.config.auto_accept else "offer")
        await self._move(moves)
        return len(made)

    async def _move(self, moves: Sequence[tuple[Waiting, Step]]) -> None:
        """Routing steps that timed out: the next queue and priority, with the same age."""
        if not moves:
            return
        placements = [
            Placement(w.conversation_id, s.queue, s.priority, enqueued_at_ms(w.score))
            for w, s in moves
        ]
        async with self.d.redis.pipeline(transaction=False) as pipe:
            await self.queues.place(pipe, placements)
            await pipe.execute()
        await ledger.move(
            self.d.engine, [(w.conversation_id, s.queue, s.priority) for w, s in moves]
        )
        await self.d.emit(
            [
                Event(
                    MOVED,
                    w.conversation_id,
                    queue=s.queue,
                    data={"from": w.queue, "reason": "step_timeout"},
                )
                for w, s in moves
            ]
        )

    # --- taking work back ---

    async def watch(self, *, check_resolved: bool = False) -> int:
        """Take back what agents cannot or did not handle; returns how many."""
        cfg = self.d.config
        held = await self.d.holdings()
        if not held:
            return 0
        now = now_ms()
        gone = await self.d.presence.offline_since(sorted({h.agent_id for h in held}))
        expired = [
            h
            for h in held
            if h.state is HoldState.OFFERED and now - h.since_ms >= cfg.offer_timeout_ms
        ]
        # the grace runs from going offline, or from the assignment if it came later (a
        # supervisor giving work to someone offline gets it back after the grace, not at once)
        lost = [
            h
            for h in held
            if h.agent_id in gone and now - max(gone[h.agent_id], h.since_ms) >= cfg.grace_ms
        ]
        late = [
            h
            for h in held
            if cfg.unanswered_ms
            and h.state is HoldState.ASSIGNED
            and now - h.since_ms >= cfg.unanswered_ms
        ]
        asked = {
            h.conversation_id: h.since_ms for h in (*lost, *late) if h.state is HoldState.ASSIGNED
        }
        replied = await ledger.answered(self.d.engine, asked) if asked else set()
        taken = 0
        for h in expired:
            taken += await self._take_back(h, "offer_expired", decline=True)
            if self.d.metrics is not None:
                self.d.metrics.offers_expired.inc()
        for h in lost:
            if h.conversation_id not in replied:
                taken += await self._take_back(h, "offline", decline=False)
        for h in late:
            if h.conversation_id not in replied:
                taken += await self._take_back(h, "unanswered", decline=True)
        if check_resolved:
            taken += await self._free_resolved(held)
        return taken

    async def _take_back(self, h: Holding, reason: str, *, decline: bool) -> int:
        done = await self.d.release(
            h.conversation_id, reason=reason, agent_id=h.agent_id, seq=h.seq, decline=decline
        )
        return int(done is not None)

    async def _free_resolved(self, held: Sequence[Holding]) -> int:
        rows = await ledger.statuses(self.d.engine, [h.conversation_id for h in held])
        freed = 0
        for h in held:
            row = rows.get(h.conversation_id)
            if row is None or row.status == "resolved":
                done = await self.d.release(
                    h.conversation_id,
                    reason="resolved",
                    agent_id=h.agent_id,
                    seq=h.seq,
                    requeue=False,
                )
                freed += done is not None
        return freed

    # --- the loop ---

    async def wait_for_work(self, timeout_s: float) -> None:
        """Block on the event stream: a routed message (or any event) ends the wait. The
        conversations of routed messages may have new decisions: forget their cached needs."""
        key = self.d.keys.events
        if not self._events_from:
            last: Any = await self.d.redis.xrevrange(key, count=1)
            self._events_from = last[0][0].decode() if last else "0-0"
        found: Any = await self.d.redis.xread(
            {key: self._events_from}, count=1000, block=int(timeout_s * 1000)
        )
        stale: set[str] = set()
        for _stream, entries in found or []:
            for entry_id, fields in entries:
                self._events_from = entry_id.decode()
                stale.update(r.conversation_id for r in decode_routed(fields))
        await self.d.requirements.forget(sorted(stale))

    async def run(self, stop: asyncio.Event) -> None:
        repaired = await reconcile(self.d)
        # Redis may have lost the queues too: waiting conversations go back (idempotent).
        waiting = await requeue_waiting(self.d.engine, self.d.redis, self.d.keys)
        log.info("dispatch.started", waiting=waiting, **asdict(repaired))
        await self.refresh_agents(force=True)
        watched = resolved = 0.0
        repaired_at = time.monotonic()
        failures = 0
        while not stop.is_set():
            try:
                made = await self.tick()
                clock = time.monotonic()
                if clock - repaired_at >= REPAIR_EVERY_S:
                    await reconcile(self.d)
                    repaired_at = clock
                if clock - watched >= WATCH_EVERY_S:
                    full = clock - resolved >= RESOLVED_CHECK_S
                    await self.watch(check_resolved=full)
                    watched, resolved = clock, clock if full else resolved
                if not made:
                    await self.wait_for_work(self.d.config.tick_s)
                failures = 0
            except (RedisError, SQLAlchemyError, OSError) as exc:
                failures += 1
                delay = min(30.0, 0.1 * 2**failures)
                log.warning("dispatch.retry", error=str(exc), in_s=delay)
                await _sleep_or_stop(stop, delay)
        log.info("dispatch.stopped")


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
