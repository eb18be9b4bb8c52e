"""The facts one routing decision is made from, and the field names rules may test.

The router fills a :class:`Facts` per message; nothing here reads a clock or a store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from operator import attrgetter
from typing import Any

URGENCIES = frozenset({"critical", "high", "normal", "low"})
STATUSES = frozenset({"open", "pending", "snoozed", "resolved"})


_DOTLESS = str.maketrans({"ı": "i", "\u0307": None})


def fold(text: str) -> str:
    """Caseless form for keyword matching; Turkish dotted/dotless i fold together, since
    ``"ÇALINDI".casefold()`` is ``"çalindi"`` and would never meet the keyword ``çalındı``."""
    return text.casefold().translate(_DOTLESS)


@dataclass(frozen=True, slots=True)
class CustomerFacts:
    vip_tier: str = ""
    tags: frozenset[str] = frozenset()
    language: str = ""
    verified: bool = False


@dataclass(frozen=True, slots=True)
class MessageFacts:
    text: str = ""
    subject: str = ""
    attachments: int = 0
    entities: frozenset[str] = frozenset()
    secrets: frozenset[str] = frozenset()
    # Folded once here so that a hundred keyword conditions do not fold the text a hundred times.
    text_folded: str = field(init=False, repr=False, compare=False)
    subject_folded: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text_folded", fold(self.text))
        object.__setattr__(self, "subject_folded", fold(self.subject))

    @property
    def length(self) -> int:
        return len(self.text)


@dataclass(frozen=True, slots=True)
class ConversationFacts:
    is_new: bool = True
    status: str = "open"
    queue: str = ""
    assignee: str = ""
    customer_messages: int = 1
    waiting_seconds: float = 0.0

    def __post_init__(self) -> None:
        # A StrEnum hashes by its member name, so it would miss the rule index's str keys.
        object.__setattr__(self, "status", str(self.status))


@dataclass(frozen=True, slots=True)
class Facts:
    channel: str
    language: str = ""
    language_confidence: float = 0.0
    topic: str = ""
    topic_confidence: float = 0.0
    urgency: str = "normal"
    customer: CustomerFacts = field(default_factory=CustomerFacts)
    message: MessageFacts = field(default_factory=MessageFacts)
    conversation: ConversationFacts = field(default_factory=ConversationFacts)

    def __post_init__(self) -> None:
        object.__setattr__(self, "channel", str(self.channel))
        object.__setattr__(self, "urgency", str(self.urgency))


class Kind(StrEnum):
    KEYWORD = "keyword"  # a short label: equality, membership, regex
    TEXT = "text"  # free text written by the customer: keywords, regex
    NUMBER = "number"
    BOOL = "bool"
    SET = "set"  # a set of labels: contains, contains any/all, empty


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: Kind
    get: Callable[[Facts], Any]
    allowed: frozenset[str] | None = None
    folded: Callable[[Facts], str] | None = None


def _spec(name: str, kind: Kind, allowed: frozenset[str] | None = None) -> FieldSpec:
    folded = attrgetter(f"{name}_folded") if kind is Kind.TEXT else None
    return FieldSpec(name, kind, attrgetter(name), allowed, folded)


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        _spec("channel", Kind.KEYWORD),
        _spec("language", Kind.KEYWORD),
        _spec("language_confidence", Kind.NUMBER),
        _spec("topic", Kind.KEYWORD),
        _spec("topic_confidence", Kind.NUMBER),
        _spec("urgency", Kind.KEYWORD, URGENCIES),
        _spec("customer.vip_tier", Kind.KEYWORD),
        _spec("customer.tags", Kind.SET),
        _spec("customer.language", Kind.KEYWORD),
        _spec("customer.verified", Kind.BOOL),
        _spec("message.text", Kind.TEXT),
        _spec("message.subject", Kind.TEXT),
        _spec("message.attachments", Kind.NUMBER),
        _spec("message.length", Kind.NUMBER),
        _spec("message.entities", Kind.SET),
        _spec("message.secrets", Kind.SET),
        _spec("conversation.is_new", Kind.BOOL),
        _spec("conversation.status", Kind.KEYWORD, STATUSES),
        _spec("conversation.queue", Kind.KEYWORD),
        _spec("conversation.assignee", Kind.KEYWORD),
        _spec("conversation.customer_messages", Kind.NUMBER),
        _spec("conversation.waiting_seconds", Kind.NUMBER),
    )
}
