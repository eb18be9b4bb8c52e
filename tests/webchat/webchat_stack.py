"""The web chat tests' running stack: router, API and web chat in one event loop.

A module of its own, not conftest: several test folders have a conftest, and
``from conftest import`` would depend on which one was imported first.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import signed_in_admin
from support.ports import wait_listening
from support.router import RouterHarness

from connectors.webchat.client import ChatClient
from connectors.webchat.process import run_webchat
from router.decide import Decider
from router.keys import Keys
from router.redis_server import free_port
from router.services import run_web
from router.settings import Settings
from router.store.engine import create_engine

IDENTITY_SECRET = "host-site-shared-secret"


@dataclass
class Stack:
    settings: Settings
    engine: AsyncEngine
    redis: Redis
    keys: Keys
    api: httpx.AsyncClient
    router: RouterHarness

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.settings.webchat_port}/ws"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.webchat_port}/"

    def client(self, **kwargs: str) -> ChatClient:
        return ChatClient(self.ws_url, self.settings.webchat_allowed_origins[0], **kwargs)

    async def reply(self, conversation_id: str, text: str) -> dict[str, str]:
        answer = await self.api.post(
            f"/api/conversations/{conversation_id}/replies", json={"text": text}
        )
        assert answer.status_code == 202, answer.text
        body: dict[str, str] = answer.json()
        return body


def chat_settings(settings: Settings, host_origin: str, **overrides: object) -> Settings:
    return settings.model_copy(
        update={
            "webchat_port": free_port(),
            "web_port": free_port(),
            "webchat_allowed_origins": (host_origin,),
            "webchat_identity_secret": IDENTITY_SECRET,
            "webchat_queue_update_s": 0.2,
            # Most tests chat live with no agent signed in; the presence test sets its own.
            "webchat_agent_presence_s": 0,
            # The test API client talks plain http to 127.0.0.1 (httpx keeps Secure cookies
            # for https only).
            "session_cookie_secure": False,
            **overrides,
        }
    )


@asynccontextmanager
async def running_stack(
    settings: Settings, redis: Redis, decider: Decider | None = None
) -> AsyncIterator[Stack]:
    """Router (``decider``: the bare default queue unless given), API and web chat, started
    here and joined at exit."""
    engine = create_engine(settings.effective_database_url)
    stop = asyncio.Event()
    tasks = [
        asyncio.create_task(run_webchat(settings, stop)),
        asyncio.create_task(run_web(settings, stop)),
    ]
    try:
        async with RouterHarness(settings, redis, engine, decider) as router:
            await wait_listening(settings.webchat_port)
            await wait_listening(settings.web_port)
            base = f"http://127.0.0.1:{settings.web_port}"
            async with httpx.AsyncClient(base_url=base, timeout=15) as api:
                # The agent side of the API needs a signed-in agent (and its CSRF token).
                await signed_in_admin(api, engine)
                yield Stack(settings, engine, redis, Keys(settings.key_prefix), api, router)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=15)
        await engine.dispose()
