"""The records that travel through Switchboard.

Every record is a frozen dataclass: once a connector has normalized a message, nothing
downstream changes it in place; a step that needs a different value builds a new record
(``dataclasses.replace``). Pydantic lives only at the edges (HTTP bodies, settings).

Identifiers are deterministic where that makes a step idempotent: a message's id is derived
from (channel, external id), a customer's from the first channel identity it was seen with,
and a conversation's from its thread and generation. Two router processes that handle the
same input therefore agree on every id without talking to each other.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

_NAMESPACE = uuid.UUID("7f1d7a0e-2b53-4e39-9c39-5b0c3a4f1e11")


def stable_id(*parts: str) -> str:
    """A UUID derived from ``parts``: equal inputs give equal ids in every process."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def message_id_for(channel: str, external_id: str) -> str:
    return stable_id("message", channel, external_id)


def customer_id_for(channel: str, external_id: str) -> str:
    return stable_id("customer", channel, external_id)


def conversation_id_for(channel: str, thread_key: str, generation: int) -> str:
    return stable_id("conversation", channel, thread_key, str(generation))


class Direction(StrEnum):
    INBOUND = "in"
    OUTBOUND = "out"


class ConversationStatus(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    SNOOZED = "snoozed"
    RESOLVED = "resolved"


class Urgency(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class OutboundKind(StrEnum):
    REPLY = "reply"
    AUTO_REPLY = "auto_reply"


class DeliveryStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Attachment:
    """Metadata of a file; the bytes live in the blob store under ``blob_ref``."""

    filename: str
    content_type: str
    size: int
    blob_ref: str


@dataclass(frozen=True, slots=True)
class Sender:
    """Who wrote a message, as the channel knows them."""

    external_id: str
    display_name: str = ""
    username: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    """One inbound customer message, normalized by its connector."""

    channel: str
    external_id: str
    thread_key: str
    sender: Sender
    text: str
    sent_at: datetime
    received_at: datetime
    subject: str = ""
    html: str = ""
    attachments: tuple[Attachment, ...] = ()
    language_hints: tuple[str, ...] = ()
    in_reply_to: str = ""
    # Derived from (channel, external_id) once, at construction; ``replace`` recomputes it.
    id: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", message_id_for(self.channel, self.external_id))


@dataclass(frozen=True, slots=True)
class ChannelIdentity:
    channel: str
    external_id: str
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    display_name: str
    identities: tuple[ChannelIdentity, ...]
    vip_tier: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    """What routing knows of the customer who wrote: the facts rules may test."""

    id: str
    vip_tier: str = ""
    language: str = ""


@dataclass(frozen=True, slots=True)
class Conversation:
    id: str
    customer_id: str
    channel: str
    thread_key: str
    status: ConversationStatus
    queue: str
    priority: int
    created_at: datetime
    last_message_at: datetime
    message_count: int = 0
    language: str = ""
    topic: str = ""
    urgency: Urgency = Urgency.NORMAL
    assignee_id: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Classification:
    """What the classifiers concluded about one message, each label with a confidence."""

    language: str = ""
    language_confidence: float = 0.0
    topic: str = ""
    topic_confidence: float = 0.0
    urgency: Urgency = Urgency.NORMAL
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RoutingStep:
    """One step of the rules' fallback chain, carried out by the dispatcher: wait in
    ``queue`` for an agent with ``skills``; after ``timeout`` seconds, the next step."""

    queue: str
    priority: int
    skills: tuple[str, ...] = ()
    timeout: float | None = None


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    """Where a message goes and why; stored with the message."""

    message_id: str
    ruleset_version: str
    queue: str
    priority: int
    classification: Classification = field(default_factory=Classification)
    skills: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    matched_rules: tuple[str, ...] = ()
    trace: tuple[str, ...] = ()
    # "matched", "unmatched" (no rule placed it: triage, counted) or "error" (a rule failed)
    outcome: str = "matched"
    steps: tuple[RoutingStep, ...] = ()


@dataclass(frozen=True, slots=True)
class Outbound:
    """A reply on its way out through the conversation's channel."""

    id: str
    idempotency_key: str
    conversation_id: str
    channel: str
    thread_key: str
    recipient: str
    text: str
    created_at: datetime
    kind: OutboundKind = OutboundKind.REPLY
    author_id: str = ""
    subject: str = ""
    html: str = ""
    in_reply_to: str = ""
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    """What the channel said about one outbound: sent (with its id there) or failed."""

    outbound_id: str
    channel: str
    status: DeliveryStatus
    at: datetime
    external_id: str = ""
    error: str = ""
