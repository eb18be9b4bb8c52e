"""Everything a web chat process shares between its sockets, built once at start-up."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from connectors.sink import RedisInboundSink
from connectors.webchat.abuse import Limit, RateLimiter
from connectors.webchat.hours import parse_hours
from connectors.webchat.hub import Hub
from connectors.webchat.waiting import PaceTracker
from router.blobs import LocalBlobStore
from router.dispatch.keys import DispatchKeys
from router.keys import Keys
from router.settings import Settings
from routing_rules.calendar import Calendar

STRINGS_FILE = "webchat.json"


def agents_online_key(keys: Keys) -> str:
    """Sorted set: agent id -> last "online" heartbeat (unix ms), kept by dispatch."""
    return DispatchKeys(keys).online


@dataclass(frozen=True, slots=True)
class Texts:
    """The widget's texts per language, and the pre-chat form's topics."""

    by_language: dict[str, dict[str, str]]
    topics: tuple[str, ...]

    def pick(self, wanted: list[str], allowed: tuple[str, ...]) -> str:
        """The first configured language among the browser's (``de-CH`` matches ``de``)."""
        usable = [lang for lang in allowed if lang in self.by_language]
        for tag in wanted:
            base = tag.split("-")[0].lower()
            if base in usable:
                return base
        return usable[0] if usable else "en"

    def for_language(self, lang: str) -> dict[str, str]:
        return {**self.by_language.get("en", {}), **self.by_language.get(lang, {})}


def load_texts(config_dir: Path) -> Texts:
    raw: dict[str, Any] = orjson.loads((config_dir / STRINGS_FILE).read_bytes())
    return Texts(by_language=raw["languages"], topics=tuple(raw.get("topics", ())))


@dataclass(slots=True)
class Runtime:
    settings: Settings
    redis: Redis
    engine: AsyncEngine
    keys: Keys
    texts: Texts
    calendar: Calendar
    blobs: LocalBlobStore
    hub: Hub = field(default_factory=Hub)
    sink: RedisInboundSink = field(init=False)
    limiter: RateLimiter = field(init=False)
    pace: PaceTracker = field(init=False)

    def __post_init__(self) -> None:
        self.sink = RedisInboundSink(self.redis, self.keys)
        self.limiter = RateLimiter(self.redis, self.keys.prefix)
        self.pace = PaceTracker(self.redis, self.keys, self.settings.webchat_assumed_service_s)

    @classmethod
    def build(cls, settings: Settings, redis: Redis, engine: AsyncEngine) -> Runtime:
        return cls(
            settings=settings,
            redis=redis,
            engine=engine,
            keys=Keys(settings.key_prefix),
            texts=load_texts(settings.config_dir),
            calendar=parse_hours(settings.webchat_business_hours, settings.webchat_timezone),
            blobs=LocalBlobStore(
                settings.blob_dir,
                min(settings.blob_max_bytes, settings.webchat_max_attachment_bytes),
            ),
        )

    @property
    def message_limits(self) -> tuple[Limit, Limit]:
        s = self.settings
        return (
            Limit("messages", s.webchat_messages_per_minute_per_visitor),
            Limit("messages-per-ip", s.webchat_messages_per_minute_per_ip),
        )

    async def online(self, now: datetime) -> tuple[bool, str]:
        """Whether a visitor can chat live now, and if not, why ("hours" or "agents")."""
        if not self.calendar.is_open(now):
            return False, "hours"
        window = self.settings.webchat_agent_presence_s
        if window:
            fresh = await self.redis.zcount(
                agents_online_key(self.keys), (time.time() - window) * 1000, "+inf"
            )
            if not fresh:
                return False, "agents"
        return True, ""
