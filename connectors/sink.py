"""The Redis side of :class:`~connectors.base.InboundSink`: XADD to the inbound stream."""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from router.codec import encode
from router.keys import Keys
from router.models import Message


class RedisInboundSink:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self._redis = redis
        self._keys = keys

    async def publish(self, messages: Sequence[Message]) -> None:
        if not messages:
            return
        # No MULTI: each entry stands alone, and a replay is absorbed by the router's
        # dedupe on (channel, external id).
        async with self._redis.pipeline(transaction=False) as pipe:
            for message in messages:
                pipe.xadd(self._keys.inbound, encode(message))  # type: ignore[arg-type]
            await pipe.execute()
