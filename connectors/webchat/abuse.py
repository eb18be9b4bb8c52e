"""Abuse controls: rate limits shared by every web chat process, and spam heuristics.

Rate limits are fixed one-minute windows in Redis (``INCR`` + ``EXPIRE`` in one round
trip), so several web chat processes behind a load balancer count together. The spam
check is pure: it looks at one text and the few the same visitor sent just before.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

_URL = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
_RUN = re.compile(r"(.)\1{29,}", re.DOTALL)  # one character 30 times in a row
MAX_LINKS = 3
REPEATS_ALLOWED = 2  # the same text a third time in a row is refused


class Refused(Exception):
    """A visitor's frame was refused; ``code`` is stable (the widget translates it)."""

    def __init__(self, code: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.retry_after = retry_after


def spam_reason(text: str, recent: Sequence[str]) -> str:
    """Why ``text`` looks like spam ("" if it does not); ``recent``: the visitor's last texts."""
    if len(_URL.findall(text)) > MAX_LINKS:
        return f"more than {MAX_LINKS} links"
    if _RUN.search(text):
        return "a long run of one character"
    normalized = " ".join(text.lower().split())
    tail = [" ".join(r.lower().split()) for r in recent[-REPEATS_ALLOWED:]]
    if normalized and len(tail) == REPEATS_ALLOWED and all(t == normalized for t in tail):
        return "the same text again and again"
    return ""


@dataclass(frozen=True, slots=True)
class Limit:
    name: str
    per_minute: int


class RateLimiter:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self._redis = redis
        self._prefix = prefix

    async def hit(self, checks: Sequence[tuple[Limit, str]]) -> None:
        """Count one event against each (limit, subject); raise :class:`Refused` if over."""
        window = int(time.time() // 60)
        keys = [f"{self._prefix}:{{wc}}:rate:{lim.name}:{who}:{window}" for lim, who in checks]
        async with self._redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, 120)
            counts = (await pipe.execute())[::2]
        for (limit, _), count in zip(checks, counts, strict=True):
            if int(count) > limit.per_minute:
                retry = 60 - time.time() % 60
                raise Refused(
                    "rate_limited", f"too many {limit.name} per minute", retry_after=retry
                )
