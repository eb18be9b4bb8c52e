"""Fixtures of the dispatch tests: an engine on the test's database and a Dispatch with
short timeouts, over the session's Redis."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio
from prometheus_client import CollectorRegistry
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router.dispatch.metrics import DispatchMetrics
from router.dispatch.service import Dispatch, DispatchConfig
from router.keys import Keys
from router.settings import Settings
from router.store.engine import create_engine


@pytest_asyncio.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def dispatch(engine: AsyncEngine, redis: Redis, settings: Settings) -> Dispatch:
    config = DispatchConfig(default_capacity=3, grace_ms=300, offer_timeout_ms=60_000)
    metrics = DispatchMetrics(CollectorRegistry())
    return Dispatch(engine, redis, Keys(settings.key_prefix), config, metrics)
