"""Live updates for the inbox: the event stream, as server-sent events.

Events carry ids, queue names and statuses, never text; the page refetches what changed
through the API, where access is checked. An agent is sent only the events of queues they
may take from and of conversations assigned to them. A customer typing (the web chat's
visitor) is passed on as a ``typing`` event of its own: it changes nothing to refetch.
The browser's ``EventSource`` reconnects by itself with ``Last-Event-ID`` (the Redis
stream id), so nothing between two connections is missed while the stream still holds it.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Header
from fastapi.responses import StreamingResponse

from router.api import queries
from router.api.deps import ReaderDep, Resources, ResourcesDep
from router.auth.access import Reader
from router.events import ROUTED, Event, decode_event, decode_routed

router = APIRouter(prefix="/api", tags=["inbox"])

# Also the keep-alive interval (proxies drop idle streams); below the Redis client's socket
# timeout, which a blocking read must not outlast.
BLOCK_MS = 3_000
BATCH = 200
MAX_STREAM_S = 600  # then the browser reconnects; a shut-down server is not held open
_STREAM_ID = re.compile(r"^\d{1,20}-\d{1,20}$")
TYPING = "conversation.typing"
TYPING_FRESH_S = 10.0  # a replayed typing event older than this is no longer true
MAY_READ_KEEP_S = 5.0
MAY_READ_KEPT = 1_000


def _visible(reader: Reader, queue: str, data: Mapping[str, str]) -> bool:
    if reader.may_read(queue, None):
        return True
    return reader.agent_id in (data.get("agent_id"), data.get("assignee_id"))


def _frames(reader: Reader, entry_id: str, fields: Mapping[bytes, bytes]) -> Iterator[str]:
    if fields.get(b"type") == ROUTED.encode():
        items: list[dict[str, Any]] = [
            {"type": ROUTED, "conversation_id": r.conversation_id, "queue": r.queue}
            for r in decode_routed(fields)
            if _visible(reader, r.queue, {})
        ]
    else:
        event = decode_event(fields)
        items = (
            [{"type": event.type, "conversation_id": event.conversation_id, "queue": event.queue}]
            if _visible(reader, event.queue, event.data)
            else []
        )
    if items:
        yield f"id: {entry_id}\nevent: changes\ndata: {orjson.dumps(items).decode()}\n\n"
    else:
        yield f"id: {entry_id}\n\n"  # moves the reconnect position past what was filtered


class _MayRead:
    """Typing events carry no queue: the conversation's own queue and assignee decide.
    The answer is kept a few seconds per stream, as a visitor typing repeats the event
    every couple of seconds for every agent connected; a transfer shows after at most that."""

    def __init__(self, res: Resources, reader: Reader) -> None:
        self._res, self._reader = res, reader
        self._known: dict[str, tuple[float, bool]] = {}

    async def __call__(self, conversation_id: str) -> bool:
        if self._reader.sees_everything:
            return True
        now = time.monotonic()
        known = self._known.get(conversation_id)
        if known is not None and now - known[0] < MAY_READ_KEEP_S:
            return known[1]
        async with self._res.engine.connect() as conn:
            row = await queries.conversation(conn, conversation_id)
        allowed = row is not None and self._reader.may_read(row.queue, row.assignee_id)
        if len(self._known) >= MAY_READ_KEPT:
            self._known.clear()
        self._known[conversation_id] = (now, allowed)
        return allowed


async def _typing_frame(may_read: _MayRead, entry_id: str, event: Event) -> str:
    """The customer's typing for those who may read the conversation; an agent's own
    typing goes to the customer's channel, not to other agents."""
    fresh = time.time() - event.at.timestamp() < TYPING_FRESH_S
    if event.data.get("by") == "customer" and fresh and await may_read(event.conversation_id):
        body = {"conversation_id": event.conversation_id, "on": event.data.get("on") != "0"}
        return f"id: {entry_id}\nevent: typing\ndata: {orjson.dumps(body).decode()}\n\n"
    return f"id: {entry_id}\n\n"


async def _start(res: Resources, last_event_id: str | None) -> str:
    if last_event_id and _STREAM_ID.match(last_event_id):
        return last_event_id
    newest: Any = await res.redis.xrevrange(res.keys.events, count=1)
    return newest[0][0].decode() if newest else "0-0"


async def _stream(res: Resources, reader: Reader, position: str) -> AsyncIterator[str]:
    yield "retry: 2000\nevent: ready\ndata: {}\n\n"
    deadline = time.monotonic() + MAX_STREAM_S
    may_read = _MayRead(res, reader)
    while time.monotonic() < deadline:
        found: Any = await res.redis.xread({res.keys.events: position}, count=BATCH, block=BLOCK_MS)
        if not found:
            yield ": keep-alive\n\n"
            continue
        for raw_id, fields in found[0][1]:
            position = raw_id.decode()
            if fields.get(b"type") == TYPING.encode():
                yield await _typing_frame(may_read, position, decode_event(fields))
                continue
            for frame in _frames(reader, position, fields):
                yield frame


@router.get("/events")
async def events(
    res: ResourcesDep,
    reader: ReaderDep,
    last_event_id: Annotated[str | None, Header(max_length=40)] = None,
) -> StreamingResponse:
    position = await _start(res, last_event_id)
    return StreamingResponse(
        _stream(res, reader, position),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
