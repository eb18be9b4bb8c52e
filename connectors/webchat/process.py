"""The ``webchat`` process: the widget's server, its live loops and the outbound worker."""

from __future__ import annotations

import asyncio
import resource

import structlog
import uvicorn

from connectors.webchat.connector import WebchatConnector
from connectors.webchat.live import run_events, run_queue_updates, run_replies
from connectors.webchat.runtime import Runtime
from connectors.webchat.server import create_app
from connectors.worker import run_outbound_worker
from router.services import open_clients
from router.settings import Settings

log = structlog.get_logger(__name__)

MAX_FRAME_BYTES = 64 * 1024


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
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait([serving, stopping], return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await serving


async def run_webchat(settings: Settings, stop: asyncio.Event) -> None:
    """Serve the widget and its chats until ``stop`` is set."""
    _raise_file_limit()
    async with open_clients(settings) as c:
        rt = Runtime.build(settings, c.redis, c.engine)
        connector = WebchatConnector(c.redis, c.keys, settings.webchat_max_attachment_bytes)
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
            tasks.create_task(run_outbound_worker(settings, c.redis, connector, stop))
