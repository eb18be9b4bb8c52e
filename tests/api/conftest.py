"""The API under test: the real app over real Redis and both stores, plus a seeder."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from api_seeding import Seeder, seeder
from sqlalchemy.ext.asyncio import AsyncEngine

from router.api import create_app
from router.settings import Settings
from router.store.engine import create_engine


@pytest_asyncio.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest_asyncio.fixture
async def seed(engine: AsyncEngine) -> Seeder:
    return seeder(engine)
