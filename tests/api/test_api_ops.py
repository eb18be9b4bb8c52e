from __future__ import annotations

import time

import httpx
import pytest
from redis.asyncio import Redis

from router.api import create_app
from router.keys import Keys
from router.settings import Settings

pytestmark = pytest.mark.pipeline


async def test_health_is_ok_when_redis_and_database_answer(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"redis": "ok", "database": "ok"}}


@pytest.mark.parametrize("broken", ["redis", "database"])
async def test_health_is_503_naming_what_is_down(settings: Settings, broken: str) -> None:
    bad = {
        "redis": {"redis_url": "redis://127.0.0.1:1/0"},
        "database": {"database_url": "sqlite+aiosqlite:////nonexistent-dir/x/db.sqlite"},
    }[broken]
    app = create_app(settings.model_copy(update=bad))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        response = await client.get("/health")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks[broken].startswith("error")
    healthy = ({"redis", "database"} - {broken}).pop()
    assert checks[healthy] == "ok"


async def _enqueue(redis: Redis, keys: Keys, queue: str, conv: str, priority: int, ms: int) -> None:
    await redis.sadd(keys.queue_names, queue)
    await redis.zadd(keys.queue(queue), {conv: (100 - priority) * 10**13 + ms})


async def test_queues_show_depth_next_and_longest_waiting(
    client: httpx.AsyncClient, redis: Redis, settings: Settings
) -> None:
    keys = Keys(settings.key_prefix)
    now_ms = int(time.time() * 1000)
    await _enqueue(redis, keys, "billing", "old-low", priority=10, ms=now_ms - 600_000)
    await _enqueue(redis, keys, "billing", "new-high", priority=90, ms=now_ms - 1_000)
    await _enqueue(redis, keys, "billing", "mid-high", priority=90, ms=now_ms - 5_000)
    await redis.sadd(keys.queue_names, "empty")

    response = await client.get("/api/queues")

    assert response.status_code == 200
    by_name = {q["name"]: q for q in response.json()}
    billing = by_name["billing"]
    assert billing["depth"] == 3
    assert billing["next_conversation_id"] == "mid-high"
    assert billing["oldest_conversation_id"] == "old-low"
    assert 599 <= billing["oldest_waiting_seconds"] < 700
    assert by_name["empty"] == {
        "name": "empty",
        "depth": 0,
        "next_conversation_id": None,
        "oldest_conversation_id": None,
        "oldest_waiting_seconds": 0.0,
    }


async def test_metrics_expose_counters_and_live_redis_state(
    client: httpx.AsyncClient, redis: Redis, settings: Settings
) -> None:
    keys = Keys(settings.key_prefix)
    await _enqueue(redis, keys, "billing", "c1", priority=50, ms=int(time.time() * 1000))
    await redis.xgroup_create(keys.inbound, "router", id="0", mkstream=True)
    await redis.xadd(keys.inbound, {"v": "1"})
    await redis.xreadgroup("router", "c", {keys.inbound: ">"}, count=10)
    await redis.xadd(keys.dead_letter(keys.inbound), {"v": "1"})
    await redis.xadd(keys.outbound("email"), {"v": "1"})

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    body = response.text
    assert 'switchboard_queue_depth{queue="billing"} 1.0' in body
    assert 'switchboard_stream_pending{group="router",stream="inbound"} 1.0' in body
    assert 'switchboard_dead_letter_length{stream="inbound"} 1.0' in body
    assert 'switchboard_dead_letter_length{stream="outbound:email"} 0.0' in body
    assert "# TYPE messages_out_total counter" in body
    assert 'routing_latency_seconds_bucket{le="0.001"}' in body
    assert 'routing_latency_seconds_bucket{le="10.0"}' in body
