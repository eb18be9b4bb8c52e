"""The live chats this process holds, and fan-out of frames to them.

A chat (thread) may be open in several tabs; each tab is one :class:`Peer`. Frames for a
chat arrive from other processes too (a reply sent by whichever process consumed it), so
delivery goes through a Redis pub/sub channel that every web chat process listens to; a
process with no peer of that chat drops the frame, which the chat's history still holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

import orjson
import structlog

log = structlog.get_logger(__name__)


class Peer(Protocol):
    thread_key: str
    conversation_id: str

    async def push(self, frame: dict[str, Any]) -> None: ...


class Hub:
    def __init__(self) -> None:
        self._by_thread: dict[str, set[Peer]] = defaultdict(set)
        self._pending: dict[str, tuple[Peer, str]] = {}  # message id -> (peer, client id)

    def join(self, peer: Peer) -> None:
        self._by_thread[peer.thread_key].add(peer)

    def leave(self, peer: Peer) -> None:
        peers = self._by_thread.get(peer.thread_key)
        if peers is not None:
            peers.discard(peer)
            if not peers:
                del self._by_thread[peer.thread_key]
        for message_id in [k for k, (p, _) in self._pending.items() if p is peer]:
            del self._pending[message_id]

    def expect(self, peer: Peer, message_id: str, client_id: str) -> None:
        """Tell ``peer`` when the router has stored ``message_id``."""
        self._pending[message_id] = (peer, client_id)

    def peers(self) -> Iterable[Peer]:
        return [p for peers in self._by_thread.values() for p in peers]

    def of_thread(self, thread_key: str) -> list[Peer]:
        return list(self._by_thread.get(thread_key, ()))

    def of_conversation(self, conversation_id: str) -> list[Peer]:
        return [p for p in self.peers() if p.conversation_id == conversation_id]

    def stored(self, message_id: str) -> tuple[Peer, str] | None:
        return self._pending.pop(message_id, None)

    def __len__(self) -> int:
        return sum(len(p) for p in self._by_thread.values())

    async def deliver(self, raw: bytes) -> None:
        """A frame from the live channel: ``{"thread": ..., "frame": {...}}``."""
        note = orjson.loads(raw)
        for peer in self.of_thread(str(note["thread"])):
            await _push_quietly(peer, note["frame"])


async def _push_quietly(peer: Peer, frame: dict[str, Any]) -> None:
    try:
        await peer.push(frame)
    except Exception as exc:  # a socket closing under us: its reader cleans up
        log.debug("webchat.push_failed", error=str(exc))


async def push_all(peers: Iterable[Peer], frame: dict[str, Any]) -> None:
    for peer in peers:
        await _push_quietly(peer, frame)
