"""Publish, history, active and rollback against both stores and a real Redis."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from redis.asyncio import Redis
from rulesets_support import BROKEN_TEXT, T0, rules_text
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.rulesets import (
    UnknownVersion,
    active,
    ensure_initial,
    history,
    publish,
    rollback,
)
from router.settings import Settings
from routing_rules import InvalidRules, load

pytestmark = pytest.mark.rules


async def _publish(engine: AsyncEngine, redis: Redis, keys: Keys, text: str, n: int = 0) -> str:
    return await publish(
        engine,
        redis,
        keys,
        text=text,
        filename="rules.yaml",
        author="ana",
        message=f"change {n}",
        now=T0 + timedelta(minutes=n),
    )


async def test_nothing_published_means_no_active_set(engine: AsyncEngine) -> None:
    assert await active(engine) is None
    assert await history(engine) == []


async def test_publish_activates_and_records_who_when_why(
    engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    first = await _publish(engine, redis, keys, rules_text(), 1)
    second = await _publish(engine, redis, keys, rules_text("payments"), 2)

    assert first == load(rules_text(), "x").version
    assert await redis.get(keys.rules_active) == second.encode()
    stored = await active(engine)
    assert stored is not None
    assert (stored.version, stored.text) == (second, rules_text("payments"))
    [newest, oldest] = await history(engine)
    assert (newest.version, newest.author, newest.message) == (second, "ana", "change 2")
    assert newest.published_at == T0 + timedelta(minutes=2)
    assert oldest.version == first


async def test_publishing_the_same_text_again_is_a_new_publication_of_one_version(
    engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    a = await _publish(engine, redis, keys, rules_text(), 1)
    b = await _publish(engine, redis, keys, "# a comment changes nothing\n" + rules_text(), 2)
    assert a == b
    assert [p.version for p in await history(engine)] == [a, a]


async def test_an_invalid_file_is_refused_and_the_running_set_stays(
    engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    good = await _publish(engine, redis, keys, rules_text(), 1)
    with pytest.raises(InvalidRules) as refused:
        await _publish(engine, redis, keys, BROKEN_TEXT, 2)

    assert [str(p) for p in refused.value.problems] == [
        "rules.yaml:14:19: unknown queue \"securty\"; did you mean 'security'?"
    ]
    stored = await active(engine)
    assert stored is not None
    assert stored.version == good
    assert [p.version for p in await history(engine)] == [good]
    assert await redis.get(keys.rules_active) == good.encode()


async def test_rollback_reactivates_an_earlier_version(
    engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    first = await _publish(engine, redis, keys, rules_text(), 1)
    await _publish(engine, redis, keys, rules_text("payments"), 2)

    back = await rollback(
        engine, redis, keys, version=first, author="bo", now=T0 + timedelta(minutes=3)
    )

    assert back == first
    stored = await active(engine)
    assert stored is not None
    assert stored.text == rules_text()
    newest = (await history(engine))[0]
    assert (newest.version, newest.author, newest.message) == (first, "bo", "rollback")
    assert await redis.get(keys.rules_active) == first.encode()


async def test_rollback_accepts_a_unique_prefix_without_the_hash_name(
    engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    first = await _publish(engine, redis, keys, rules_text(), 1)
    await _publish(engine, redis, keys, rules_text("payments"), 2)
    short = first.removeprefix("sha256:")[:8]
    assert await rollback(engine, redis, keys, version=short, author="bo", now=T0) == first


async def test_rollback_to_an_unknown_version_says_so_and_changes_nothing(
    engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    current = await _publish(engine, redis, keys, rules_text(), 1)
    with pytest.raises(UnknownVersion, match="no stored rule set has version 'sha256:0000'"):
        await rollback(engine, redis, keys, version="sha256:0000", author="bo", now=T0)
    assert [p.version for p in await history(engine)] == [current]


async def test_ensure_initial_publishes_the_file_once(
    engine: AsyncEngine, redis: Redis, keys: Keys, tmp_path: Path
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(rules_text(), encoding="utf-8")

    stored = await ensure_initial(engine, redis, keys, path, T0)
    path.write_text(rules_text("payments"), encoding="utf-8")  # a later start ignores the file
    again = await ensure_initial(engine, redis, keys, path, T0)

    assert stored == again
    [only] = await history(engine)
    assert (only.version, only.author) == (stored.version, "system")
    assert only.message == f"initial rules from {path}"


async def test_ensure_initial_refuses_an_invalid_file(
    engine: AsyncEngine, redis: Redis, keys: Keys, tmp_path: Path
) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(BROKEN_TEXT, encoding="utf-8")
    with pytest.raises(InvalidRules):
        await ensure_initial(engine, redis, keys, path, T0)
    assert await active(engine) is None


async def test_the_shipped_defaults_are_the_initial_rules_of_a_fresh_install(
    engine: AsyncEngine, redis: Redis, keys: Keys, settings: Settings
) -> None:
    path = settings.config_dir / "rules.yaml"
    stored = await ensure_initial(engine, redis, keys, path, T0)
    assert stored.version == load(path.read_text(encoding="utf-8"), str(path)).version
    assert await redis.get(keys.rules_active) == stored.version.encode()
