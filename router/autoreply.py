"""Automatic replies a routing decision asks for, as outbound messages.

Each is keyed ``auto:<message id>:<template>``, so a replayed batch produces the same
outbound and the store keeps one: a customer never gets the same automatic reply twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from router.decide import AutoReplyText
from router.models import Message, Outbound, OutboundKind
from router.outbound import outbound_id_for


def reply_subject(subject: str) -> str:
    if not subject or subject.lower().startswith("re:"):
        return subject
    return f"Re: {subject}"


def auto_reply(
    message: Message, conversation_id: str, reply: AutoReplyText, now: datetime
) -> Outbound:
    key = f"auto:{message.id}:{reply.template}"
    return Outbound(
        id=outbound_id_for(key),
        idempotency_key=key,
        conversation_id=conversation_id,
        channel=message.channel,
        thread_key=message.thread_key,
        recipient=message.sender.external_id,
        text=reply.text,
        created_at=now,
        kind=OutboundKind.AUTO_REPLY,
        subject=reply_subject(message.subject),
        in_reply_to=message.external_id,
    )


def auto_replies(
    items: Iterable[tuple[Message, str, tuple[AutoReplyText, ...]]], now: datetime
) -> list[Outbound]:
    return [
        auto_reply(message, conversation_id, reply, now)
        for message, conversation_id, replies in items
        for reply in replies
    ]
