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
    """Two fields: ``type`` (for consumers that filter) and everything else as one JSON
    document, which keeps the per-event cost of XADD low on the routing hot path."""
    body = {
        "conversation_id": event.conversation_id,
        "message_id": event.message_id,
        "queue": event.queue,
        "at": event.at.isoformat(),
        "data": dict(event.data),
    }
    return {"type": event.type.encode(), "data": orjson.dumps(body)}


def decode_event(fields: Mapping[bytes, bytes]) -> Event:
    body = orjson.loads(fields[b"data"])
    return Event(
        type=fields[b"type"].decode(),
        conversation_id=str(body["conversation_id"]),
        message_id=str(body.get("message_id", "")),
        queue=str(body.get("queue", "")),
        data={str(k): str(v) for k, v in body.get("data", {}).items()},
        at=datetime.fromisoformat(body["at"]),
    )


ROUTED = "messages.routed"


@dataclass(frozen=True, slots=True)
class Routed:
    """One inbound message placed by the router; a batch of them is one event."""

    conversation_id: str
    message_id: str
    queue: str
    priority: int
    channel: str
    stream_id: str


def encode_routed(items: Sequence[Routed], at: datetime) -> dict[str, bytes]:
    """All messages one router batch placed, as a single event: at thousands of messages a
    second, one XADD per message would cost the router more than storing them."""
    body = {
        "at": at.isoformat(),
        "items": [
            [r.conversation_id, r.message_id, r.queue, r.priority, r.channel, r.stream_id]
            for r in items
        ],
    }
    return {"type": ROUTED.encode(), "data": orjson.dumps(body)}


def decode_routed(fields: Mapping[bytes, bytes]) -> list[Routed]:
    """The messages of a ``messages.routed`` event ([] for any other event type)."""
    if fields.get(b"type") != ROUTED.encode():
        return []
    return [
        Routed(c, m, q, int(p), ch, s)
        for c, m, q, p, ch, s in orjson.loads(fields[b"data"])["items"]
    ]


async def publish_events(redis: Redis, keys: Keys, events: Sequence[Event], maxlen: int) -> None:
    if not events:
        return
    async with redis.pipeline(transaction=False) as pipe:
        for event in events:
            pipe.xadd(keys.events, encode_event(event), maxlen=maxlen, approximate=True)  # type: ignore[arg-type]
        await pipe.execute()
