"""Server-side sessions in Redis, each with its own CSRF token.

The browser holds only a random session token (an HttpOnly cookie). Redis keys are the
SHA-256 of that token, so a Redis dump or a ``MONITOR`` does not hand out live sessions.
A session expires after ``idle_s`` without use and is deleted at sign-out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import orjson
from redis.asyncio import Redis

from router.keys import Keys


@dataclass(frozen=True, slots=True)
class Session:
    agent_id: str
    csrf_token: str


def _key(keys: Keys, token: str) -> str:
    return keys.session(hashlib.sha256(token.encode()).hexdigest())


class Sessions:
    def __init__(self, redis: Redis, keys: Keys, idle_s: int) -> None:
        self.redis = redis
        self.keys = keys
        self.idle_s = idle_s

    async def create(self, agent_id: str) -> tuple[str, Session]:
        """A new session for ``agent_id``: the token for the cookie, and the session."""
        token = secrets.token_urlsafe(32)
        session = Session(agent_id=agent_id, csrf_token=secrets.token_urlsafe(32))
        body = orjson.dumps({"agent_id": agent_id, "csrf": session.csrf_token})
        await self.redis.set(_key(self.keys, token), body, ex=self.idle_s)
        return token, session

    async def get(self, token: str) -> Session | None:
        """The session of ``token``, its idle timer restarted; None when unknown or expired."""
        if not token:
            return None
        raw = await self.redis.getex(_key(self.keys, token), ex=self.idle_s)
        if raw is None:
            return None
        body = orjson.loads(raw)
        return Session(agent_id=str(body["agent_id"]), csrf_token=str(body["csrf"]))

    async def delete(self, token: str) -> None:
        await self.redis.delete(_key(self.keys, token))


def csrf_matches(session: Session, presented: str | None) -> bool:
    return presented is not None and hmac.compare_digest(session.csrf_token, presented)
