"""The router pipeline against real Redis and both stores: threading, dedupe, queues,
events, and what happens to bad input."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from redis.asyncio import Redis
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine
from support.messages import T0, inbound
from support.router import (
    RouterHarness,
    count_conversations,
    count_messages,
    queue_members,
    rows,
)

from router import codec
from router.consumer import TransientError
from router.decide import ConversationContext, DefaultQueueDecider, Verdict
from router.dlq import list_dead_letters, replay
from router.events import decode_routed
from router.keys import Keys
from router.models import Message, conversation_id_for
from router.placement import priority_of
from router.settings import Settings
from router.store.schema import conversations

pytestmark = pytest.mark.pipeline


async def test_messages_of_one_thread_form_one_conversation(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    async with RouterHarness(settings, redis, engine) as router:
        await router.publish([inbound(n, thread="t-a", sender="alice") for n in range(3)])
        await router.publish([inbound(10, thread="t-b", sender="bob")])
        await router.drain()

    assert await count_messages(engine) == 4
    convs = await rows(engine, "select thread_key, message_count, queue from conversations")
    assert sorted((r.thread_key, r.message_count, r.queue) for r in convs) == [
        ("t-a", 3, "triage"),
        ("t-b", 1, "triage"),
    ]
    customers = await rows(engine, "select count(*) from customers")
    assert customers[0][0] == 2


async def test_a_message_delivered_twice_is_stored_once(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    first = inbound(1, thread="t-a")
    async with RouterHarness(settings, redis, engine) as router:
        await router.publish([first, first])  # twice in one batch
        await router.drain()
        await router.publish([first])  # and again later
        await router.drain()

    assert await count_messages(engine) == 1
    convs = await rows(engine, "select message_count from conversations")
    assert [r.message_count for r in convs] == [1]


async def test_every_conversation_waits_in_exactly_one_queue_by_priority_then_age(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    class ByText(DefaultQueueDecider):
        def decide(self, message: Message, context: ConversationContext, now: datetime) -> Verdict:
            verdict = super().decide(message, context, now)
            priority = 90 if "urgent" in message.text else verdict.decision.priority
            queue = "security" if "hacked" in message.text else verdict.decision.queue
            return replace(
                verdict, decision=replace(verdict.decision, queue=queue, priority=priority)
            )

    decider = ByText(settings.default_queue, settings.default_priority)
    async with RouterHarness(settings, redis, engine, decider=decider) as router:
        await router.publish([inbound(1, text="question"), inbound(2, text="urgent question")])
        await router.drain()
        # A follow-up that moves its conversation: it must leave the old queue.
        await router.publish([inbound(3, thread="thread-1", sender="cust-1", text="hacked!")])
        await router.drain()

    keys = Keys(settings.key_prefix)
    members = await queue_members(redis, keys)
    c1 = conversation_id_for("webchat", "thread-1", 0)
    c2 = conversation_id_for("webchat", "thread-2", 0)
    assert members == {"triage": [c2], "security": [c1]}
    everywhere = [m for ms in members.values() for m in ms]
    assert len(everywhere) == len(set(everywhere)) == await count_conversations(engine)
    assert priority_of(float(await redis.zscore(keys.queue("triage"), c2) or 0)) == 90


async def test_events_name_the_message_and_its_queue_but_not_its_text(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    async with RouterHarness(settings, redis, engine) as router:
        await router.publish([inbound(1, text="my secret words")])
        await router.drain()

    entries = await redis.xrange(Keys(settings.key_prefix).events)
    routed = [r for _, fields in entries for r in decode_routed(fields)]
    assert [(r.message_id, r.queue) for r in routed] == [(inbound(1).id, "triage")]
    assert all(b"secret" not in value for _, f in entries for value in f.values())


async def test_follow_up_reopens_a_recently_resolved_conversation_and_starts_anew_later(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    settings = settings.model_copy(update={"reopen_window_s": 3600})
    async with RouterHarness(settings, redis, engine) as router:
        await router.publish([inbound(1, thread="t", sender="c", at=datetime.now(T0.tzinfo))])
        await router.drain()
        await _resolve_all(engine)
        await router.publish([inbound(2, thread="t", sender="c", at=datetime.now(T0.tzinfo))])
        await router.drain()
        assert await count_conversations(engine) == 1
        status = await rows(engine, "select status, message_count from conversations")
        assert [(r.status, r.message_count) for r in status] == [("open", 2)]

        await _resolve_all(engine, last_message_at=datetime.now(T0.tzinfo) - timedelta(days=2))
        await router.publish([inbound(3, thread="t", sender="c", at=datetime.now(T0.tzinfo))])
        await router.drain()

    convs = await rows(
        engine, "select generation, status, message_count from conversations order by generation"
    )
    assert [(r.generation, r.status, r.message_count) for r in convs] == [
        (0, "resolved", 2),
        (1, "open", 1),
    ]


async def _resolve_all(engine: AsyncEngine, last_message_at: datetime | None = None) -> None:
    values: dict[str, object] = {"status": "resolved"}
    if last_message_at is not None:
        values["last_message_at"] = last_message_at
    async with engine.begin() as conn:
        await conn.execute(update(conversations).values(**values))


async def test_an_undecodable_entry_is_dead_lettered_with_its_error_and_the_rest_flows(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    keys = Keys(settings.key_prefix)
    async with RouterHarness(settings, redis, engine) as router:
        await redis.xadd(keys.inbound, {"v": "1", "type": "message", "data": "{not json"})
        await redis.xadd(keys.inbound, {"garbage": "\xff"})
        await router.publish([inbound(1)])
        await router.drain()

    assert await count_messages(engine) == 1
    letters = await list_dead_letters(redis, Keys.dead_letter(keys.inbound))
    assert len(letters) == 2
    assert "malformed message data" in letters[0].error
    assert "missing field 'v'" in letters[1].error
    assert letters[0].fields[b"data"] == b"{not json"  # the raw entry is kept


class FailsOn(DefaultQueueDecider):
    """Raises for messages whose text contains ``marker`` (a bug in a step)."""

    marker: str = "boom"

    def decide(self, message: Message, context: ConversationContext, now: datetime) -> Verdict:
        if self.marker in message.text:
            raise ValueError("step failed on this message")
        return super().decide(message, context, now)


async def test_a_message_that_always_fails_reaches_the_dead_letters_after_n_tries(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    settings = settings.model_copy(update={"max_deliveries": 3})
    keys = Keys(settings.key_prefix)
    decider = FailsOn(settings.default_queue, settings.default_priority)
    async with RouterHarness(settings, redis, engine, decider=decider) as router:
        await router.publish([inbound(1), inbound(2, text="boom"), inbound(3)])
        await router.drain()

    assert await count_messages(engine) == 2  # the others were not held back
    letters = await list_dead_letters(redis, Keys.dead_letter(keys.inbound))
    assert [(d.deliveries, d.error) for d in letters] == [
        (3, "ValueError: step failed on this message")
    ]

    # Once the cause is fixed, a replay brings it back and it is routed.
    await replay(redis, Keys.dead_letter(keys.inbound))
    async with RouterHarness(settings, redis, engine) as router:
        await router.drain()
    assert await count_messages(engine) == 3
    assert await list_dead_letters(redis, Keys.dead_letter(keys.inbound)) == []


async def test_a_transient_outage_is_waited_out_without_using_up_tries(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    settings = settings.model_copy(update={"max_deliveries": 1})
    outage = {"left": 5}

    class Flaky(DefaultQueueDecider):
        def decide(self, message: Message, context: ConversationContext, now: datetime) -> Verdict:
            if outage["left"] > 0:
                outage["left"] -= 1
                raise TransientError("database unreachable", retry_after=0.01)
            return super().decide(message, context, now)

    decider = Flaky(settings.default_queue, settings.default_priority)
    async with RouterHarness(settings, redis, engine, decider=decider) as router:
        await router.publish([inbound(1)])
        await router.drain()

    assert outage["left"] == 0
    assert await count_messages(engine) == 1
    keys = Keys(settings.key_prefix)
    assert await list_dead_letters(redis, Keys.dead_letter(keys.inbound)) == []


async def test_a_deleted_group_stops_the_consumer_loudly(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    from router.stream import GroupMissing

    router = RouterHarness(settings, redis, engine)
    async with router:
        await router.publish([inbound(1)])
        await router.drain()
        await redis.xgroup_destroy(router.keys.inbound, "router")
        assert router.task is not None
        with pytest.raises(GroupMissing):
            await router.task
        router.task = None  # already finished


def test_codec_rejects_unknown_versions_explicitly() -> None:
    fields = codec.encode(inbound(1))
    fields["v"] = b"99"
    with pytest.raises(codec.CodecError, match="unknown codec version"):
        codec.decode(fields, Message)


async def test_queues_lost_with_redis_are_rebuilt_from_the_store(
    settings: Settings, redis: Redis, engine: AsyncEngine
) -> None:
    from router.requeue import requeue_waiting

    keys = Keys(settings.key_prefix)
    async with RouterHarness(settings, redis, engine) as router:
        await router.publish(
            [inbound(1), inbound(2), inbound(3, thread="thread-1", sender="cust-1")]
        )
        await router.drain()
    before = await queue_members(redis, keys)
    async with engine.begin() as conn:  # an agent took conversation 2: it waits nowhere
        await conn.execute(
            update(conversations)
            .where(conversations.c.id == conversation_id_for("webchat", "thread-2", 0))
            .values(assignee_id="agent-1")
        )
    for key in [keys.queue_index, keys.queue_names, keys.queue("triage")]:
        await redis.delete(key)

    assert await requeue_waiting(engine, redis, keys) == 1
    assert await queue_members(redis, keys) == {
        "triage": [conversation_id_for("webchat", "thread-1", 0)]
    }
    assert len(before["triage"]) == 2
    assert await requeue_waiting(engine, redis, keys) == 1  # idempotent
    assert await queue_members(redis, keys) == {
        "triage": [conversation_id_for("webchat", "thread-1", 0)]
    }
