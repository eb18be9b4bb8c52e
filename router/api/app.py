"""The FastAPI application factory; resources live exactly as long as the app's lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from redis.asyncio import Redis

from router.api import conversations, ops
from router.api.deps import Resources
from router.keys import Keys
from router.metrics import Metrics
from router.settings import Settings
from router.store.engine import create_engine


def _lifespan(settings: Settings) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.effective_database_url)
        redis = Redis.from_url(settings.redis_url)
        app.state.resources = Resources(
            settings=settings,
            engine=engine,
            redis=redis,
            keys=Keys(settings.key_prefix),
            metrics=Metrics(),
        )
        try:
            yield
        finally:
            await redis.aclose()
            await engine.dispose()

    return lifespan


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="Switchboard", version="0.1.0", lifespan=_lifespan(settings))
    app.include_router(ops.router)
    app.include_router(conversations.router)
    return app
