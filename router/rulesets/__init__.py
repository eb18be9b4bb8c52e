"""Rule set versions: publish, roll back, list, and hot-reload into running routers.

    version = await publish(engine, redis, keys, text=..., filename=..., author=...,
                            message=..., now=now)           # raises InvalidRules
    await rollback(engine, redis, keys, version=old, author=..., now=now)
    holder = RulesetHolder(compile_stored(await ensure_initial(engine, redis, keys, path, now)))
    task = asyncio.create_task(watch_rulesets(engine, redis, keys, holder, stop))

Exceptions::

    routing_rules.InvalidRules   the text does not validate; nothing was stored or activated
    UnknownVersion (LookupError) a rollback to a version that was never stored
"""

from router.rulesets.reload import RulesetHolder, compile_stored, watch_rulesets
from router.rulesets.store import (
    Publication,
    StoredRuleset,
    UnknownVersion,
    active,
    ensure_initial,
    history,
    publish,
    rollback,
)

__all__ = [
    "Publication",
    "RulesetHolder",
    "StoredRuleset",
    "UnknownVersion",
    "active",
    "compile_stored",
    "ensure_initial",
    "history",
    "publish",
    "rollback",
    "watch_rulesets",
]
