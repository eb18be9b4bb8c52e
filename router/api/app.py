"""The FastAPI application factory; resources live exactly as long as the app's lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from redis.asyncio import Redis

from router.api import (
    auth,
    conversations,
    dispatch,
    inbox,
    inbox_actions,
    live,
    ops,
    rules,
    signals,
    web,
)
from router.api.deps import Resources
from router.auth.access import QueueSkills
from router.auth.sessions import Sessions
from router.inbox.actions import Live, run_snooze_waker
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
        keys = Keys(settings.key_prefix)
        app.state.resources = Resources(
            settings=settings,
            engine=engine,
            redis=redis,
            keys=keys,
            metrics=metrics,
            sessions=Sessions(redis, keys, settings.session_idle_s),
            queue_skills=QueueSkills(engine, redis, keys, settings.config_dir / "rules.yaml"),
        )
        stop = asyncio.Event()
        live = Live(engine, redis, keys, settings.event_stream_maxlen)
        waker = asyncio.create_task(run_snooze_waker(live, stop))
        try:
            yield
        finally:
            stop.set()
            await waker
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
    app.include_router(auth.router)
    app.include_router(inbox.router)
    app.include_router(inbox_actions.router)
    app.include_router(live.router)
    app.include_router(web.router)
    app.mount("/inbox/static", web.static_files(), name="inbox-static")
    app.add_middleware(web.SecurityHeaders)
    app.include_router(dispatch.router)
    app.include_router(signals.router)
    return app
