"""Clean-up of the keys one test wrote, so tests can share one Redis server."""

from __future__ import annotations

from redis.asyncio import Redis

_BATCH = 500


async def delete_prefixed(redis: Redis, prefix: str) -> int:
    """UNLINK every key that starts with ``prefix``; returns how many were removed."""
    removed = 0
    batch: list[bytes] = []
    async for key in redis.scan_iter(match=f"{prefix}*", count=_BATCH):
        batch.append(key)
        if len(batch) >= _BATCH:
            removed += await redis.unlink(*batch)
            batch.clear()
    if batch:
        removed += await redis.unlink(*batch)
    return removed
