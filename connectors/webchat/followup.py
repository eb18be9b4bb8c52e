"""Answers for visitors who left: by email, when they asked for it.

A visitor who writes while the chat is offline leaves an email address; their chat is then
marked for follow-up. Every web chat process keeps a short-lived presence key for each chat
it holds open. A reply to a marked chat whose visitor is not here goes out as an email too
(an outbound on the email channel's stream, with its own idempotency key, so a resent reply
is mailed once); the widget shows it from the history when they come back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from redis.asyncio import Redis

from router.codec import encode
from router.keys import Keys
from router.models import Outbound, stable_id
from router.stream import text_of

PRESENCE_TTL_S = 60
FOLLOWUP_TTL_S = 30 * 24 * 3600
EMAIL_CHANNEL = "email"
EMAIL_SUBJECT = "Re: your message to our support"


def _here(keys: Keys, thread_key: str) -> str:
    return f"{keys.prefix}:{{wc}}:here:{thread_key}"


def _followup(keys: Keys, thread_key: str) -> str:
    return f"{keys.prefix}:{{wc}}:followup:{thread_key}"


async def mark_present(redis: Redis, keys: Keys, thread_keys: Iterable[str]) -> None:
    """Refresh the presence of the chats this process holds (every few seconds)."""
    async with redis.pipeline(transaction=False) as pipe:
        for thread_key in set(thread_keys):
            pipe.set(_here(keys, thread_key), 1, ex=PRESENCE_TTL_S)
        await pipe.execute()


async def mark_absent(redis: Redis, keys: Keys, thread_key: str) -> None:
    await redis.delete(_here(keys, thread_key))


async def ask_for_followup(redis: Redis, keys: Keys, thread_key: str, email: str) -> None:
    await redis.set(_followup(keys, thread_key), email, ex=FOLLOWUP_TTL_S)


def email_copy(outbound: Outbound, email: str) -> Outbound:
    return replace(
        outbound,
        id=stable_id("webchat-email", outbound.id),
        idempotency_key=f"{outbound.idempotency_key}:email",
        channel=EMAIL_CHANNEL,
        thread_key=f"webchat:{outbound.thread_key}",
        recipient=email,
        subject=EMAIL_SUBJECT,
        in_reply_to="",
    )


async def follow_up_by_email(redis: Redis, keys: Keys, outbound: Outbound) -> Outbound | None:
    """Queue an email copy of ``outbound`` if its visitor asked for one and is away."""
    async with redis.pipeline(transaction=False) as pipe:
        pipe.exists(_here(keys, outbound.thread_key))
        pipe.get(_followup(keys, outbound.thread_key))
        here, email = await pipe.execute()
    if here or not email:
        return None
    copy = email_copy(outbound, text_of(email))
    await redis.xadd(keys.outbound(EMAIL_CHANNEL), encode(copy))  # type: ignore[arg-type]
    return copy
