"""Request and response bodies of the JSON API (pydantic lives here, at the edge)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator


def as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


UtcDatetime = Annotated[datetime, AfterValidator(as_utc)]


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class HealthOut(Out):
    status: str
    checks: dict[str, str]


class QueueOut(Out):
    name: str
    depth: int
    next_conversation_id: str | None
    oldest_conversation_id: str | None
    oldest_waiting_seconds: float


class ConversationOut(Out):
    id: str
    customer_id: str
    channel: str
    thread_key: str
    status: str
    queue: str
    priority: int
    language: str
    topic: str
    urgency: str
    assignee_id: str | None
    tags: list[str]
    message_count: int
    created_at: UtcDatetime
    updated_at: UtcDatetime
    last_message_at: UtcDatetime
    resolved_at: UtcDatetime | None


class ConversationPage(Out):
    items: list[ConversationOut]
    next_cursor: str | None


class IdentityOut(Out):
    channel: str
    external_id: str
    display_name: str


class CustomerOut(Out):
    id: str
    display_name: str
    vip_tier: str
    language: str
    identities: list[IdentityOut]

    @classmethod
    def of(cls, customer: Any, identities: Iterable[Any]) -> CustomerOut:
        """From a customers row and its identities rows."""
        return cls(
            id=customer.id,
            display_name=customer.display_name,
            vip_tier=customer.vip_tier,
            language=customer.language,
            identities=[IdentityOut.model_validate(i) for i in identities],
        )


class DecisionOut(Out):
    ruleset_version: str
    queue: str
    priority: int
    payload: dict[str, Any]
    decided_at: UtcDatetime


class MessageOut(Out):
    id: str
    conversation_id: str
    direction: str
    channel: str
    external_id: str | None
    sender_id: str
    author_id: str | None
    kind: str
    subject: str
    text: str
    html: str
    attachments: list[dict[str, Any]]
    language_hints: list[str]
    in_reply_to: str
    sent_at: UtcDatetime
    received_at: UtcDatetime
    stream_id: str
    idempotency_key: str | None
    delivery_status: str | None
    delivery_error: str | None
    delivered_at: UtcDatetime | None
    decision: DecisionOut | None = None


class ConversationDetail(Out):
    conversation: ConversationOut
    customer: CustomerOut
    messages: list[MessageOut]


class ReplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=100_000)
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=128)
    # Another channel of the same customer (one they have an identity on); default: the
    # conversation's own.
    channel: str | None = Field(default=None, pattern=r"^[a-z0-9_.-]{1,32}$")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be blank")
        return value


class OutboundOut(Out):
    id: str
    idempotency_key: str
    conversation_id: str
    channel: str
    recipient: str
    kind: str
    text: str
    created_at: UtcDatetime
    delivery_status: str
