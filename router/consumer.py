"""The consume loop every stream worker runs: the delivery semantics, spelled out once.

- An entry is acknowledged only after its handler returned, i.e. after the durable hand-off.
- A transient failure (Redis or the database unreachable, a 429) pauses the consumer with
  capped exponential back-off and jitter and retries the same entries; it is not counted
  against them, however long the outage lasts. The entries are kept claimed meanwhile.
- Any other failure of a batch is narrowed down entry by entry. An entry that fails is left
  pending, to be reclaimed after ``retry_idle_ms`` (Redis counts each delivery); once it has
  been delivered ``max_deliveries`` times it goes to the dead-letter stream with its error.
- A permanent failure (an undecodable entry) goes to the dead-letter stream at once.
- A deleted stream or group raises :class:`~router.stream.GroupMissing` out of the loop.

Errors::

    Exception
     ├── TransientError   back off and retry, not counted (carries retry_after)
     └── PermanentError   dead-letter at once (so does router.codec.CodecError)
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
from collections.abc import Awaitable, Callable, Mapping, Sequence

import structlog
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from router.codec import CodecError
from router.memory import release_free_memory
from router.stream import Entry, StreamConsumer

log = structlog.get_logger(__name__)

# A handler returns normally once its entries are durably handed off. It may return the
# entries it rejects for good (id -> error): those are dead-lettered, the rest acknowledged.
Rejections = Mapping[str, str]
BatchHandler = Callable[[Sequence[Entry]], Awaitable[Rejections | None]]
DeadLetterHook = Callable[[Entry, str], None]


class TransientError(Exception):
    """Infrastructure trouble: retry later, after ``retry_after`` seconds if given."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentError(Exception):
    """Retrying cannot help this entry."""


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, TransientError | RedisConnectionError | RedisTimeoutError | OSError):
        return True
    if isinstance(exc, PoolTimeoutError | TimeoutError | sqlite3.OperationalError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError)


def is_permanent(exc: BaseException) -> bool:
    return isinstance(exc, PermanentError | CodecError)


def backoff_delay(failures: int, base_ms: int, max_ms: int, retry_after: float | None) -> float:
    """Full-jitter exponential back-off, never shorter than a server's retry-after hint."""
    ceiling = min(max_ms, base_ms * 2 ** min(failures, 30)) / 1000
    return max(retry_after or 0.0, random.uniform(ceiling / 2, ceiling))


def describe(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"


async def sleep_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class Loop:
    """One consumer's loop; build it and ``await run(stop)``."""

    def __init__(
        self,
        consumer: StreamConsumer,
        handle: BatchHandler,
        *,
        backoff_base_ms: int = 100,
        backoff_max_ms: int = 30_000,
        on_dead_letter: DeadLetterHook | None = None,
    ) -> None:
        self.consumer = consumer
        self.handle = handle
        self.backoff_base_ms = backoff_base_ms
        self.backoff_max_ms = backoff_max_ms
        self.on_dead_letter = on_dead_letter

    async def run(self, stop: asyncio.Event) -> None:
        await self.consumer.ensure_group()
        busy = False
        while not stop.is_set():
            try:
                entries = await self.consumer.read()
            except Exception as exc:
                if not is_transient(exc):
                    raise
                await self._pause(stop, 1, exc)
                continue
            if entries:
                await self._deliver(entries, stop)
                busy = True
            elif busy:
                release_free_memory()  # a burst is over: hand its freed pages back
                busy = False

    async def _deliver(self, entries: list[Entry], stop: asyncio.Event) -> None:
        entries = await self._retire_exhausted(entries, "too many deliveries")
        failures = 0
        while entries and not stop.is_set():
            try:
                await self._handle_batch(entries)
                return
            except Exception as exc:
                if not is_transient(exc):
                    raise
                failures += 1
                await self._pause(stop, failures, exc)
                await self._keep(entries)

    async def _handle_batch(self, entries: list[Entry]) -> None:
        try:
            rejected = await self.handle(entries)
        except Exception as exc:
            if is_transient(exc):
                raise
            if len(entries) == 1:
                await self._fail_one(entries[0], exc)
                return
            log.warning("batch failed; retrying entry by entry", error=describe(exc))
            for entry in entries:
                await self._handle_one(entry)
            return
        await self._settle(entries, rejected or {})

    async def _handle_one(self, entry: Entry) -> None:
        try:
            rejected = await self.handle([entry])
        except Exception as exc:
            if is_transient(exc):
                raise
            await self._fail_one(entry, exc)
            return
        await self._settle([entry], rejected or {})

    async def _settle(self, entries: list[Entry], rejected: Rejections) -> None:
        for entry in entries:
            if entry.id in rejected:
                await self._dead_letter(entry, rejected[entry.id])
        await self.consumer.ack([e.id for e in entries if e.id not in rejected])

    async def _fail_one(self, entry: Entry, exc: Exception) -> None:
        error = describe(exc)
        if is_permanent(exc) or entry.deliveries >= self.consumer.max_deliveries:
            await self._dead_letter(entry, error)
            return
        log.warning(
            "entry failed; left pending for retry",
            stream=self.consumer.stream,
            entry=entry.id,
            deliveries=entry.deliveries,
            error=error,
        )

    async def _retire_exhausted(self, entries: list[Entry], reason: str) -> list[Entry]:
        """Entries past their delivery budget (e.g. one that crashes the process) are
        dead-lettered before they can do harm again."""
        keep: list[Entry] = []
        for entry in entries:
            if entry.deliveries > self.consumer.max_deliveries:
                await self._dead_letter(entry, f"{reason} ({entry.deliveries})")
            else:
                keep.append(entry)
        return keep

    async def _dead_letter(self, entry: Entry, error: str) -> None:
        await self.consumer.dead_letter(entry, error)
        log.error(
            "entry dead-lettered",
            stream=self.consumer.stream,
            entry=entry.id,
            deliveries=entry.deliveries,
            error=error,
        )
        if self.on_dead_letter is not None:
            self.on_dead_letter(entry, error)

    async def _keep(self, entries: list[Entry]) -> None:
        try:
            await self.consumer.keep([e.id for e in entries])
        except Exception as exc:
            if not is_transient(exc):
                raise

    async def _pause(self, stop: asyncio.Event, failures: int, exc: BaseException) -> None:
        retry_after = getattr(exc, "retry_after", None)
        delay = backoff_delay(failures, self.backoff_base_ms, self.backoff_max_ms, retry_after)
        log.warning(
            "transient failure; backing off",
            stream=self.consumer.stream,
            failures=failures,
            delay_s=round(delay, 3),
            error=describe(exc),
        )
        await sleep_unless_stopped(stop, delay)


async def consume(
    consumer: StreamConsumer,
    handle: BatchHandler,
    stop: asyncio.Event,
    *,
    backoff_base_ms: int = 100,
    backoff_max_ms: int = 30_000,
    on_dead_letter: DeadLetterHook | None = None,
) -> None:
    """Run the consume loop until ``stop`` is set (see the module docstring)."""
    loop = Loop(
        consumer,
        handle,
        backoff_base_ms=backoff_base_ms,
        backoff_max_ms=backoff_max_ms,
        on_dead_letter=on_dead_letter,
    )
    await loop.run(stop)
