"""Dead-letter streams: look at what failed, and send it back once the cause is fixed.

A dead letter keeps the entry's original fields and adds ``dlq_*`` fields (the error, the
stream it came from, its id there, its delivery count, when). Replaying adds the original
fields back to their stream as a new entry and deletes the dead letter, in one MULTI (both
keys share a hash tag), so a replay is never lost or doubled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from redis.asyncio import Redis

from router.keys import Keys
from router.stream import DLQ_FIELDS


@dataclass(frozen=True, slots=True)
class DeadLetter:
    id: str
    stream: str
    original_id: str
    deliveries: int
    error: str
    at: str
    fields: dict[bytes, bytes]


def _s(value: bytes) -> str:
    return value.decode(errors="replace")


def _parse(entry_id: bytes, fields: dict[bytes, bytes]) -> DeadLetter:
    return DeadLetter(
        id=_s(entry_id),
        stream=_s(fields.get(b"dlq_stream", b"")),
        original_id=_s(fields.get(b"dlq_id", b"")),
        deliveries=int(fields.get(b"dlq_deliveries", b"0") or 0),
        error=_s(fields.get(b"dlq_error", b"")),
        at=_s(fields.get(b"dlq_at", b"")),
        fields={k: v for k, v in fields.items() if k.decode() not in DLQ_FIELDS},
    )


def dead_letter_stream(keys: Keys, source: str) -> str:
    """``inbound``, ``receipts`` or ``outbound:<channel>`` to the dead-letter stream key."""
    if source == "inbound":
        return Keys.dead_letter(keys.inbound)
    if source == "receipts":
        return Keys.dead_letter(keys.receipts)
    if source.startswith("outbound:"):
        return Keys.dead_letter(keys.outbound(source.split(":", 1)[1]))
    raise ValueError(f"unknown stream {source!r}: use inbound, receipts or outbound:<channel>")


async def list_dead_letters(redis: Redis, dlq: str, limit: int = 100) -> list[DeadLetter]:
    rows: Any = await redis.xrange(dlq, count=limit)
    return [_parse(i, f) for i, f in rows]


async def replay(redis: Redis, dlq: str, ids: Sequence[str] | None = None) -> list[str]:
    """Send dead letters (all, or those ``ids``) back to their streams; return new ids."""
    letters = await list_dead_letters(redis, dlq, limit=100_000)
    chosen = [d for d in letters if ids is None or d.id in ids]
    replayed: list[str] = []
    for letter in chosen:
        async with redis.pipeline(transaction=True) as pipe:
            pipe.xadd(letter.stream, letter.fields)  # type: ignore[arg-type]
            pipe.xdel(dlq, letter.id)
            new_id, _ = await pipe.execute()
        replayed.append(new_id.decode() if isinstance(new_id, bytes) else str(new_id))
    return replayed
