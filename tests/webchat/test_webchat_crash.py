"""The web chat process killed (SIGKILL) while a visitor writes, then restarted: the
visitor reconnects, resends what was not acknowledged, and every message is stored once."""

from __future__ import annotations

import asyncio

import orjson
import pytest
from redis.asyncio import Redis
from support.ports import wait_listening
from support.router import RouterHarness, rows
from webchat_stack import chat_settings
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from connectors.webchat.client import ChatClient, new_client_id
from router.procs import Child
from router.settings import Settings
from router.store.engine import create_engine

pytestmark = [pytest.mark.webchat, pytest.mark.slow]

MESSAGES = 40
KILL_AT = 15


def child_env(settings: Settings) -> dict[str, str]:
    return {
        "REDIS_URL": settings.redis_url,
        "DATABASE_URL": settings.effective_database_url,
        "SWITCHBOARD_KEY_PREFIX": settings.key_prefix,
        "SWITCHBOARD_DATA_DIR": str(settings.data_dir),
        "SWITCHBOARD_WEBCHAT_PORT": str(settings.webchat_port),
        "SWITCHBOARD_WEBCHAT_ALLOWED_ORIGINS": orjson.dumps(
            list(settings.webchat_allowed_origins)
        ).decode(),
        "SWITCHBOARD_LOG_LEVEL": "WARNING",
        "SWITCHBOARD_WEBCHAT_MESSAGES_PER_MINUTE_PER_VISITOR": "1000",
    }


class Writer:
    """A visitor that, like the widget, resends its unacknowledged messages on reconnect."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.client = ChatClient("", "")
        self.unacked: dict[str, str] = {}

    def _on_frame(self, frame: dict[str, object]) -> None:
        if frame["type"] == "ack":
            self.unacked.pop(str(frame["id"]), None)

    async def connect(self) -> None:
        url = f"ws://127.0.0.1:{self.settings.webchat_port}/ws"
        origin = self.settings.webchat_allowed_origins[0]
        for _ in range(600):  # up to a minute: a restart on a busy machine is slow
            self.client = ChatClient(url, origin, visitor=self.client.visitor)
            self.client.on_frame = self._on_frame
            try:
                await self.client.open()
                break
            except (OSError, InvalidHandshake, TimeoutError):
                await asyncio.sleep(0.1)
        for cid, text in list(self.unacked.items()):
            await self.client.say(text, client_id=cid, resend=True)

    async def say(self, text: str) -> None:
        cid = new_client_id()
        self.unacked[cid] = text
        try:
            await self.client.say(text, client_id=cid)
        except ConnectionClosed:
            await self.connect()


async def test_killed_web_chat_loses_and_doubles_nothing(
    settings: Settings, redis: Redis, host_origin: str
) -> None:
    configured = chat_settings(settings, host_origin)
    webchat = Child(["connector", "webchat"], child_env(configured), configured.data_dir / "wc.log")
    engine = create_engine(configured.effective_database_url)
    webchat.start()
    try:
        async with RouterHarness(configured, redis, engine) as router:
            await wait_listening(configured.webchat_port, within_s=60)
            writer = Writer(configured)
            await writer.connect()
            for n in range(MESSAGES):
                await writer.say(f"message {n}")
                if n == KILL_AT:
                    webchat.kill()  # mid-stream: some sent, not all acknowledged
                    webchat.start()
                await asyncio.sleep(0.02)
            for _ in range(1200):
                if not writer.unacked:
                    break
                if writer.client.closed:  # as the widget's onclose: reconnect and resend
                    await writer.connect()
                await asyncio.sleep(0.05)
            assert writer.unacked == {}
            await writer.client.close()
            await router.drain()
        stored = await rows(
            engine, "SELECT text FROM messages WHERE channel = 'webchat' AND direction = 'in'"
        )
        assert sorted(r.text for r in stored) == sorted(f"message {n}" for n in range(MESSAGES))
    finally:
        webchat.stop()
        await engine.dispose()
