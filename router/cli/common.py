"""What every command shares: the settings from the click context, and running async code
until SIGINT or SIGTERM asks it to stop."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable

import click
import uvloop

from router.settings import Settings

StopFn = Callable[[asyncio.Event], Awaitable[None]]


def settings_of(ctx: click.Context) -> Settings:
    settings = ctx.find_root().obj
    assert isinstance(settings, Settings)
    return settings


DEV_REDIS_FILE = "dev-redis.url"


def require_redis(settings: Settings) -> Settings:
    """The settings with a Redis URL: REDIS_URL, else the one a running ``dev`` started."""
    if settings.redis_url:
        return settings
    dev_file = settings.data_dir / DEV_REDIS_FILE
    if dev_file.exists():
        return settings.model_copy(update={"redis_url": dev_file.read_text().strip()})
    raise click.UsageError(
        "REDIS_URL is not set and no `switchboard dev` is running in this folder "
        "(`switchboard dev` starts a local Redis by itself)"
    )


def run_until_signalled(main: StopFn) -> None:
    """Run ``main(stop)``; the first SIGINT/SIGTERM sets ``stop`` for a clean shutdown."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await main(stop)

    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner_:
        runner_.run(runner())


def run(coro: Awaitable[None]) -> None:
    async def wrapper() -> None:
        await coro

    asyncio.run(wrapper())
