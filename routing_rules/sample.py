"""Facts from a plain mapping (a dry-run JSONL line, an API body): the edge into :class:`Facts`.

Keys mirror the rule field names (``customer.vip_tier`` is ``{"customer": {"vip_tier":..}}``)
so an admin writes test messages in the words the rules use. Unknown keys are refused;
``id`` is accepted and ignored here (the caller keeps it to label the decision).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from routing_rules.errors import InvalidInput
from routing_rules.facts import ConversationFacts, CustomerFacts, Facts, MessageFacts


class _Edge(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Customer(_Edge):
    vip_tier: str = ""
    tags: frozenset[str] = frozenset()
    language: str = ""
    verified: bool = False


class _Conversation(_Edge):
    is_new: bool = True
    status: str = "open"
    queue: str = ""
    assignee: str = ""
    customer_messages: int = 1
    waiting_seconds: float = 0.0


class _Sample(_Edge):
    id: str | int | None = None
    channel: str
    text: str = ""
    subject: str = ""
    attachments: int = 0
    entities: frozenset[str] = frozenset()
    secrets: frozenset[str] = frozenset()
    language: str = ""
    language_confidence: float = 1.0  # given by hand, so taken as certain
    topic: str = ""
    topic_confidence: float = 1.0
    urgency: str = "normal"
    customer: _Customer = Field(default_factory=_Customer)
    conversation: _Conversation = Field(default_factory=_Conversation)


def facts_from_mapping(data: Mapping[str, Any]) -> Facts:
    """Build :class:`Facts`; raise :class:`InvalidInput` naming the bad key."""
    try:
        sample = _Sample.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidInput(f"{where}: {first['msg']}") from exc
    return Facts(
        channel=sample.channel,
        language=sample.language,
        language_confidence=sample.language_confidence,
        topic=sample.topic,
        topic_confidence=sample.topic_confidence,
        urgency=sample.urgency,
        customer=CustomerFacts(**sample.customer.model_dump()),
        message=MessageFacts(
            text=sample.text,
            subject=sample.subject,
            attachments=sample.attachments,
            entities=sample.entities,
            secrets=sample.secrets,
        ),
        conversation=ConversationFacts(**sample.conversation.model_dump()),
    )
