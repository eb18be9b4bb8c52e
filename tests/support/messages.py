"""Builders of inbound messages for tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.models import Message, Sender

T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def inbound(
    n: int,
    *,
    channel: str = "webchat",
    thread: str | None = None,
    sender: str | None = None,
    text: str | None = None,
    at: datetime | None = None,
) -> Message:
    """Message number ``n``; by default each on a thread and sender of its own."""
    sent = at or T0 + timedelta(seconds=n)
    return Message(
        channel=channel,
        external_id=f"ext-{n}",
        thread_key=thread or f"thread-{n}",
        sender=Sender(external_id=sender or f"cust-{n}", display_name=f"Customer {n}"),
        text=text if text is not None else f"hello, this is message {n}",
        sent_at=sent,
        received_at=sent,
    )
