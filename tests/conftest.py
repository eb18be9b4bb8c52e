"""Fixtures for every test: a private Redis, per-test key prefixes, per-test databases.

Nothing here depends on the state of a system Redis or PostgreSQL: Redis is our own process
for the whole session, and each test that asks for ``database_url`` gets a fresh SQLite file
and a fresh PostgreSQL database (created through ``SWITCHBOARD_TEST_PG_URL``), migrated;
``empty_database_url`` is the same without the migrations.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import NoReturn

import hypothesis
import pytest
import pytest_asyncio
from redis.asyncio import Redis
from support.postgres import (
    DEFAULT_ADMIN_URL,
    PostgresUnreachable,
    async_url,
    create_database,
    drop_database,
)
from support.redis_keys import delete_prefixed

from router.redis_server import LocalRedis
from router.settings import Settings, load_settings
from router.store.migrate import upgrade

# No example database in the work tree, and no deadline: two shared cores make timing noisy.
hypothesis.settings.register_profile("switchboard", database=None, deadline=None)
hypothesis.settings.load_profile("switchboard")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    with LocalRedis() as server:
        yield server.url


@pytest_asyncio.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest_asyncio.fixture
async def key_prefix(redis: Redis) -> AsyncIterator[str]:
    prefix = f"t{uuid.uuid4().hex[:8]}"
    yield prefix
    await delete_prefixed(redis, prefix)


def _pg_admin_url() -> str:
    return os.environ.get("SWITCHBOARD_TEST_PG_URL", DEFAULT_ADMIN_URL)


def _pg_unreachable(admin_url: str, error: PostgresUnreachable) -> NoReturn:
    message = f"PostgreSQL not reachable at {admin_url}: {error}"
    # In CI a silent skip would hide half the store tests; there it must be an error.
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest_asyncio.fixture(params=["sqlite", "postgresql"], ids=["sqlite", "postgresql"])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database that exists but was never migrated; dropped after the test."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'switchboard.db'}"
        return
    admin_url = _pg_admin_url()
    try:
        name = await create_database(admin_url)
    except PostgresUnreachable as exc:
        _pg_unreachable(admin_url, exc)
    try:
        yield async_url(admin_url, name)
    finally:
        await drop_database(admin_url, name)


@pytest_asyncio.fixture
async def database_url(empty_database_url: str) -> str:
    """A fresh database at the newest schema, once on SQLite and once on PostgreSQL."""
    await upgrade(empty_database_url)
    return empty_database_url


@pytest.fixture
def settings(redis_url: str, database_url: str, key_prefix: str, tmp_path: Path) -> Settings:
    return load_settings(
        redis_url=redis_url,
        database_url=database_url,
        key_prefix=key_prefix,
        data_dir=tmp_path,
        retry_idle_ms=200,
        reclaim_every_ms=100,
        router_block_ms=100,
    )


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data sets not found at {SHARED_DATA} (expected beside the repo)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One topic-model cache for the session: the default model is trained once."""
    return tmp_path_factory.mktemp("models")
