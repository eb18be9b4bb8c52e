"""Operator commands: ``switchboard queues`` and ``switchboard db upgrade``."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from redis.asyncio import Redis

from router.cli.common import require_redis, run, settings_of
from router.keys import Keys
from router.queues_view import queue_states
from router.store.migrate import upgrade


@click.command()
@click.pass_context
def queues(ctx: click.Context) -> None:
    """Print every queue's depth and its longest-waiting conversation."""
    settings = require_redis(settings_of(ctx))

    async def show() -> None:
        redis = Redis.from_url(settings.redis_url)
        try:
            states = await queue_states(redis, Keys(settings.key_prefix))
        finally:
            await redis.aclose()
        now = datetime.now(UTC)
        click.echo(f"{'queue':<20} {'depth':>7}  oldest waiting")
        for q in states:
            oldest = (
                f"{q.oldest_conversation_id} ({q.waiting_seconds(now):.0f} s)"
                if q.oldest_conversation_id
                else "-"
            )
            click.echo(f"{q.name:<20} {q.depth:>7}  {oldest}")
        if not states:
            click.echo("(no queues yet)")

    run(show())


@click.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply every pending migration (safe to run from several processes)."""
    settings = settings_of(ctx)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    run(upgrade(settings.effective_database_url))
    click.echo(f"Database is up to date: {settings.effective_database_url}")
