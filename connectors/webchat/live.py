"""The background loops of a web chat process, each until ``stop`` is set:

- **replies**: the live channel (Redis pub/sub) to this process's sockets;
- **events**: the event stream, for "stored" notices, agents typing and reading, and
  conversations closing;
- **queue**: every waiting chat's position and estimated wait, pushed when they change;
  and the presence of the chats held here (for email follow-ups).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from typing import Any

import structlog

from connectors.webchat.connector import live_channel
from connectors.webchat.followup import PRESENCE_TTL_S, mark_present
from connectors.webchat.hub import push_all
from connectors.webchat.runtime import Runtime
from connectors.webchat.session import ChatPeer
from connectors.webchat.waiting import standings
from router.consumer import describe, is_transient, sleep_unless_stopped
from router.events import ROUTED, decode_event, decode_routed

log = structlog.get_logger(__name__)

EVENT_BLOCK_MS = 500
RETRY_S = 1.0
# Presence keys live PRESENCE_TTL_S; refreshing at a third of that survives a missed beat.
PRESENCE_EVERY_S = PRESENCE_TTL_S / 3


async def run_replies(rt: Runtime, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            async with rt.redis.pubsub() as pubsub:
                await pubsub.subscribe(live_channel(rt.keys))
                while not stop.is_set():
                    note = await pubsub.get_message(ignore_subscribe_messages=True, timeout=0.5)
                    if note is not None:
                        await rt.hub.deliver(note["data"])
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("webchat.live_lost", error=describe(exc))
            await sleep_unless_stopped(stop, RETRY_S)


async def run_events(rt: Runtime, stop: asyncio.Event) -> None:
    last = "$"
    while not stop.is_set():
        try:
            found: Any = await rt.redis.xread({rt.keys.events: last}, block=EVENT_BLOCK_MS)
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("webchat.events_lost", error=describe(exc))
            await sleep_unless_stopped(stop, RETRY_S)
            continue
        for _stream, entries in found or ():
            for entry_id, fields in entries:
                last = entry_id
                await on_event(rt, fields)


async def on_event(rt: Runtime, fields: Mapping[bytes, bytes]) -> None:
    if fields.get(b"type") == ROUTED.encode():
        for routed in decode_routed(fields):
            waiting = rt.hub.stored(routed.message_id)
            if waiting is None:
                continue
            peer, client_id = waiting
            if isinstance(peer, ChatPeer):
                peer.learn_conversation(routed.conversation_id)
            await push_all(
                [peer],
                {"type": "stored", "id": client_id, "conversation_id": routed.conversation_id},
            )
        return
    event = decode_event(fields)
    frame = _frame_for(event.type, event.data, event.conversation_id)
    if frame is None:
        return
    peers = rt.hub.of_conversation(event.conversation_id)
    await push_all(peers, frame)
    if frame.get("status") == "resolved":
        for peer in peers:  # no queue to stand in any more; a new message opens the next
            if isinstance(peer, ChatPeer):
                peer.conversation_id = ""


def _frame_for(kind: str, data: Mapping[str, str], conversation_id: str) -> dict[str, Any] | None:
    """What the widget shows of an inbox event (the visitor's own echoes are skipped)."""
    if data.get("by") == "customer":
        return None
    if kind == "conversation.typing":
        return {"type": "typing", "on": data.get("on", "1") == "1"}
    if kind == "conversation.read":
        return {"type": "read", "message_id": data.get("message_id", "")}
    status = data.get("status", "")
    if kind == "conversation.resolved" or status == "resolved":
        return {"type": "status", "conversation_id": conversation_id, "status": "resolved"}
    return None


async def run_queue_updates(rt: Runtime, stop: asyncio.Event) -> None:
    present_at = 0.0
    while not stop.is_set():
        try:
            if time.monotonic() - present_at > PRESENCE_EVERY_S:
                await mark_present(rt.redis, rt.keys, [p.thread_key for p in rt.hub.peers()])
                present_at = time.monotonic()
            await update_positions(rt)
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning("webchat.queue_update_failed", error=describe(exc))
        await sleep_unless_stopped(stop, rt.settings.webchat_queue_update_s)


async def update_positions(rt: Runtime) -> None:
    peers = [p for p in rt.hub.peers() if isinstance(p, ChatPeer) and p.conversation_id]
    ids = sorted({p.conversation_id for p in peers})
    found = {s.conversation_id: s for s in await standings(rt.redis, rt.keys, ids)}
    depth: dict[str, int] = {}
    for s in found.values():
        if s.queue:
            depth[s.queue] = max(depth.get(s.queue, 0), s.position)
    await rt.pace.observe(depth)
    intervals = {q: await rt.pace.service_interval(q) for q in depth}
    for peer in peers:
        standing = found[peer.conversation_id]
        if not standing.queue:
            frame: dict[str, Any] = {"type": "queue", "position": 0, "wait_s": 0}
        else:
            est = rt.pace.estimate(standing.position, intervals[standing.queue])
            frame = {
                "type": "queue",
                "position": est.position,
                "wait_s": est.wait_s,
                "measured": est.measured,
                "queue": standing.queue,
            }
        shown = (frame["position"], round(frame["wait_s"] / 30))
        if shown != peer.last_queue:
            peer.last_queue = shown
            await push_all([peer], {**frame, "conversation_id": peer.conversation_id})
