"""The FastAPI application factory; resources live exactly as long as the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from redis.asyncio import Redis

from router.api import conversations, ops, rules, signals
from router.api.deps import Resources
from router.keys import Keys
from router.metrics import Metrics
from router.settings import Settings
from router.store.engine import create_engine


def _lifespan(
    settings: Settings, metrics: Metrics
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.effective_database_url)
        redis = Redis.from_url(settings.redis_url)
        app.state.resources = Resources(
            settings=settings,
            engine=engine,
            redis=redis,
            keys=Keys(settings.key_prefix),
            metrics=metrics,
        )
        try:
            yield
        finally:
            await redis.aclose()
            await engine.dispose()

    return lifespan


def create_app(settings: Settings, metrics: Metrics | None = None) -> FastAPI:
    """``metrics``: share the router's when both run in one process (``switchboard dev``)."""
    lifespan = _lifespan(settings, metrics or Metrics())
    app = FastAPI(title="Switchboard", version="0.1.0", lifespan=lifespan)
    app.include_router(ops.router)
    app.include_router(conversations.router)
    app.include_router(rules.router)
    app.include_router(signals.router)
    return app
