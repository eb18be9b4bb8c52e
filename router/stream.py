"""One consumer's view of a Redis stream: read, reclaim, acknowledge, dead-letter.

Delivery is at least once. An entry stays in the group's pending list until it is
acknowledged; one whose consumer died (or that failed) is reclaimed with XAUTOCLAIM once it
has been idle ``retry_idle_ms``, and Redis counts each delivery. The caller decides, from
that count, when an entry has had enough tries and goes to the dead-letter stream with its
raw fields and its error. A deleted stream or group is not something to retry around: it
raises :class:`GroupMissing` so the process stops loudly.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from router.keys import Keys

DLQ_FIELDS = ("dlq_error", "dlq_stream", "dlq_id", "dlq_deliveries", "dlq_at")


class GroupMissing(RuntimeError):
    """The stream or its consumer group was deleted under a running consumer."""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    fields: dict[bytes, bytes]
    deliveries: int


def text_of(value: bytes | str) -> str:
    """A Redis reply field as text (bytes from a bytes-mode client, str otherwise)."""
    return value.decode() if isinstance(value, bytes) else value


def _is_nogroup(exc: ResponseError) -> bool:
    return str(exc).startswith("NOGROUP")


class StreamConsumer:
    def __init__(
        self,
        redis: Redis,
        *,
        stream: str,
        group: str,
        consumer: str,
        batch: int = 256,
        block_ms: int = 1000,
        retry_idle_ms: int = 5000,
        max_deliveries: int = 5,
        reclaim_every_ms: int = 1000,
    ) -> None:
        self.redis = redis
        self.stream = stream
        self.group = group
        self.consumer = consumer
        self.batch = batch
        self.block_ms = block_ms
        self.retry_idle_ms = retry_idle_ms
        self.max_deliveries = max_deliveries
        self.reclaim_every_ms = reclaim_every_ms
        self.dead_letter_stream = Keys.dead_letter(stream)
        self._reclaim_cursor = "0-0"
        self._next_reclaim = 0.0

    async def ensure_group(self) -> None:
        """Create the group (and the stream) if missing, and join it as this consumer.

        Joining at once (rather than on the first read) makes a started consumer visible
        in XINFO CONSUMERS before any traffic arrives.
        """
        try:
            await self.redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        await self.redis.xgroup_createconsumer(self.stream, self.group, self.consumer)

    async def read(self) -> list[Entry]:
        """Idle entries of dead consumers first (when due), else new entries."""
        now = time.monotonic()
        if now >= self._next_reclaim:
            self._next_reclaim = now + self.reclaim_every_ms / 1000
            reclaimed = await self.reclaim()
            if reclaimed:
                return reclaimed
        try:
            response = await self.redis.xreadgroup(
                self.group,
                self.consumer,
                {self.stream: ">"},
                count=self.batch,
                block=self.block_ms,
            )
        except ResponseError as exc:
            if _is_nogroup(exc):
                raise GroupMissing(f"{self.stream} / group {self.group}: {exc}") from exc
            raise
        if not response:
            return []
        return [Entry(text_of(i), dict(f), 1) for i, f in _stream_entries(response)]

    async def reclaim(self) -> list[Entry]:
        """Claim entries idle for ``retry_idle_ms``, with their delivery counts."""
        try:
            result: Any = await self.redis.xautoclaim(
                self.stream,
                self.group,
                self.consumer,
                self.retry_idle_ms,
                start_id=self._reclaim_cursor,
                count=self.batch,
            )
        except ResponseError as exc:
            if _is_nogroup(exc):
                raise GroupMissing(f"{self.stream} / group {self.group}: {exc}") from exc
            raise
        self._reclaim_cursor = text_of(result[0])
        claimed = [(text_of(i), f) for i, f in result[1] if f]
        if not claimed:
            return []
        counts = await self._delivery_counts([i for i, _ in claimed])
        return [Entry(i, dict(f), counts.get(i, 1)) for i, f in claimed]

    async def _delivery_counts(self, ids: list[str]) -> dict[str, int]:
        rows = await self.redis.xpending_range(
            self.stream,
            self.group,
            min=ids[0],
            max=ids[-1],
            count=len(ids) * 2 + 10,
            consumername=self.consumer,
        )
        return {str(text_of(r["message_id"])): int(r["times_delivered"]) for r in rows}  # type: ignore[arg-type]

    async def keep(self, ids: Sequence[str]) -> None:
        """Reset the idle time of entries we still work on, without counting a delivery."""
        if ids:
            await self.redis.xclaim(
                self.stream, self.group, self.consumer, 0, list(ids), justid=True
            )

    async def ack(self, ids: Sequence[str]) -> None:
        if ids:
            await self.redis.xack(self.stream, self.group, *ids)

    async def dead_letter(self, entry: Entry, error: str) -> None:
        """Move ``entry`` to the dead-letter stream with its error, atomically."""
        fields: dict[bytes | str, bytes | str] = dict(entry.fields.items())
        fields.update(
            {
                "dlq_error": error[:4000],
                "dlq_stream": self.stream,
                "dlq_id": entry.id,
                "dlq_deliveries": str(entry.deliveries),
                "dlq_at": datetime.now(UTC).isoformat(),
            }
        )
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.xadd(self.dead_letter_stream, fields)  # type: ignore[arg-type]
            pipe.xack(self.stream, self.group, entry.id)
            await pipe.execute()


def _stream_entries(response: Any) -> list[tuple[bytes | str, dict[bytes, bytes]]]:
    """Flatten an XREADGROUP reply (RESP2: ``[[stream, [(id, fields), ...]], ...]``)."""
    return [(i, f) for _name, entries in response for i, f in entries if f]
