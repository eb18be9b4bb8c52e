"""One open widget (a browser tab) on this process: its identity, its frames, its state.

The rule that makes a dropped connection harmless: a visitor's message is acknowledged only
after it is on the inbound stream (durable), and its id there is the widget's own client
message id, so the widget resends every unacknowledged message after reconnecting and the
router's dedupe on (channel, external id) absorbs whatever was already in.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import structlog
from starlette.websockets import WebSocket

from connectors.webchat import store
from connectors.webchat.abuse import Refused, spam_reason
from connectors.webchat.followup import ask_for_followup
from connectors.webchat.identity import Identity
from connectors.webchat.protocol import (
    AttachmentIn,
    End,
    MessageFrame,
    Ping,
    Profile,
    ProfileFrame,
    Rate,
    Read,
    Typing,
)
from connectors.webchat.runtime import Runtime
from router.consumer import describe, is_transient
from router.events import Event, publish_events
from router.models import Attachment, Message, Sender, message_id_for

log = structlog.get_logger(__name__)

CHANNEL = store.CHANNEL
ALLOWED_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf")
TYPING_EVERY_S = 2.0
RECENT_TEXTS = 5
UNAVAILABLE_RETRY_S = 1.0


def external_id_of(sender_id: str, client_id: str) -> str:
    """Client ids are scoped by their sender, so nobody can collide with another's ids."""
    return f"{sender_id}/{client_id}"


class ChatPeer:
    def __init__(
        self,
        runtime: Runtime,
        websocket: WebSocket,
        ip: str,
        identity: Identity,
        lang: str,
        profile: Profile,
    ) -> None:
        self.rt = runtime
        self.ws = websocket
        self.ip = ip
        self.identity = identity
        self.lang = lang
        self.profile = profile
        self.thread_key = identity.sender_id
        self.conversation_id = ""
        self.last_queue: tuple[int, int] | None = None
        self._send_lock = asyncio.Lock()
        self._recent: list[str] = []
        self._typing_at = 0.0
        self._typing_on = False

    async def push(self, frame: dict[str, Any]) -> None:
        async with self._send_lock:
            await self.ws.send_json(frame)

    async def handle(self, frame: object) -> None:
        match frame:
            case MessageFrame():
                await self._message(frame)
            case Typing():
                await self._typing(frame.on)
            case Read():
                await self._event(
                    "conversation.read", {"by": "customer", "message_id": frame.message_id}
                )
            case ProfileFrame():
                await self.update_profile(frame.profile)
            case Rate():
                await self._rate(frame)
            case End():
                await self._event("conversation.ended", {"by": "customer"})
                await self.push(
                    {"type": "status", "conversation_id": self.conversation_id, "status": "ended"}
                )
            case Ping():
                await self.push({"type": "pong"})
            case _:
                await self.push(
                    {"type": "error", "code": "bad_frame", "detail": "unexpected frame"}
                )

    def learn_conversation(self, conversation_id: str) -> None:
        if conversation_id and conversation_id != self.conversation_id:
            self.conversation_id = conversation_id
            self.last_queue = None

    async def update_profile(self, profile: Profile) -> None:
        """The pre-chat or offline form: the name and language go with the next messages,
        the email onto the customer record."""
        merged = {k: v for k, v in profile.model_dump().items() if v}
        self.profile = self.profile.model_copy(update=merged)
        now = datetime.now(UTC)
        if profile.email or profile.name:
            customer = await store.customer_of(self.rt.engine, self.identity.sender_id)
            await store.save_contact(self.rt.engine, customer, profile.email, profile.name, now)
        online, _ = await self.rt.online(now)
        if profile.email and not online:  # the offline form: answer by email too
            await ask_for_followup(self.rt.redis, self.rt.keys, self.thread_key, profile.email)
        await self.push({"type": "profile", "profile": self.profile.model_dump()})

    async def _message(self, frame: MessageFrame) -> None:
        try:
            message = await self._accept(frame)
        except Refused as exc:
            error: dict[str, Any] = {
                "type": "error",
                "id": frame.id,
                "code": exc.code,
                "detail": exc.detail,
            }
            if exc.retry_after is not None:
                error["retry_after"] = round(exc.retry_after, 1)
            await self.push(error)
            return
        except Exception as exc:
            if not is_transient(exc):
                raise
            await self.push(_unavailable(frame.id))
            return
        self.rt.hub.expect(self, message.id, frame.id)
        try:
            await self.rt.sink.publish([message])
        except Exception as exc:
            if not is_transient(exc):
                raise
            # Not durable, so not acknowledged: the widget sends it again shortly.
            log.warning("webchat.publish_failed", error=describe(exc))
            await self.push(_unavailable(frame.id))
            return
        await self.push({"type": "ack", "id": frame.id})
        if frame.resend:
            await self._stored_before(message.id, frame.id)

    async def _stored_before(self, message_id: str, client_id: str) -> None:
        """A resend of a message the router stored earlier is dropped as a duplicate, with
        no event: say "stored" from SQL. (Not stored yet: its event is still to come.)"""
        conversation_id = await store.conversation_of_message(self.rt.engine, message_id)
        if conversation_id is not None and self.rt.hub.stored(message_id) is not None:
            self.learn_conversation(conversation_id)
            await self.push({"type": "stored", "id": client_id, "conversation_id": conversation_id})

    async def _accept(self, frame: MessageFrame) -> Message:
        text = frame.text.strip()
        limit = self.rt.settings.webchat_max_text_chars
        if not text and not frame.attachments:
            raise Refused("empty", "a message needs text or an attachment")
        if len(text) > limit:
            raise Refused("too_long", f"a message is at most {limit} characters")
        reason = spam_reason(text, self._recent)
        if reason:
            raise Refused("spam", f"message refused as spam: {reason}")
        visitor, per_ip = self.rt.message_limits
        await self.rt.limiter.hit([(visitor, self.identity.sender_id), (per_ip, self.ip)])
        attachments = tuple([await self._attachment(a) for a in frame.attachments])
        self._recent = [*self._recent[-RECENT_TEXTS:], text]
        now = datetime.now(UTC)
        hint = self.profile.language or self.lang
        return Message(
            channel=CHANNEL,
            external_id=external_id_of(self.identity.sender_id, frame.id),
            thread_key=self.thread_key,
            sender=Sender(external_id=self.identity.sender_id, display_name=self.profile.name),
            text=text,
            sent_at=now,
            received_at=now,
            subject=self.profile.topic,
            attachments=attachments,
            language_hints=(hint,) if hint else (),
        )

    async def _attachment(self, item: AttachmentIn) -> Attachment:
        if item.content_type not in ALLOWED_TYPES:
            raise Refused("attachment_type", "only images and PDF files can be sent")
        if item.size > self.rt.settings.webchat_max_attachment_bytes:
            raise Refused("attachment_size", "the attachment is too large")
        if not await self.rt.blobs.exists(item.ref):
            raise Refused("attachment_missing", "upload the attachment first")
        return Attachment(item.name, item.content_type, item.size, item.ref)

    async def _typing(self, on: bool) -> None:
        now = time.monotonic()
        if on and self._typing_on and now - self._typing_at < TYPING_EVERY_S:
            return  # the inbox already shows it; keystrokes would flood the event stream
        if not on and not self._typing_on:
            return
        self._typing_on, self._typing_at = on, now
        await self._event("conversation.typing", {"by": "customer", "on": "1" if on else "0"})

    async def _rate(self, frame: Rate) -> None:
        try:
            await store.rate(
                self.rt.engine,
                self.thread_key,
                frame.conversation_id,
                frame.rating,
                frame.comment.strip(),
                datetime.now(UTC),
            )
        except store.NotYourConversation:
            await self.push(
                {"type": "error", "code": "not_found", "detail": "no such conversation"}
            )
            return
        await self._event(
            "conversation.rated", {"rating": str(frame.rating)}, frame.conversation_id
        )
        await self.push(
            {"type": "rated", "conversation_id": frame.conversation_id, "rating": frame.rating}
        )

    async def _event(self, kind: str, data: dict[str, str], conversation_id: str = "") -> None:
        target = conversation_id or self.conversation_id
        if not target:
            return  # nothing the inbox could show it on yet
        event = Event(type=kind, conversation_id=target, data=data)
        await publish_events(
            self.rt.redis, self.rt.keys, [event], self.rt.settings.event_stream_maxlen
        )


def _unavailable(client_id: str) -> dict[str, Any]:
    return {
        "type": "error",
        "id": client_id,
        "code": "unavailable",
        "detail": "temporarily unavailable, sending again",
        "retry_after": UNAVAILABLE_RETRY_S,
    }


def message_id_of(sender_id: str, client_id: str) -> str:
    return message_id_for(CHANNEL, external_id_of(sender_id, client_id))
