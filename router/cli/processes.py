"""The Procfile's process types, and ``dev`` which runs them all in one process."""

from __future__ import annotations

import asyncio
from contextlib import ExitStack

import click
from redis.asyncio import Redis

from connectors.log import LogConnector
from connectors.webchat.process import run_webchat
from connectors.worker import run_connector
from router.cli.common import DEV_REDIS_FILE, require_redis, run_until_signalled, settings_of
from router.metrics import Metrics
from router.redis_server import LocalRedis
from router.services import run_dispatcher, run_router, run_web
from router.settings import Settings
from router.store.migrate import upgrade

# Until their connectors land, replies on these channels go through the log channel, so
# the whole reply path (stream, send, receipt, event) already works locally.
LOGGED_CHANNELS = ("log", "email", "telegram", "x")


@click.command()
@click.pass_context
def route(ctx: click.Context) -> None:
    """Route inbound messages into conversations and queues (one of N in a group)."""
    settings = require_redis(settings_of(ctx))
    run_until_signalled(lambda stop: run_router(settings, stop))


@click.command()
@click.pass_context
def web(ctx: click.Context) -> None:
    """Serve the HTTP API and the health and metrics endpoints."""
    settings = require_redis(settings_of(ctx))
    run_until_signalled(lambda stop: run_web(settings, stop))


@click.command()
@click.pass_context
def dispatch(ctx: click.Context) -> None:
    """Give waiting conversations to agents by skills, capacity and presence (one of N)."""
    settings = require_redis(settings_of(ctx))
    run_until_signalled(lambda stop: run_dispatcher(settings, stop))


@click.command()
@click.argument("channel", type=click.Choice(["log", "webchat"]))
@click.pass_context
def connector(ctx: click.Context, channel: str) -> None:
    """Run one channel's connector: inbound into the stream, replies out to the channel."""
    settings = require_redis(settings_of(ctx))
    if channel == "webchat":
        run_until_signalled(lambda stop: run_webchat(settings, stop))
        return
    run_until_signalled(lambda stop: run_log_connectors(settings, stop, (channel,)))


async def run_log_connectors(
    settings: Settings, stop: asyncio.Event, channels: tuple[str, ...]
) -> None:
    redis = Redis.from_url(settings.redis_url)
    try:
        async with asyncio.TaskGroup() as tasks:
            for channel in channels:
                connector = LogConnector(settings.data_dir, channel=channel)
                tasks.create_task(run_connector(settings, redis, connector, stop))
    finally:
        await redis.aclose()


async def run_dev(settings: Settings, stop: asyncio.Event) -> None:
    metrics = Metrics()  # one process: the web's /metrics shows the router's counters
    # Before anything answers: the web process is healthy at once, and a sign-in straight
    # after must find the agents table.
    await upgrade(settings.effective_database_url)
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(run_router(settings, stop, metrics=metrics))
        tasks.create_task(run_web(settings, stop, metrics=metrics))
        tasks.create_task(run_dispatcher(settings, stop, metrics=metrics))
        tasks.create_task(run_log_connectors(settings, stop, LOGGED_CHANNELS))
        tasks.create_task(run_webchat(settings, stop))


@click.command()
@click.pass_context
def dev(ctx: click.Context) -> None:
    """Run everything on this machine: Redis (started here unless REDIS_URL is set),
    SQLite in the data folder, the router, the web API and log connectors. Ctrl-C stops."""
    settings = settings_of(ctx)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        if not settings.redis_url:
            local = stack.enter_context(LocalRedis())
            settings = settings.model_copy(update={"redis_url": local.url})
            dev_file = settings.data_dir / DEV_REDIS_FILE
            dev_file.write_text(local.url)
            stack.callback(dev_file.unlink, missing_ok=True)
            click.echo(f"Started a local Redis at {local.url} (nothing kept on disk)")
        click.echo(f"Database: {settings.effective_database_url}")
        click.echo(
            f"Switchboard is running at http://{settings.web_host}:{settings.web_port}/ "
            "(API /api/queues, /api/conversations; /health; /metrics). Ctrl-C stops."
        )
        click.echo("Try, in another terminal here: switchboard simulate --count 100")
        click.echo(f"Web chat demo: http://{settings.webchat_host}:{settings.webchat_port}/demo")
        run_until_signalled(lambda stop: run_dev(settings, stop))
    click.echo("Stopped.")
