"""Prometheus metrics of one process, in a registry of its own.

Counters and the routing-latency histogram are updated where things happen. The live
state in Redis (queue depths, pending entries, dead letters) is read on scrape: collectors
are synchronous, so the async endpoint first calls :meth:`Metrics.refresh`, which takes a
snapshot, and the :class:`RedisStateCollector` renders that snapshot. A snapshot (rather
than labelled gauges) means a queue or stream that disappeared also leaves the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis.asyncio import Redis

from router.dispatch.metrics import DispatchMetrics
from router.keys import Keys
from router.queues_view import (
    GroupState,
    QueueState,
    dead_letter_lengths,
    group_states,
    known_streams,
    queue_states,
)
from router.stream import Entry

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


@dataclass(frozen=True, slots=True)
class RedisSnapshot:
    queues: tuple[QueueState, ...] = ()
    groups: tuple[GroupState, ...] = ()
    dead_letters: dict[str, int] = field(default_factory=dict)


async def read_snapshot(redis: Redis, keys: Keys) -> RedisSnapshot:
    streams = await known_streams(redis, keys)
    groups: list[GroupState] = []
    for name, key in streams.items():
        groups.extend(await group_states(redis, name, key))
    return RedisSnapshot(
        queues=tuple(await queue_states(redis, keys)),
        groups=tuple(groups),
        dead_letters=await dead_letter_lengths(redis, streams),
    )


class RedisStateCollector(Collector):
    def __init__(self) -> None:
        self.snapshot = RedisSnapshot()

    def collect(self) -> Iterator[Metric]:
        snap = self.snapshot
        depth = GaugeMetricFamily(
            "switchboard_queue_depth", "Conversations waiting in a queue", labels=["queue"]
        )
        for q in snap.queues:
            depth.add_metric([q.name], q.depth)
        pending = GaugeMetricFamily(
            "switchboard_stream_pending",
            "Entries delivered to a consumer group and not yet acknowledged",
            labels=["stream", "group"],
        )
        lag = GaugeMetricFamily(
            "switchboard_stream_lag",
            "Entries not yet delivered to a consumer group",
            labels=["stream", "group"],
        )
        for g in snap.groups:
            pending.add_metric([g.stream, g.group], g.pending)
            lag.add_metric([g.stream, g.group], g.lag)
        dlq = GaugeMetricFamily(
            "switchboard_dead_letter_length", "Entries in a dead-letter stream", labels=["stream"]
        )
        for name, length in snap.dead_letters.items():
            dlq.add_metric([name], length)
        yield from (depth, pending, lag, dlq)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.messages_in = Counter(
            "messages_in", "Inbound messages routed", ["channel"], registry=self.registry
        )
        self.messages_out = Counter(
            "messages_out",
            "Outbound messages by delivery outcome",
            ["channel", "status"],
            registry=self.registry,
        )
        self.routing_latency = Histogram(
            "routing_latency_seconds",
            "From a message's receipt by its connector to its placement in a queue",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.routing_outcomes = Counter(
            "routing_outcomes",
            "Routing decisions by outcome: matched, unmatched (sent to triage) or error",
            ["outcome"],
            registry=self.registry,
        )
        self.dead_letters = Counter(
            "dead_letters",
            "Entries moved to a dead-letter stream",
            ["stream"],
            registry=self.registry,
        )
        self.dispatch = DispatchMetrics(self.registry)
        self.redis_state = RedisStateCollector()
        self.registry.register(self.redis_state)

    async def refresh(self, redis: Redis, keys: Keys) -> None:
        self.redis_state.snapshot = await read_snapshot(redis, keys)

    def dead_letter_hook(self, stream: str) -> Callable[[Entry, str], None]:
        """An ``on_dead_letter`` for :func:`router.consumer.consume` counting under ``stream``."""

        def count(_entry: Entry, _error: str) -> None:
            self.dead_letters.labels(stream).inc()

        return count

    def render(self) -> bytes:
        return generate_latest(self.registry)
