"""The web chat as a :class:`~connectors.base.Connector`: replies out to the widget.

Sending a reply means handing it to every web chat process over the live channel; the
process holding the visitor's socket pushes it at once. A visitor who is away gets it with
the chat's history when they come back (the reply is already in SQL: the router stored it
before streaming it), so a reply is "sent" as soon as it is on the live channel; if they
asked to be answered by email (the offline form), an email copy is queued as well
(:mod:`connectors.webchat.followup`).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from connectors.base import ChannelProfile, InboundSink, TextFormat, TransientSendError
from connectors.webchat.followup import follow_up_by_email
from router.keys import Keys
from router.models import DeliveryReceipt, DeliveryStatus, Outbound, OutboundKind

CHANNEL = "webchat"


def live_channel(keys: Keys) -> str:
    return f"{keys.prefix}:{{wc}}:live"


def reply_frame(outbound: Outbound) -> dict[str, Any]:
    return {
        "type": "message",
        "id": outbound.id,
        "author": "bot" if outbound.kind is OutboundKind.AUTO_REPLY else "agent",
        "text": outbound.text,
        "at": outbound.created_at.isoformat(),
        "conversation_id": outbound.conversation_id,
        "attachments": [
            {"ref": a.blob_ref, "name": a.filename, "content_type": a.content_type, "size": a.size}
            for a in outbound.attachments
        ],
    }


def map_error(exc: Exception) -> TransientSendError:
    """Redis unreachable: the reply waits in the outbound stream and is tried again."""
    return TransientSendError(f"web chat live channel unavailable: {exc}")


class WebchatConnector:
    def __init__(self, redis: Redis, keys: Keys, max_attachment_bytes: int) -> None:
        self._redis = redis
        self._keys = keys
        self._max_attachment_bytes = max_attachment_bytes

    @property
    def channel(self) -> str:
        return CHANNEL

    @property
    def profile(self) -> ChannelProfile:
        return ChannelProfile(
            channel=CHANNEL,
            max_text_length=None,
            formats=(TextFormat.PLAIN,),
            max_attachment_bytes=self._max_attachment_bytes,
            typing_indicator=True,
        )

    async def send(self, outbound: Outbound) -> DeliveryReceipt:
        note = {"thread": outbound.thread_key, "frame": reply_frame(outbound)}
        try:
            await self._redis.publish(live_channel(self._keys), orjson.dumps(note))
            await follow_up_by_email(self._redis, self._keys, outbound)
        except (RedisConnectionError, RedisTimeoutError) as exc:
            raise map_error(exc) from exc
        return DeliveryReceipt(
            outbound_id=outbound.id,
            channel=CHANNEL,
            status=DeliveryStatus.SENT,
            at=datetime.now(UTC),
            external_id=f"webchat:{outbound.id}",
        )

    async def run(self, sink: InboundSink, stop: asyncio.Event) -> None:
        # Inbound arrives over the WebSocket server (connectors.webchat.server), not here.
        await stop.wait()
