"""Published rule sets in SQL: publish, roll back, history, the active one.

A publication is an append-only row naming a stored rule set; the newest row is the
active set. SQL is the record; the Redis key ``keys.rules_active`` only tells the routers
that something changed (they re-read SQL, see :mod:`router.rulesets.reload`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from router.keys import Keys
from router.store.schema import ruleset_publications, rulesets
from router.store.sql import insert_ignoring_conflicts
from routing_rules import InvalidRules, parse, validate

VERSION_PREFIX = "sha256:"


class UnknownVersion(LookupError):
    """A rollback named a version that was never stored (or a prefix of several)."""


@dataclass(frozen=True, slots=True)
class Publication:
    id: int
    version: str
    author: str
    message: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class StoredRuleset:
    version: str
    text: str


async def publish(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    *,
    text: str,
    filename: str,
    author: str,
    message: str,
    now: datetime,
) -> str:
    """Store and activate ``text``; any problem raises :class:`InvalidRules`, changing nothing."""
    problems = validate(text, filename)
    if problems:
        raise InvalidRules(problems)
    version = parse(text, filename).version
    async with engine.begin() as conn:
        await conn.execute(
            insert_ignoring_conflicts(conn, rulesets).values(
                version=version, content=text, created_at=now
            )
        )
        await _append(conn, version, author, message, now)
    await _signal(engine, redis, keys)
    return version


async def rollback(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    *,
    version: str,
    author: str,
    now: datetime,
    message: str = "rollback",
) -> str:
    """Make an earlier stored version active again; returns its full version.

    ``version`` may be a unique prefix, with or without ``sha256:``. A stored text that no
    longer validates (the engine grew stricter) raises :class:`InvalidRules`, as a publish would.
    """
    async with engine.begin() as conn:
        stored = await _resolve(conn, version)
        problems = validate(stored.text, f"<ruleset {stored.version}>")
        if problems:
            raise InvalidRules(problems)
        await _append(conn, stored.version, author, message, now)
    await _signal(engine, redis, keys)
    return stored.version


async def history(engine: AsyncEngine, limit: int = 50) -> list[Publication]:
    """Publications, newest (the active one) first."""
    query = select(ruleset_publications).order_by(ruleset_publications.c.id.desc()).limit(limit)
    async with engine.connect() as conn:
        rows = (await conn.execute(query)).all()
    return [Publication(r.id, r.version, r.author, r.message, r.published_at) for r in rows]


async def active(engine: AsyncEngine) -> StoredRuleset | None:
    """The rule set of the newest publication; None when nothing was ever published."""
    p, r = ruleset_publications, rulesets
    query = (
        select(r.c.version, r.c.content)
        .join(p, p.c.version == r.c.version)
        .order_by(p.c.id.desc())
        .limit(1)
    )
    async with engine.connect() as conn:
        row = (await conn.execute(query)).first()
    return StoredRuleset(row.version, row.content) if row else None


async def ensure_initial(
    engine: AsyncEngine, redis: Redis, keys: Keys, path: Path, now: datetime
) -> StoredRuleset:
    """The active rule set; on a store where nothing was ever published, the file at ``path``.

    An invalid file raises :class:`InvalidRules`, so a router never starts on broken rules.
    """
    found = await active(engine)
    if found is not None:
        # Redis may have been flushed since; restore the signal without overriding a newer one.
        await redis.set(keys.rules_active, found.version, nx=True)
        return found
    text = await asyncio.to_thread(path.read_text, encoding="utf-8")
    version = await publish(
        engine,
        redis,
        keys,
        text=text,
        filename=str(path),
        author="system",
        message=f"initial rules from {path}",
        now=now,
    )
    return StoredRuleset(version, text)


async def _append(
    conn: AsyncConnection, version: str, author: str, message: str, now: datetime
) -> None:
    await conn.execute(
        insert(ruleset_publications).values(
            version=version, author=author, message=message, published_at=now
        )
    )


async def _signal(engine: AsyncEngine, redis: Redis, keys: Keys) -> None:
    # The newest publication, re-read after commit rather than the one just written: of two
    # racing publishers, the later SET then still names what SQL holds as active.
    found = await active(engine)
    if found is not None:
        await redis.set(keys.rules_active, found.version)


async def _resolve(conn: AsyncConnection, version: str) -> StoredRuleset:
    wanted = version if version.startswith(VERSION_PREFIX) else VERSION_PREFIX + version
    query = select(rulesets.c.version, rulesets.c.content).where(
        rulesets.c.version.startswith(wanted, autoescape=True)
    )
    rows = (await conn.execute(query.limit(2))).all()
    exact = [r for r in rows if r.version == wanted]
    if exact or len(rows) == 1:
        row = (exact or rows)[0]
        return StoredRuleset(row.version, row.content)
    if rows:
        raise UnknownVersion(f"version {version!r} is ambiguous; give more of it")
    raise UnknownVersion(
        f"no stored rule set has version {version!r} (`switchboard rules history` lists them)"
    )
