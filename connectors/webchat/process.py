"""The ``webchat`` process: the widget's server, its live loops and the outbound worker."""

from __future__ import annotations

import asyncio
import resource
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
import uvicorn
from redis.asyncio import BlockingConnectionPool, Redis

from connectors.webchat.connector import WebchatConnector
from connectors.webchat.live import run_events, run_queue_updates, run_replies
from connectors.webchat.runtime import Runtime
from connectors.webchat.server import create_app
from connectors.worker import run_outbound_worker
from router.services import open_clients, serve_until_stopped
from router.settings import Settings, SettingsError

log = structlog.get_logger(__name__)

MAX_FRAME_BYTES = 64 * 1024
DEV_SECRET = Settings.model_fields["webchat_secret"].default
REDIS_CONNECTIONS = 64
REDIS_WAIT_S = 10.0


def _raise_file_limit() -> None:
    """Every chat is a socket: lift the soft descriptor limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def serve(app: object, settings: Settings, stop: asyncio.Event) -> None:
    config = uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=settings.webchat_host,
        port=settings.webchat_port,
        log_config=None,
        lifespan="off",
        ws_max_size=MAX_FRAME_BYTES,
        ws_ping_interval=20,
        ws_ping_timeout=20,
        backlog=4096,
    )
    await serve_until_stopped(config, stop)


@asynccontextmanager
async def _shared_redis(settings: Settings) -> AsyncIterator[Redis]:
    """One pool for every socket of the process: at a thousand chats, a burst waits a moment
    for a free connection instead of failing or opening a thousand connections to Redis."""
    pool = BlockingConnectionPool.from_url(
        settings.redis_url, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_S
    )
    redis = Redis(connection_pool=pool)
    try:
        yield redis
    finally:
        await redis.aclose()
        await pool.disconnect()


async def run_webchat(settings: Settings, stop: asyncio.Event) -> None:
    """Serve the widget and its chats until ``stop`` is set."""
    if settings.env == "production" and settings.webchat_secret == DEV_SECRET:
        # Anyone could mint visitor tokens, and so read any visitor's chat history.
        raise SettingsError("webchat_secret: set SWITCHBOARD_WEBCHAT_SECRET in production")
    _raise_file_limit()
    async with open_clients(settings) as c, _shared_redis(settings) as redis:
        rt = Runtime.build(settings, redis, c.engine)
        connector = WebchatConnector(redis, c.keys, settings.webchat_max_attachment_bytes)
        log.info(
            "webchat.started",
            port=settings.webchat_port,
            origins=list(settings.webchat_allowed_origins),
        )
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(serve(create_app(rt), settings, stop))
            tasks.create_task(run_replies(rt, stop))
            tasks.create_task(run_events(rt, stop))
            tasks.create_task(run_queue_updates(rt, stop))
            # The worker blocks on its stream: its own client, not a slot of the shared pool.
            tasks.create_task(run_outbound_worker(settings, c.redis, connector, stop))
