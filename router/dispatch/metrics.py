"""Prometheus metrics of dispatch, registered in the process's registry
(:class:`router.metrics.Metrics`), so ``/metrics`` shows them beside the router's."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram

WAIT_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 4 * 3600)


class DispatchMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self.assignments = Counter(
            "dispatch_assignments",
            "Conversations given to an agent, by how (auto, offer, take, supervisor)",
            ["queue", "how"],
            registry=registry,
        )
        self.offers_expired = Counter(
            "dispatch_offers_expired", "Offers not accepted in time", registry=registry
        )
        self.requeued = Counter(
            "dispatch_requeued",
            "Conversations taken back from an agent and queued again, by reason",
            ["reason"],
            registry=registry,
        )
        self.wait = Histogram(
            "dispatch_wait_seconds",
            "From entering a queue to being given to an agent",
            ["queue"],
            buckets=WAIT_BUCKETS,
            registry=registry,
        )
