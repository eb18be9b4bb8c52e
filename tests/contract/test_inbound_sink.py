from __future__ import annotations

from datetime import UTC, datetime

import pytest
from redis.asyncio import Redis

from connectors.sink import RedisInboundSink
from router.codec import decode
from router.keys import Keys
from router.models import Message, Sender

pytestmark = pytest.mark.pipeline


def _message(n: int) -> Message:
    now = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    return Message(
        channel="log",
        external_id=f"ext-{n}",
        thread_key="t-1",
        sender=Sender(external_id="cust-1"),
        text=f"hello {n}",
        sent_at=now,
        received_at=now,
    )


async def test_publish_appends_decodable_messages_in_order(redis: Redis, key_prefix: str) -> None:
    keys = Keys(key_prefix)
    sink = RedisInboundSink(redis, keys)
    await sink.publish([_message(1), _message(2)])
    await sink.publish([])
    entries = await redis.xrange(keys.inbound)
    assert [decode(fields, Message) for _id, fields in entries] == [_message(1), _message(2)]
