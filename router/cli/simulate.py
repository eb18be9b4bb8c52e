"""``switchboard simulate``: publish realistic inbound messages into the stream."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime

import click
from redis.asyncio import Redis

from connectors.sink import RedisInboundSink
from router.cli.common import require_redis, run, settings_of
from router.keys import Keys
from router.models import Message
from router.settings import Settings
from router.simulation import generate, load_samples

CHUNK = 100


@click.command()
@click.option("--count", default=100, show_default=True, help="Messages to publish.")
@click.option("--rate", default=0.0, help="Messages per second (0: as fast as possible).")
@click.option("--followups", default=0.3, show_default=True, help="Share of follow-ups.")
@click.option("--seed", type=int, default=None, help="Random seed, for a repeatable run.")
@click.pass_context
def simulate(
    ctx: click.Context, count: int, rate: float, followups: float, seed: int | None
) -> None:
    """Publish COUNT realistic multilingual messages from every channel."""
    settings = require_redis(settings_of(ctx))
    run(_simulate(settings, count, rate, followups, random.Random(seed)))
    click.echo(f"Published {count} messages to {Keys(settings.key_prefix).inbound}")


async def _simulate(
    settings: Settings, count: int, rate: float, followups: float, rng: random.Random
) -> None:
    samples = load_samples(settings.config_dir / "samples" / "messages.jsonl")
    messages = list(generate(samples, count, rng, datetime.now(UTC), followups))
    redis = Redis.from_url(settings.redis_url)
    try:
        await publish_paced(RedisInboundSink(redis, Keys(settings.key_prefix)), messages, rate)
    finally:
        await redis.aclose()


async def publish_paced(sink: RedisInboundSink, messages: list[Message], rate: float) -> None:
    """Publish in chunks, keeping to ``rate`` messages per second on average."""
    chunk = CHUNK if rate <= 0 else max(1, min(CHUNK, int(rate / 100) or 1))
    start = time.perf_counter()
    for i in range(0, len(messages), chunk):
        await sink.publish(messages[i : i + chunk])
        if rate > 0:
            ahead = (i + chunk) / rate - (time.perf_counter() - start)
            if ahead > 0:
                await asyncio.sleep(ahead)
