"""Hot reload: running watchers pick up a publish within 2 s, and only a valid one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from redis.asyncio import Redis
from rulesets_support import BROKEN_TEXT, T0, rules_text
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine
from structlog.testing import capture_logs

from router.keys import Keys
from router.rulesets import RulesetHolder, publish, rollback, watch_rulesets
from router.store.schema import ruleset_publications, rulesets
from routing_rules import InvalidRules, Ruleset, evaluate, facts_from_mapping, load

pytestmark = pytest.mark.rules

PICKUP_S = 2.0


async def until(check: Callable[[], bool], within: float = PICKUP_S) -> float:
    """Poll ``check`` until true; returns the seconds it took, fails at the deadline."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    while not check():
        if loop.time() - start > within:
            pytest.fail(f"not true within {within} s")
        await asyncio.sleep(0.02)
    return loop.time() - start


@asynccontextmanager
async def watchers(
    engine: AsyncEngine, redis: Redis, keys: Keys, holders: list[RulesetHolder], **kw: float
) -> AsyncIterator[None]:
    """One watcher task per holder, as if each were a separate router; joined on exit."""
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(watch_rulesets(engine, redis, keys, h, stop, **kw)) for h in holders
    ]
    try:
        yield
    finally:
        stop.set()
        await asyncio.gather(*tasks)


Publish = Callable[[str], Awaitable[str]]


@pytest.fixture
def publish_text(engine: AsyncEngine, redis: Redis, keys: Keys) -> Publish:
    async def _publish(text: str) -> str:
        return await publish(
            engine, redis, keys, text=text, filename="r.yaml", author="a", message="m", now=T0
        )

    return _publish


def routes_withdrawals_to(holder: RulesetHolder) -> str:
    rule = next(r for r in holder.current.rules if r.name == "withdrawals")
    return rule.actions.route[0].queue


async def test_two_running_routers_pick_up_a_publish_within_two_seconds(
    engine: AsyncEngine, redis: Redis, keys: Keys, publish_text: Publish
) -> None:
    await publish_text(rules_text())
    holders = [RulesetHolder(load(rules_text(), "r.yaml")) for _ in range(2)]
    async with watchers(engine, redis, keys, holders):
        new = await publish_text(rules_text("payments"))
        await until(lambda: all(h.current.version == new for h in holders))
    assert [routes_withdrawals_to(h) for h in holders] == ["payments", "payments"]


async def test_a_rollback_reaches_running_routers_too(
    engine: AsyncEngine, redis: Redis, keys: Keys, publish_text: Publish
) -> None:
    first = await publish_text(rules_text())
    await publish_text(rules_text("payments"))
    holder = RulesetHolder(load(rules_text("payments"), "r.yaml"))
    async with watchers(engine, redis, keys, [holder]):
        await rollback(engine, redis, keys, version=first, author="b", now=T0 + timedelta(1))
        await until(lambda: holder.current.version == first)
    assert routes_withdrawals_to(holder) == "withdrawals"


async def test_an_invalid_publish_leaves_running_routers_on_their_set(
    engine: AsyncEngine, redis: Redis, keys: Keys, publish_text: Publish
) -> None:
    running = load(rules_text(), "r.yaml")
    await publish_text(rules_text())
    holder = RulesetHolder(running)
    async with watchers(engine, redis, keys, [holder], every_s=0.05, sql_every_s=0.05):
        with pytest.raises(InvalidRules):
            await publish_text(BROKEN_TEXT)
        # A later good publish is picked up, so the watcher was polling all along.
        marker = await publish_text(rules_text(general_priority=31))
        await until(lambda: holder.current.version == marker)


async def _store_unchecked(engine: AsyncEngine, version: str, text: str) -> None:
    """What publish never does: activate a text that does not compile."""
    async with engine.begin() as conn:
        await conn.execute(insert(rulesets).values(version=version, content=text, created_at=T0))
        await conn.execute(
            insert(ruleset_publications).values(
                version=version, author="x", message="", published_at=T0
            )
        )


async def test_a_stored_set_that_does_not_compile_is_logged_and_not_activated(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    publish_text: Publish,
) -> None:
    running: Ruleset = load(rules_text(), "r.yaml")
    await publish_text(rules_text())
    holder = RulesetHolder(running)
    with capture_logs() as logs:
        async with watchers(engine, redis, keys, [holder], every_s=0.05, sql_every_s=0.05):
            await _store_unchecked(engine, "sha256:bad", BROKEN_TEXT)
            await redis.set(keys.rules_active, "sha256:bad")
            await until(lambda: any(e["log_level"] == "error" for e in logs))
            assert holder.current is running
            # The watcher keeps polling and takes the next good publish.
            fixed = await publish_text(rules_text(general_priority=31))
            await until(lambda: holder.current.version == fixed)
    # Polled over and over while it was active, but said once: the log is not flooded.
    [error] = [e for e in logs if e["log_level"] == "error"]
    assert error["version"] == "sha256:bad"
    assert error["running"] == running.version


async def test_without_the_redis_key_the_watcher_falls_back_to_sql(
    engine: AsyncEngine, redis: Redis, keys: Keys, publish_text: Publish
) -> None:
    await publish_text(rules_text())
    holder = RulesetHolder(load(rules_text(), "r.yaml"))
    async with watchers(engine, redis, keys, [holder], every_s=0.05, sql_every_s=0.2):
        new = await publish_text(rules_text("payments"))
        await redis.delete(keys.rules_active)  # as after a Redis restart without persistence
        await until(lambda: holder.current.version == new)


async def test_decisions_during_a_reload_each_come_from_one_whole_set(
    engine: AsyncEngine, redis: Redis, keys: Keys, publish_text: Publish
) -> None:
    old = await publish_text(rules_text())
    holder = RulesetHolder(load(rules_text(), "r.yaml"))
    facts = facts_from_mapping({"channel": "email", "topic": "withdrawal"})
    seen: set[tuple[str, str]] = set()

    def decide_once() -> bool:
        decision = evaluate(holder.current, facts, T0)
        seen.add((decision.ruleset_version, decision.queue))
        return decision.ruleset_version == new

    async with watchers(engine, redis, keys, [holder], every_s=0.01):
        new = await publish_text(rules_text("payments"))
        await until(decide_once)
    assert seen <= {(old, "withdrawals"), (new, "payments")}
    assert (new, "payments") in seen
