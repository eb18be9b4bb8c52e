"""Run one function in one transaction: the router's batches go through here.

A batch is a dozen statements. Through aiosqlite each statement costs several hops to
its worker thread and back (about half a millisecond), which at small batches costs more
than the work. So the batch's SQL is written as plain synchronous SQLAlchemy, and:

- SQLite: the whole function runs on one dedicated thread with a synchronous engine,
  one hop per batch;
- PostgreSQL: it runs through ``AsyncConnection.run_sync``, so each statement still goes
  through asyncpg on the event loop (greenlets; no threads involved).

Either way the function sees one ``Connection`` in one transaction, committed when it
returns and rolled back when it raises.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from router.store.engine import create_sync_sqlite_engine, is_sqlite

T = TypeVar("T")


class TransactionRunner(Protocol):
    async def run(self, fn: Callable[..., T], *args: Any) -> T: ...

    async def close(self) -> None: ...


class ThreadRunner:
    """SQLite: the function runs on a thread of its own, against a synchronous engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-batch")

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, self._in_transaction, fn, args)

    def _in_transaction(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        with self.engine.begin() as conn:
            return fn(conn, *args)

    async def close(self) -> None:
        self._thread.shutdown(wait=True)
        self.engine.dispose()


class GreenletRunner:
    """Async drivers (asyncpg): the function runs via ``run_sync`` on the event loop."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        async with self.engine.begin() as conn:
            return await conn.run_sync(_call, fn, args)

    async def close(self) -> None:
        """The engine belongs to the caller."""


def _call(conn: Connection, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    return fn(conn, *args)


def transaction_runner(url: str, engine: AsyncEngine) -> TransactionRunner:
    if is_sqlite(url):
        return ThreadRunner(create_sync_sqlite_engine(url))
    return GreenletRunner(engine)
