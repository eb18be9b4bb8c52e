"""The API under test: the real app over real Redis and both stores, plus a seeder."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio
from api_seeding import Seeder, seeder
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import signed_in_admin

from router.api import create_app
from router.settings import Settings
from router.store.engine import create_engine


@pytest_asyncio.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def anonymous(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the real app that has not signed in (https: the cookie is Secure)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://test") as client:
            yield client


@pytest_asyncio.fixture
async def client(anonymous: httpx.AsyncClient, engine: AsyncEngine) -> httpx.AsyncClient:
    """Signed in as an admin, sending the CSRF token: every endpoint is open to it."""
    await signed_in_admin(anonymous, engine)
    return anonymous


@pytest_asyncio.fixture
async def seed(engine: AsyncEngine) -> Seeder:
    return seeder(engine)
