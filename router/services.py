"""The long-running processes of the Procfile, each an ``async`` function until ``stop``.

Each takes the settings object and builds its own clients; nothing is shared through
module state, so several of them can run in one event loop (``switchboard dev``) or one
per process (production).
"""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
import uvicorn
from prometheus_client import start_http_server
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from router.consumer import BatchHandler, consume
from router.decide import Decider, DefaultQueueDecider
from router.keys import Keys
from router.metrics import Metrics
from router.outbound import run_outbox_relay
from router.pipeline import Pipeline, PipelineConfig
from router.receipts import receipts_handler
from router.requeue import requeue_waiting
from router.rules_decider import RulesDecider, Understand, understand_by_hints
from router.rulesets import RulesetHolder, compile_stored, ensure_initial, watch_rulesets
from router.settings import Settings
from router.store.engine import create_engine
from router.store.migrate import upgrade
from router.stream import Entry, StreamConsumer

log = structlog.get_logger(__name__)

ROUTER_GROUP = "router"


@dataclass(frozen=True, slots=True)
class Clients:
    redis: Redis
    engine: AsyncEngine
    keys: Keys


@asynccontextmanager
async def open_clients(settings: Settings) -> AsyncIterator[Clients]:
    redis = Redis.from_url(settings.redis_url)
    engine = create_engine(settings.effective_database_url)
    try:
        yield Clients(redis, engine, Keys(settings.key_prefix))
    finally:
        await redis.aclose()
        await engine.dispose()


def consumer_name(role: str) -> str:
    """Unique per process, readable in XINFO CONSUMERS."""
    return f"{role}-{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def stream_consumer(settings: Settings, redis: Redis, stream: str, role: str) -> StreamConsumer:
    return StreamConsumer(
        redis,
        stream=stream,
        group=ROUTER_GROUP,
        consumer=consumer_name(role),
        batch=settings.router_batch,
        block_ms=settings.router_block_ms,
        retry_idle_ms=settings.retry_idle_ms,
        max_deliveries=settings.max_deliveries,
        reclaim_every_ms=settings.reclaim_every_ms,
    )


def default_decider(settings: Settings) -> Decider:
    return DefaultQueueDecider(settings.default_queue, settings.default_priority)


async def run_router(
    settings: Settings,
    stop: asyncio.Event,
    *,
    metrics: Metrics | None = None,
    decider: Decider | None = None,
) -> None:
    """Route inbound messages, record delivery receipts and relay the outbox until stopped."""
    await upgrade(settings.effective_database_url)
    metrics = metrics or Metrics()
    if settings.router_metrics_port:
        start_http_server(settings.router_metrics_port, registry=metrics.registry)
    async with open_clients(settings) as c:
        holder = await _rules(settings, c) if decider is None else None
        if holder is not None:
            decider = RulesDecider(lambda: holder.current, await _understand(settings))
        pipelines = _pipelines(settings, c, decider or default_decider(settings), metrics)
        inbound = [stream_consumer(settings, c.redis, c.keys.inbound, "router") for _ in pipelines]
        waiting = await requeue_waiting(c.engine, c.redis, c.keys)
        consumers = [i.consumer for i in inbound]
        _settle_heap()
        log.info("router.started", consumers=consumers, waiting_conversations=waiting)
        try:
            async with asyncio.TaskGroup() as tasks:
                for consumer, pipeline in zip(inbound, pipelines, strict=True):
                    tasks.create_task(_loop(settings, consumer, pipeline.handle, stop, metrics))
                _start_helpers(tasks, settings, c, holder, stop, metrics)
        finally:
            for pipeline in pipelines:
                await pipeline.close()
        log.info("router.stopped", consumers=consumers)


def _settle_heap() -> None:
    """Move everything loaded at start (modules, models, rules) out of the collector's
    sight. The classifiers and libraries leave millions of long-lived objects; without
    this, every full collection walks them all again while the router works."""
    gc.collect()
    gc.freeze()


def _pipelines(
    settings: Settings, c: Clients, decider: Decider, metrics: Metrics
) -> list[Pipeline]:
    """One pipeline (its own transaction runner) per consume loop of this process."""
    config = PipelineConfig(
        reopen_window=timedelta(seconds=settings.reopen_window_s),
        event_maxlen=settings.event_stream_maxlen,
    )

    def observe(channel: str, seconds: float, outcome: str) -> None:
        _observe(metrics, channel, seconds, outcome)

    return [
        Pipeline(c.engine, c.redis, c.keys, decider, config, on_routed=observe)
        for _ in range(settings.effective_router_concurrency)
    ]


def _start_helpers(
    tasks: asyncio.TaskGroup,
    settings: Settings,
    c: Clients,
    holder: RulesetHolder | None,
    stop: asyncio.Event,
    metrics: Metrics,
) -> None:
    """Beside routing: delivery receipts, the rule-set watcher, the outbox relay."""
    receipts = receipts_handler(
        c.engine, c.redis, c.keys, event_maxlen=settings.event_stream_maxlen, metrics=metrics
    )
    acks = stream_consumer(settings, c.redis, c.keys.receipts, "receipts")
    tasks.create_task(_loop(settings, acks, receipts, stop, metrics))
    if holder is not None:
        tasks.create_task(watch_rulesets(c.engine, c.redis, c.keys, holder, stop))
    relay_after = timedelta(seconds=settings.outbox_relay_after_s)
    tasks.create_task(run_outbox_relay(c.engine, c.redis, c.keys, relay_after, stop))


async def _rules(settings: Settings, c: Clients) -> RulesetHolder | None:
    """The published rule set (publishing config/rules.yaml on a new store), kept current."""
    if settings.routing != "rules":
        return None
    path = settings.config_dir / "rules.yaml"
    stored = await ensure_initial(c.engine, c.redis, c.keys, path, datetime.now(UTC))
    holder = RulesetHolder(compile_stored(stored))
    log.info("rules.active", version=stored.version)
    return holder


async def _understand(settings: Settings) -> Understand:
    if not settings.classify:
        return understand_by_hints
    from router.classify.classifier import Classifier
    from router.understanding import ClassifierUnderstand

    # Loading takes seconds (language models; the topic model is trained on first start).
    classifier = await asyncio.to_thread(
        Classifier.load,
        settings.config_dir,
        settings.effective_models_dir,
        preload_languages=settings.classify_preload_languages,
    )
    log.info("classifier.loaded")
    return ClassifierUnderstand(classifier)


def _observe(metrics: Metrics, channel: str, seconds: float, outcome: str) -> None:
    metrics.messages_in.labels(channel).inc()
    metrics.routing_latency.observe(seconds)
    metrics.routing_outcomes.labels(outcome).inc()


async def _loop(
    settings: Settings,
    consumer: StreamConsumer,
    handle: BatchHandler,
    stop: asyncio.Event,
    metrics: Metrics,
) -> None:
    def count(entry: Entry, error: str) -> None:
        metrics.dead_letters.labels(consumer.stream).inc()

    await consume(
        consumer,
        handle,
        stop,
        backoff_base_ms=settings.backoff_base_ms,
        backoff_max_ms=settings.backoff_max_ms,
        on_dead_letter=count,
    )


async def run_dispatcher(
    settings: Settings, stop: asyncio.Event, *, metrics: Metrics | None = None
) -> None:
    """Give waiting conversations to agents until stopped (one of N dispatchers)."""
    from router.dispatch.engine import Dispatcher
    from router.dispatch.service import Dispatch, DispatchConfig

    await upgrade(settings.effective_database_url)
    metrics = metrics or Metrics()
    if settings.dispatch_metrics_port:
        start_http_server(settings.dispatch_metrics_port, registry=metrics.registry)
    async with open_clients(settings) as c:
        config = DispatchConfig.from_settings(settings)
        dispatch = Dispatch(c.engine, c.redis, c.keys, config, metrics.dispatch)
        await Dispatcher(dispatch).run(stop)


async def run_web(
    settings: Settings, stop: asyncio.Event, *, metrics: Metrics | None = None
) -> None:
    """Serve the API until ``stop`` is set."""
    from router.api.app import create_app

    config = uvicorn.Config(
        create_app(settings, metrics),
        host=settings.web_host,
        port=settings.web_port,
        log_config=None,
        lifespan="on",
        # Open inbox event streams would otherwise hold a shutdown until they end.
        timeout_graceful_shutdown=5,
    )
    await serve_until_stopped(config, stop)


async def serve_until_stopped(config: uvicorn.Config, stop: asyncio.Event) -> None:
    """Run a uvicorn server until it ends or ``stop`` is set, then let it shut down."""
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait([serving, stopping], return_when=asyncio.FIRST_COMPLETED)
    server.should_exit = True
    stopping.cancel()
    await serving
