"""The web chat under test: a real router, the real API and the real web chat process,
all in this event loop, over the session's Redis and a fresh database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from redis.asyncio import Redis
from webchat_stack import Stack, chat_settings, running_stack

from router.redis_server import free_port
from router.settings import Settings


@pytest.fixture
def host_port() -> int:
    """The port of the test's host page (another origin than the widget's server)."""
    return free_port()


@pytest.fixture
def host_origin(host_port: int) -> str:
    return f"http://localhost:{host_port}"


@pytest_asyncio.fixture
async def stack(settings: Settings, redis: Redis, host_origin: str) -> AsyncIterator[Stack]:
    async with running_stack(chat_settings(settings, host_origin), redis) as running:
        yield running
