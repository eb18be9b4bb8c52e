"""Hot reload: every router swaps to a newly published rule set within a poll interval.

The watcher GETs one Redis key every ``every_s`` (a cheap call); when the version there
changes it reads the active set from SQL, compiles it off to the side and swaps the
holder's reference in one assignment, so an evaluation sees the old set or the new one,
never half of either. SQL is also read every :data:`SQL_EVERY_S` regardless, which covers
a Redis that lost the key or a signal that raced another publisher.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field

import structlog
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from router.keys import Keys
from router.rulesets.store import StoredRuleset, active
from routing_rules import InvalidRules, Ruleset, load

log = structlog.get_logger(__name__)

SQL_EVERY_S = 5.0


class RulesetHolder:
    """The compiled rule set a router evaluates now; read ``current`` once per decision."""

    __slots__ = ("_current",)

    def __init__(self, ruleset: Ruleset) -> None:
        self._current = ruleset

    @property
    def current(self) -> Ruleset:
        return self._current

    def swap(self, ruleset: Ruleset) -> None:
        self._current = ruleset


def compile_stored(stored: StoredRuleset) -> Ruleset:
    """Compile a stored text; raises :class:`InvalidRules` like :func:`routing_rules.load`."""
    return load(stored.text, f"<ruleset {stored.version}>")


@dataclass(slots=True)
class _WatchState:
    """What one watcher has seen; mutable, and private to its loop."""

    signal: str
    applied: str = ""  # stored version last swapped in (its compiled hash could differ)
    next_sql_at: float = 0.0
    broken: set[str] = field(default_factory=set)  # versions already logged as not compiling


async def watch_rulesets(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    holder: RulesetHolder,
    stop: asyncio.Event,
    every_s: float = 0.5,
    *,
    sql_every_s: float = SQL_EVERY_S,
) -> None:
    """Keep ``holder`` on the active rule set until ``stop`` is set."""
    state = _WatchState(signal=holder.current.version)
    while not stop.is_set():
        try:
            await _tick(engine, redis, keys, holder, state, sql_every_s)
        except (RedisError, SQLAlchemyError, OSError) as exc:
            # A store outage must not stop routing: the running set stays, we try again.
            log.warning("rule set poll failed; keeping the running set", error=repr(exc))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every_s)


async def _tick(
    engine: AsyncEngine,
    redis: Redis,
    keys: Keys,
    holder: RulesetHolder,
    state: _WatchState,
    sql_every_s: float,
) -> None:
    raw = await redis.get(keys.rules_active)
    signal = raw.decode() if isinstance(raw, bytes) else raw
    clock = asyncio.get_running_loop().time()
    changed = signal is not None and signal != state.signal
    if not changed and clock < state.next_sql_at:
        return
    if signal is not None:
        state.signal = signal
    state.next_sql_at = clock + sql_every_s
    stored = await active(engine)
    if stored is not None:
        await _apply(stored, holder, state)


async def _apply(stored: StoredRuleset, holder: RulesetHolder, state: _WatchState) -> None:
    if stored.version in (holder.current.version, state.applied) or stored.version in state.broken:
        return
    try:
        # Off the event loop: a large set takes a while to compile, and routing goes on.
        ruleset = await asyncio.to_thread(compile_stored, stored)
    except InvalidRules as exc:
        state.broken.add(stored.version)
        log.error(
            "stored rule set does not compile; keeping the running set",
            version=stored.version,
            running=holder.current.version,
            problems=[str(p) for p in exc.problems[:5]],
        )
        return
    previous = holder.current.version
    holder.swap(ruleset)
    state.applied = stored.version
    log.info("rule set activated", version=ruleset.version, previous=previous)
