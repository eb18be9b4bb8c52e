"""``switchboard dlq list|replay``: the dead-letter streams."""

from __future__ import annotations

import click
from redis.asyncio import Redis

from router import dlq as dead_letters
from router.cli.common import require_redis, run, settings_of
from router.keys import Keys
from router.settings import Settings

STREAM_HELP = "inbound (default), receipts, or outbound:<channel>"


@click.group()
def dlq() -> None:
    """Entries that failed too often, with their errors."""


def _target(settings: Settings, stream: str) -> str:
    try:
        return dead_letters.dead_letter_stream(Keys(settings.key_prefix), stream)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--stream") from exc


@dlq.command("list")
@click.option("--stream", default="inbound", show_default=True, help=STREAM_HELP)
@click.option("--limit", default=50, show_default=True)
@click.pass_context
def list_(ctx: click.Context, stream: str, limit: int) -> None:
    """Show dead letters, oldest first."""
    settings = require_redis(settings_of(ctx))
    target = _target(settings, stream)

    async def show() -> None:
        redis = Redis.from_url(settings.redis_url)
        try:
            letters = await dead_letters.list_dead_letters(redis, target, limit)
        finally:
            await redis.aclose()
        if not letters:
            click.echo(f"{target}: empty")
        for d in letters:
            click.echo(f"{d.id}  from {d.original_id}  deliveries={d.deliveries}  at={d.at}")
            click.echo(f"    error: {d.error}")

    run(show())


@dlq.command("replay")
@click.option("--stream", default="inbound", show_default=True, help=STREAM_HELP)
@click.option("--all", "replay_all", is_flag=True, help="Replay every dead letter.")
@click.argument("ids", nargs=-1)
@click.pass_context
def replay(ctx: click.Context, stream: str, replay_all: bool, ids: tuple[str, ...]) -> None:
    """Send dead letters IDS (or --all) back to the stream they came from."""
    if not ids and not replay_all:
        raise click.UsageError("name dead-letter ids, or pass --all")
    settings = require_redis(settings_of(ctx))
    target = _target(settings, stream)

    async def go() -> None:
        redis = Redis.from_url(settings.redis_url)
        try:
            done = await dead_letters.replay(redis, target, None if replay_all else ids)
        finally:
            await redis.aclose()
        click.echo(f"Replayed {len(done)} entries from {target}")

    run(go())
