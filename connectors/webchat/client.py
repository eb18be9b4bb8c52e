"""A Python client of the widget protocol, for the load benchmark and the tests.

It speaks exactly what ``widget.js`` speaks (hello, message with a client id, ack,
stored), over the ``websockets`` library, and keeps the frames it received.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import orjson
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

Frame = dict[str, Any]


def new_client_id() -> str:
    return uuid.uuid4().hex


class ChatClient:
    def __init__(self, url: str, origin: str, *, visitor: str = "", user: str = "") -> None:
        self.url = url
        self.origin = origin
        self.visitor = visitor
        self.user = user
        self.frames: list[Frame] = []
        self.welcome: Frame = {}
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()
        self.on_frame: Callable[[Frame], None] | None = None

    async def open(self, *, lang: str = "en", profile: Frame | None = None) -> Frame:
        """Connect and say hello; returns the ``welcome`` frame (raises on a refusal)."""
        self._ws = await connect(
            self.url,
            origin=Origin(self.origin),
            open_timeout=30,
            compression=None,
            proxy=None,
        )
        hello: Frame = {"type": "hello", "visitor": self.visitor, "user": self.user, "lang": lang}
        if profile is not None:
            hello["profile"] = profile
        await self._ws.send(orjson.dumps(hello).decode())
        self._reader = asyncio.create_task(self._read(self._ws))
        self.welcome = await self.wait_for(lambda f: f["type"] in ("welcome", "error"))
        if self.welcome["type"] == "welcome":
            self.visitor = self.welcome["visitor"] or self.visitor
        return self.welcome

    async def _read(self, ws: ClientConnection) -> None:
        try:
            async for raw in ws:
                frame = orjson.loads(raw)
                if self.on_frame is not None:
                    self.on_frame(frame)
                async with self._changed:
                    self.frames.append(frame)
                    self._changed.notify_all()
        except Exception:  # the connection dropped: the caller reconnects if it wants
            pass
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def send(self, frame: Frame) -> None:
        assert self._ws is not None
        await self._ws.send(orjson.dumps(frame).decode())

    async def say(self, text: str, client_id: str = "", **extra: Any) -> str:
        client_id = client_id or new_client_id()
        await self.send({"type": "message", "id": client_id, "text": text, **extra})
        return client_id

    async def wait_for(self, check: Callable[[Frame], bool], within_s: float = 15.0) -> Frame:
        """The first received frame (old or new) that ``check`` accepts."""
        async with asyncio.timeout(within_s), self._changed:
            seen = 0
            while True:
                for frame in self.frames[seen:]:
                    if check(frame):
                        return frame
                seen = len(self.frames)
                await self._changed.wait()

    @property
    def closed(self) -> bool:
        """The connection is gone (the reader saw it end)."""
        return self._reader is None or self._reader.done()

    @property
    def close_code(self) -> int | None:
        return self._ws.close_code if self._ws is not None else None

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await self._reader
