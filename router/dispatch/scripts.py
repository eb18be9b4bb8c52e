"""The atomic steps of dispatch, each one Redis Lua script.

Why Lua in Redis rather than SQL locks: the queues already live in Redis, and exactly once
needs "take the conversation out of its queue" and "count it against the agent's capacity"
to happen together or not at all. A script runs alone on the server, so two dispatchers (or
a dispatcher and an agent pressing "take next") can never both remove one conversation or
both fill an agent's last seat; the capacity check sits inside the script, next to the
increment. All keys share the ``{q}`` hash tag, so on Redis Cluster the script still touches
one slot. The SQL alternative (``SELECT ... FOR UPDATE SKIP LOCKED`` on conversations plus
a row lock per agent) does not exist on SQLite, our embedded store, costs a transaction per
assignment and would still leave the Redis queue to be kept in step. SQL is written after,
idempotently and in sequence order (:mod:`router.dispatch.ledger`); a crash in between is
repaired at start (:mod:`router.dispatch.reconcile`).

A held conversation is one field of the ``assigned`` hash:
``agent|channel|state|seq|since_ms|queue|score`` (``queue`` and ``score`` are where it
waited, so releasing it restores its priority and age).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis

from router.dispatch.keys import DispatchKeys
from router.dispatch.model import HoldState
from router.placement import AGE_SPAN, MAX_PRIORITY

_COMMON = """
local function parse(raw)
  local a, c, st, sq, si, q, sc = string.match(
    raw, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  return {agent = a, channel = c, state = st, seq = sq, since = si, queue = q, score = sc}
end
local function record(agent, channel, state, seq, since, queue, score)
  return agent .. '|' .. channel .. '|' .. state .. '|' .. seq .. '|' .. since .. '|'
    .. queue .. '|' .. score
end
local function has_room(tag, agent, channel, default)
  local cap = redis.call('HGET', tag .. 'cap:' .. agent, channel)
    or redis.call('HGET', tag .. 'cap:' .. agent, '*') or default
  local load = redis.call('HGET', tag .. 'load:' .. agent, channel) or 0
  return tonumber(load) < tonumber(cap)
end
local function hold(tag, conv, agent, channel, state, now, queue, score, k_assigned, k_seq, k_rel)
  redis.call('HINCRBY', tag .. 'load:' .. agent, channel, 1)
  redis.call('SADD', tag .. 'mine:' .. agent, conv)
  local seq = redis.call('INCR', k_seq)
  redis.call('HSET', k_assigned, conv, record(agent, channel, state, seq, now, queue, score))
  redis.call('HDEL', k_rel, conv)
  return seq
end
local function unhold(tag, conv, h, k_assigned, k_seq, k_rel, k_last)
  redis.call('HDEL', k_assigned, conv)
  if redis.call('HINCRBY', tag .. 'load:' .. h.agent, h.channel, -1) < 0 then
    redis.call('HSET', tag .. 'load:' .. h.agent, h.channel, 0)
  end
  redis.call('SREM', tag .. 'mine:' .. h.agent, conv)
  redis.call('HSET', k_last, conv, h.agent)
  local seq = redis.call('INCR', k_seq)
  redis.call('HSET', k_rel, conv, seq)
  return seq
end
"""

# KEYS: queue zset, where, assigned, seq, released, declined:conv.
# ARGV: tag, conv, queue, channel, state, now_ms, mode (auto|manual), default capacity,
# candidates... Auto mode: online agents only, never one who declined this conversation;
# manual ("take next"): the caller, online or away.
_RESERVE = (
    _COMMON
    + """
local tag, conv, queue, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if redis.call('HGET', KEYS[2], conv) ~= queue then return {0, 'gone'} end
local score = redis.call('ZSCORE', KEYS[1], conv)
if not score then return {0, 'gone'} end
local chosen = nil
for i = 9, #ARGV do
  local agent = ARGV[i]
  local hb = redis.call('GET', tag .. 'hb:' .. agent)
  local present = hb == 'online' or (ARGV[7] == 'manual' and hb == 'away')
  local declined = ARGV[7] == 'auto' and redis.call('SISMEMBER', KEYS[6], agent) == 1
  if present and not declined and has_room(tag, agent, channel, ARGV[8]) then
    chosen = agent
    break
  end
end
if not chosen then return {0, 'full'} end
redis.call('ZREM', KEYS[1], conv)
redis.call('HDEL', KEYS[2], conv)
local sc = string.format('%.0f', tonumber(score))
local seq = hold(tag, conv, chosen, channel, ARGV[5], ARGV[6], queue, sc, KEYS[3], KEYS[4], KEYS[5])
return {1, chosen, seq, sc}
"""
)

# KEYS: assigned, where, seq, released, last, names, declined:conv.
# ARGV: tag, conv, expected agent ('' any), expected seq ('' any), target queue ('' = where it
# waited), 'requeue' | 'drop', decline ('1': keep this agent off it for a while), decline ttl
# ms, queue key prefix.
_RELEASE = (
    _COMMON
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[2])
if not raw then return {0} end
local h = parse(raw)
if (ARGV[3] ~= '' and h.agent ~= ARGV[3]) or (ARGV[4] ~= '' and h.seq ~= ARGV[4]) then
  return {0}
end
local seq = unhold(ARGV[1], ARGV[2], h, KEYS[1], KEYS[3], KEYS[4], KEYS[5])
if ARGV[7] == '1' then
  redis.call('SADD', KEYS[7], h.agent)
  redis.call('PEXPIRE', KEYS[7], ARGV[8])
end
local queue = h.queue
if ARGV[5] ~= '' then queue = ARGV[5] end
if ARGV[6] == 'requeue' then
  redis.call('ZADD', ARGV[9] .. queue, h.score, ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[2], queue)
  redis.call('SADD', KEYS[6], queue)
end
return {1, h.agent, seq, h.state, queue}
"""
)

# KEYS: assigned, seq. ARGV: conv, agent, now_ms, offer timeout ms.
_ACCEPT = (
    _COMMON
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return {0, 'gone'} end
local h = parse(raw)
if h.agent ~= ARGV[2] then return {0, 'gone'} end
if h.state ~= 'offer' then return {1, h.seq} end
if tonumber(ARGV[3]) - tonumber(h.since) > tonumber(ARGV[4]) then return {0, 'expired'} end
local seq = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], ARGV[1],
  record(h.agent, h.channel, 'assigned', seq, ARGV[3], h.queue, h.score))
return {1, seq}
"""
)

# A supervisor's assignment: from a queue, from another agent, or restoring SQL's record.
# KEYS: assigned, where, seq, released, last. ARGV: tag, conv, agent, channel, now_ms,
# queue and score to record when it waits nowhere, check capacity ('1'/'0'), default
# capacity, queue key prefix.
_ASSIGN = (
    _COMMON
    + """
local tag, conv, agent, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local raw = redis.call('HGET', KEYS[1], conv)
local queue, score = ARGV[6], ARGV[7]
local previous = ''
if raw then
  local h = parse(raw)
  queue, score, previous = h.queue, h.score, h.agent
  if h.agent == agent then
    if h.state == 'assigned' then return {1, h.seq, agent} end
    local seq = redis.call('INCR', KEYS[3])
    local again = record(agent, h.channel, 'assigned', seq, ARGV[5], queue, score)
    redis.call('HSET', KEYS[1], conv, again)
    return {1, seq, agent}
  end
end
if ARGV[8] == '1' and not has_room(tag, agent, channel, ARGV[9]) then return {0, 'full'} end
if raw then
  unhold(tag, conv, parse(raw), KEYS[1], KEYS[3], KEYS[4], KEYS[5])
else
  local waiting = redis.call('HGET', KEYS[2], conv)
  if waiting then
    local s = redis.call('ZSCORE', ARGV[10] .. waiting, conv)
    if s then score = string.format('%.0f', tonumber(s)) end
    queue = waiting
    redis.call('ZREM', ARGV[10] .. waiting, conv)
    redis.call('HDEL', KEYS[2], conv)
  end
end
local seq = hold(tag, conv, agent, channel, 'assigned', ARGV[5], queue, score,
  KEYS[1], KEYS[3], KEYS[4])
return {1, seq, previous}
"""
)

# Loads and holding sets recomputed from the assigned hash, in one step.
# KEYS: assigned. ARGV: tag, agent ids whose loads to rebuild (plus any found holding).
_RECOUNT = """
local tag = ARGV[1]
local counts, held = {}, {}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local agent, channel = string.match(all[i + 1], '^([^|]*)|([^|]*)|')
  counts[agent] = counts[agent] or {}
  counts[agent][channel] = (counts[agent][channel] or 0) + 1
  held[agent] = held[agent] or {}
  table.insert(held[agent], all[i])
end
for i = 2, #ARGV do
  redis.call('DEL', tag .. 'load:' .. ARGV[i], tag .. 'mine:' .. ARGV[i])
end
for agent, channels in pairs(counts) do
  redis.call('DEL', tag .. 'load:' .. agent, tag .. 'mine:' .. agent)
  for channel, n in pairs(channels) do redis.call('HSET', tag .. 'load:' .. agent, channel, n) end
  for _, conv in ipairs(held[agent]) do redis.call('SADD', tag .. 'mine:' .. agent, conv) end
end
return #all / 2
"""

# KEYS: seq. ARGV: floor. The sequence never goes below what SQL has already seen.
_RAISE_SEQ = """
local now = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) return tonumber(ARGV[1]) end
return now
"""


@dataclass(frozen=True, slots=True)
class Reserved:
    agent_id: str
    seq: int
    score: int


@dataclass(frozen=True, slots=True)
class ReservePlan:
    conversation_id: str
    queue: str
    channel: str
    candidates: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Released:
    agent_id: str
    seq: int
    state: HoldState
    queue: str


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Scripts:
    """Typed calls of the scripts above."""

    def __init__(self, redis: Redis, keys: DispatchKeys, default_capacity: int) -> None:
        self._redis = redis
        self.keys = keys
        self.default_capacity = default_capacity
        self._reserve = redis.register_script(_RESERVE)
        self._release = redis.register_script(_RELEASE)
        self._accept = redis.register_script(_ACCEPT)
        self._assign = redis.register_script(_ASSIGN)
        self._recount = redis.register_script(_RECOUNT)
        self._raise_seq = redis.register_script(_RAISE_SEQ)

    async def reserve(
        self,
        conversation_id: str,
        queue: str,
        channel: str,
        candidates: Sequence[str],
        *,
        state: HoldState,
        now_ms: int,
        manual: bool = False,
    ) -> Reserved | str:
        """Take the conversation out of ``queue`` for the first candidate with room; the
        reason ("gone": no longer waiting there, "full": nobody fits) when nothing moved."""
        k = self.keys
        result = await self._reserve(
            keys=[
                k.base.queue(queue),
                k.base.queue_index,
                k.assigned,
                k.seq,
                k.released,
                k.declined(conversation_id),
            ],
            args=[
                k.tag,
                conversation_id,
                queue,
                channel,
                state.value,
                now_ms,
                "manual" if manual else "auto",
                self.default_capacity,
                *candidates,
            ],
        )
        if int(result[0]) == 0:
            return _text(result[1])
        return Reserved(_text(result[1]), int(result[2]), int(result[3]))

    async def reserve_many(
        self, plans: Sequence[ReservePlan], *, state: HoldState, now_ms: int
    ) -> list[Reserved | str]:
        """:meth:`reserve` for many conversations in one round trip (a pipeline of scripts;
        each script is still atomic on its own)."""
        if not plans:
            return []
        k = self.keys
        async with self._redis.pipeline(transaction=False) as pipe:
            for p in plans:
                await self._reserve(
                    keys=[
                        k.base.queue(p.queue),
                        k.base.queue_index,
                        k.assigned,
                        k.seq,
                        k.released,
                        k.declined(p.conversation_id),
                    ],
                    args=[
                        k.tag,
                        p.conversation_id,
                        p.queue,
                        p.channel,
                        state.value,
                        now_ms,
                        "auto",
                        self.default_capacity,
                        *p.candidates,
                    ],
                    client=pipe,
                )
            results = await pipe.execute()
        return [
            _text(r[1]) if int(r[0]) == 0 else Reserved(_text(r[1]), int(r[2]), int(r[3]))
            for r in results
        ]

    async def release(
        self,
        conversation_id: str,
        *,
        agent_id: str = "",
        seq: int | None = None,
        queue: str = "",
        requeue: bool = True,
        decline_ms: int = 0,
    ) -> Released | None:
        """Free the conversation from its holder (if still ``agent_id`` at ``seq``) and put
        it back in ``queue`` (default: where it waited) with its priority and age."""
        k = self.keys
        result = await self._release(
            keys=[
                k.assigned,
                k.base.queue_index,
                k.seq,
                k.released,
                k.last_agent,
                k.base.queue_names,
                k.declined(conversation_id),
            ],
            args=[
                k.tag,
                conversation_id,
                agent_id,
                "" if seq is None else seq,
                queue,
                "requeue" if requeue else "drop",
                "1" if decline_ms > 0 else "0",
                max(decline_ms, 1),
                k.base.queue_prefix,
            ],
        )
        if int(result[0]) == 0:
            return None
        return Released(
            _text(result[1]), int(result[2]), HoldState(_text(result[3])), _text(result[4])
        )

    async def accept(
        self, conversation_id: str, agent_id: str, now_ms: int, offer_timeout_ms: int
    ) -> int | str:
        """The new sequence number, or why not ("gone", "expired")."""
        result = await self._accept(
            keys=[self.keys.assigned, self.keys.seq],
            args=[conversation_id, agent_id, now_ms, offer_timeout_ms],
        )
        return int(result[1]) if int(result[0]) == 1 else _text(result[1])

    async def assign(
        self,
        conversation_id: str,
        agent_id: str,
        channel: str,
        *,
        now_ms: int,
        queue: str,
        score: int,
        check_capacity: bool = True,
    ) -> tuple[int, str] | str:
        """(sequence number, previous holder) or why not ("full")."""
        k = self.keys
        result = await self._assign(
            keys=[k.assigned, k.base.queue_index, k.seq, k.released, k.last_agent],
            args=[
                k.tag,
                conversation_id,
                agent_id,
                channel,
                now_ms,
                queue,
                score,
                "1" if check_capacity else "0",
                self.default_capacity,
                k.base.queue_prefix,
            ],
        )
        if int(result[0]) == 0:
            return _text(result[1])
        return int(result[1]), _text(result[2])

    async def recount(self, agent_ids: Sequence[str]) -> int:
        return int(await self._recount(keys=[self.keys.assigned], args=[self.keys.tag, *agent_ids]))

    async def raise_seq(self, floor: int) -> int:
        return int(await self._raise_seq(keys=[self.keys.seq], args=[floor]))


def score_of(priority: int, enqueued_ms: int) -> int:
    """A queue score, as :mod:`router.placement` computes it."""
    return (MAX_PRIORITY - max(0, min(MAX_PRIORITY, priority))) * AGE_SPAN + enqueued_ms
