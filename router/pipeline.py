"""The router pipeline: one batch of inbound stream entries from decoded to queued.

decode → dedupe within the batch → customers → thread into conversations → decide (the
:class:`~router.decide.Decider` seam: redaction, classification, rules) → store messages,
decisions and conversation changes in one transaction → place conversations in their
queues and publish events in one Redis round trip → (the consume loop) XACK.

Every step is idempotent, so replaying a batch after a crash at any point stores nothing
twice: the transaction either happened (inserts then find their rows and do nothing) or
did not; queue placement and events are re-applied from the stored state.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from router import codec
from router.autoreply import auto_replies
from router.batchplan import Incoming, Plan, plan_batch
from router.decide import BatchDecider, Decider
from router.events import Routed, encode_routed
from router.keys import Keys
from router.models import Message, Outbound
from router.outbound import mark_streamed, outbound_row, outbox_row, publish_outbound
from router.placement import Queues
from router.store import ingest
from router.store.bulk import insert_rows
from router.store.runner import transaction_runner
from router.store.schema import messages, outbox
from router.stream import Entry

# (channel, seconds from the connector's XADD to queued, decision outcome) per stored message
RoutedHook = Callable[[str, float, str], None]


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    reopen_window: timedelta
    event_maxlen: int


def stream_id_ms(stream_id: str) -> int:
    return int(stream_id.split("-", 1)[0])


class Pipeline:
    def __init__(
        self,
        engine: AsyncEngine,
        redis: Redis,
        keys: Keys,
        decider: Decider,
        config: PipelineConfig,
        on_routed: RoutedHook | None = None,
    ) -> None:
        self.engine = engine
        self.redis = redis
        self.keys = keys
        self.decider = decider
        self.config = config
        self.queues = Queues(redis, keys)
        self.on_routed = on_routed
        url = engine.url.render_as_string(hide_password=False)
        self.runner = transaction_runner(url, engine)

    async def handle(self, entries: Sequence[Entry]) -> Mapping[str, str]:
        """The consume loop's batch handler; returns the entries rejected for good."""
        batch, rejected = decode_batch(entries)
        if batch:
            now = datetime.now(UTC)
            decider = self.decider
            if isinstance(decider, BatchDecider):
                # The batch's classification, at once and before its transaction opens.
                decider = await asyncio.to_thread(decider.for_batch, [i.message for i in batch])
            plan, inserted, replies = await self.runner.run(
                store_batch, batch, decider, now, self.config.reopen_window
            )
            await self._publish(plan, inserted, now)
            if replies:
                await publish_outbound(self.redis, self.keys, replies, self.config.event_maxlen)
                await mark_streamed(self.engine, [r.id for r in replies])
            self._observe(plan, inserted)
        return rejected

    async def close(self) -> None:
        await self.runner.close()

    async def _publish(self, plan: Plan, inserted: set[str], now: datetime) -> None:
        now_ms = int(now.timestamp() * 1000)
        async with self.redis.pipeline(transaction=False) as pipe:
            await self.queues.place(pipe, plan.placements(now_ms))
            routed = _routed(plan, inserted)
            if routed:
                pipe.xadd(
                    self.keys.events,
                    encode_routed(routed, now),  # type: ignore[arg-type]
                    maxlen=self.config.event_maxlen,
                    approximate=True,
                )
            await pipe.execute()

    def _observe(self, plan: Plan, inserted: set[str]) -> None:
        if self.on_routed is None:
            return
        now_ms = time.time() * 1000
        for row in plan.rows:
            if row.message_id in inserted:
                latency = max(0.0, now_ms - stream_id_ms(row.stream_id)) / 1000
                self.on_routed(row.message.channel, latency, row.decision.outcome)


def store_batch(
    conn: Connection,
    batch: list[Incoming],
    decider: Decider,
    now: datetime,
    reopen_window: timedelta,
) -> tuple[Plan, set[str], list[Outbound]]:
    """The batch's one transaction: customers, threading, decisions, messages, replies."""
    messages_in = [i.message for i in batch]
    owners = ingest.ensure_customers(conn, messages_in, now)
    states = ingest.thread_states(conn, ((m.channel, m.thread_key) for m in messages_in))
    plan = plan_batch(batch, states, owners, decider, now, reopen_window)
    created = ingest.create_conversations(conn, plan.new_conversations, now)
    ingest.reopen_conversations(conn, plan.reopened, now)
    inserted = ingest.insert_messages(
        conn, [(r.message, r.message_id, r.conversation_id, r.stream_id) for r in plan.rows], now
    )
    ingest.insert_decisions(conn, [r.decision for r in plan.rows if r.message_id in inserted], now)
    ingest.apply_updates(conn, plan.updates(inserted, created), now)
    return plan, inserted, _store_replies(conn, plan, inserted, now)


def _store_replies(
    conn: Connection, plan: Plan, inserted: set[str], now: datetime
) -> list[Outbound]:
    """Automatic replies of the messages stored by this batch, in its transaction."""
    wanted = auto_replies(
        (
            (r.message, r.conversation_id, r.replies)
            for r in plan.rows
            if r.replies and r.message_id in inserted
        ),
        now,
    )
    if not wanted:
        return []
    stored = insert_rows(conn, messages, [outbound_row(o, now) for o in wanted], returning=("id",))
    ids = {r[0] for r in stored}
    replies = [o for o in wanted if o.id in ids]
    insert_rows(conn, outbox, [outbox_row(o, now) for o in replies])
    return replies


def decode_batch(entries: Sequence[Entry]) -> tuple[list[Incoming], dict[str, str]]:
    """Decode entries in stream order, dropping repeats of one message within the batch."""
    batch: list[Incoming] = []
    rejected: dict[str, str] = {}
    seen: set[str] = set()
    for entry in entries:
        try:
            message = codec.decode(entry.fields, Message)
        except codec.CodecError as exc:
            rejected[entry.id] = f"CodecError: {exc}"
            continue
        message_id = message.id
        if message_id not in seen:
            seen.add(message_id)
            batch.append(Incoming(entry.id, message, message_id))
    return batch, rejected


def _routed(plan: Plan, inserted: set[str]) -> list[Routed]:
    return [
        Routed(
            r.conversation_id,
            r.message_id,
            r.decision.queue,
            r.decision.priority,
            r.message.channel,
            r.stream_id,
        )
        for r in plan.rows
        if r.message_id in inserted
    ]
