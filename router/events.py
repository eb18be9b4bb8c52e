"""Events for live UIs: what happened to which conversation, never what anyone wrote.

An event carries ids, a queue name and statuses only; a UI that wants the text reads it
through the API, where access is checked. Publishing trims the stream approximately
(``MAXLEN ~``), so Redis trims whole macro-nodes cheaply instead of exactly on every add.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import orjson
from redis.asyncio import Redis

from router.keys import Keys


@dataclass(frozen=True, slots=True)
class Event:
    type: str
    conversation_id: str
    message_id: str = ""
    queue: str = ""
    data: Mapping[str, str] = field(default_factory=dict)
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


def encode_event(event: Event) -> dict[str, bytes]:
    return {
        "type": event.type.encode(),
        "conversation_id": event.conversation_id.encode(),
        "message_id": event.message_id.encode(),
        "queue": event.queue.encode(),
        "at": event.at.isoformat().encode(),
        "data": orjson.dumps(dict(event.data)),
    }


def decode_event(fields: Mapping[bytes, bytes]) -> Event:
    return Event(
        type=fields[b"type"].decode(),
        conversation_id=fields[b"conversation_id"].decode(),
        message_id=fields.get(b"message_id", b"").decode(),
        queue=fields.get(b"queue", b"").decode(),
        data={str(k): str(v) for k, v in orjson.loads(fields.get(b"data", b"{}")).items()},
        at=datetime.fromisoformat(fields[b"at"].decode()),
    )


async def publish_events(redis: Redis, keys: Keys, events: Sequence[Event], maxlen: int) -> None:
    if not events:
        return
    async with redis.pipeline(transaction=False) as pipe:
        for event in events:
            pipe.xadd(keys.events, encode_event(event), maxlen=maxlen, approximate=True)  # type: ignore[arg-type]
        await pipe.execute()
