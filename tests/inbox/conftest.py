"""Inbox tests: the real app on real Redis and both stores, and clients signed in as
agents of each role (their rows inserted straight into the ``agents`` table)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack

import httpx
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import ClientFactory, add_agent, sign_in

from router.api import create_app
from router.keys import Keys
from router.settings import Settings
from router.store.engine import create_engine


@pytest_asyncio.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.effective_database_url)
    yield engine
    await engine.dispose()


@pytest_asyncio.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest_asyncio.fixture
async def new_client(app: FastAPI) -> AsyncIterator[Callable[[], httpx.AsyncClient]]:
    """Fresh clients of the app, each with its own cookie jar (https: the cookie is Secure)."""
    async with AsyncExitStack() as stack:

        def make() -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app)
            client = httpx.AsyncClient(transport=transport, base_url="https://inbox.test")
            stack.push_async_callback(client.aclose)
            return client

        yield make


@pytest_asyncio.fixture
async def as_agent(
    new_client: Callable[[], httpx.AsyncClient], engine: AsyncEngine
) -> ClientFactory:
    """``await as_agent("amy@x", role=..., skills=[...])``: a client signed in as that agent."""

    async def make(email: str, **fields: object) -> httpx.AsyncClient:
        await add_agent(engine, email, **fields)
        client = new_client()
        await sign_in(client, email)
        return client

    return make


@pytest_asyncio.fixture
def keys(key_prefix: str) -> Keys:
    return Keys(key_prefix)
