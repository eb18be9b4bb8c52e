"""Live queues in Redis: which conversations wait where, ordered by priority then age.

A queue is a sorted set of conversation ids; a lower score is served first. The score packs
priority and age into one number: ``(100 - priority) * 10**13 + enqueued_at_ms``, so a
higher priority always comes first and equal priorities come oldest first. A hash indexes
which queue holds each conversation, and moving a conversation is one Lua script, so a
conversation is never in two queues, even with several routers and a crash mid-way.
All these keys share the ``{q}`` hash tag (one Redis Cluster slot).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.asyncio.client import Pipeline

from router.keys import Keys

AGE_SPAN = 10**13
MAX_PRIORITY = 100

# KEYS: index hash, names set, assigned hash. ARGV: queue key prefix, then per conversation
# four values: id, queue, priority, enqueued-at ms. A conversation already queued keeps its
# original enqueue time (its age), whatever its new queue or priority. One an agent holds
# (router.dispatch reserved it since the caller read SQL) is left alone: never queued too.
_PLACE = """
local prefix = ARGV[1]
for i = 2, #ARGV, 4 do
  local id, queue = ARGV[i], ARGV[i + 1]
  if redis.call('HEXISTS', KEYS[3], id) == 0 then
    local since = tonumber(ARGV[i + 3])
    local old = redis.call('HGET', KEYS[1], id)
    if old then
      local score = redis.call('ZSCORE', prefix .. old, id)
      if score then since = math.fmod(tonumber(score), SPAN) end
      if old ~= queue then redis.call('ZREM', prefix .. old, id) end
    end
    local value = (MAXP - tonumber(ARGV[i + 2])) * SPAN + since
    redis.call('ZADD', prefix .. queue, string.format('%.0f', value), id)
    if old ~= queue then
      redis.call('HSET', KEYS[1], id, queue)
      redis.call('SADD', KEYS[2], queue)
    end
  end
end
return 1
""".replace("SPAN", str(AGE_SPAN)).replace("MAXP", str(MAX_PRIORITY))

# KEYS: index hash. ARGV: queue key prefix, conversation.
_REMOVE = """
local old = redis.call('HGET', KEYS[1], ARGV[2])
if old then
  redis.call('ZREM', ARGV[1] .. old, ARGV[2])
  redis.call('HDEL', KEYS[1], ARGV[2])
end
return old
"""


def enqueued_at_ms(score_value: float) -> int:
    return int(score_value) % AGE_SPAN


def priority_of(score_value: float) -> int:
    return MAX_PRIORITY - int(score_value) // AGE_SPAN


@dataclass(frozen=True, slots=True)
class Placement:
    conversation_id: str
    queue: str
    priority: int
    enqueued_at_ms: int


class Queues:
    """Place conversations into queues and take them out."""

    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys
        self._place = redis.register_script(_PLACE)
        self._remove = redis.register_script(_REMOVE)

    async def place(self, pipe: Pipeline, placements: Sequence[Placement]) -> None:
        """Queue ``placements`` on ``pipe`` as one script call; the caller executes it."""
        if not placements:
            return
        args: list[str | int] = [self.keys.queue_prefix]
        for p in placements:
            priority = max(0, min(MAX_PRIORITY, p.priority))
            args.extend((p.conversation_id, p.queue, priority, p.enqueued_at_ms))
        await self._place(
            keys=[self.keys.queue_index, self.keys.queue_names, self.keys.assigned],
            args=args,
            client=pipe,
        )

    async def remove(self, conversation_id: str) -> str | None:
        """Take a conversation out of whatever queue holds it; return that queue's name."""
        old = await self._remove(
            keys=[self.keys.queue_index], args=[self.keys.queue_prefix, conversation_id]
        )
        return old.decode() if isinstance(old, bytes) else old
