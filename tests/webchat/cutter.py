"""A TCP proxy between the browser and the web chat server that a test can cut.

``cut()`` drops every connection at once (as a train entering a tunnel would) and refuses
new ones until ``restore()``; ``swallow_replies()`` keeps forwarding what the browser sends
but drops what the server answers, so a message can reach the server while its
acknowledgement is lost.
"""

from __future__ import annotations

import asyncio
import contextlib


class Cutter:
    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.port = 0
        self.accepting = True
        self.swallowing = False
        self.connections = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None

    async def __aenter__(self) -> Cutter:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.cut()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def cut(self) -> None:
        self.accepting = False
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def restore(self) -> None:
        self.accepting, self.swallowing = True, False

    def swallow_replies(self) -> None:
        self.swallowing = True

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.accepting:
            writer.transport.abort()
            return
        self.connections += 1
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        self._writers.update((writer, up_writer))
        await asyncio.gather(
            self._pump(reader, up_writer, downstream=False),
            self._pump(up_reader, writer, downstream=True),
        )

    async def _pump(
        self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, *, downstream: bool
    ) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while chunk := await src.read(65536):
                if downstream and self.swallowing:
                    continue
                dst.write(chunk)
                await dst.drain()
        dst.transport.abort()
        self._writers.discard(dst)
