"""The :class:`~router.decide.Decider` that routes by the published rules.

Per message: understand it (language, topic, urgency with confidences — today from the
channel's hints and the customer's known language; the classifiers plug in through
:class:`Understand`), build the rule engine's facts, evaluate the current rule set, and
turn the engine's decision into the stored :class:`~router.models.RoutingDecision` with
its trace. Pure: the current rule set is read through a callable, so a hot reload swaps
it between two messages, never during one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from router.decide import AutoReplyText, ConversationContext, Verdict
from router.models import Classification, Message, RoutingDecision, RoutingStep
from routing_rules import (
    ConversationFacts,
    CustomerFacts,
    Decision,
    Facts,
    MessageFacts,
    Ruleset,
    evaluate,
)

SPAM_QUEUE = "spam"


@dataclass(frozen=True, slots=True)
class Understanding:
    """What the classifiers make of one message."""

    classification: Classification
    message: Message  # possibly redacted
    entities: frozenset[str] = frozenset()
    secrets: frozenset[str] = frozenset()


class Understand(Protocol):
    def __call__(self, message: Message, context: ConversationContext) -> Understanding: ...


@runtime_checkable
class BatchUnderstand(Understand, Protocol):
    """An :class:`Understand` that does the costly part for a whole batch up front."""

    def for_batch(self, messages: Sequence[Message]) -> Understand: ...


def understand_by_hints(message: Message, context: ConversationContext) -> Understanding:
    """Language from what the channel says, else what the customer is known to speak."""
    hint = message.language_hints[0].split("-")[0].lower() if message.language_hints else ""
    if hint:
        language, confidence, reason = hint, 0.6, f"language: channel hint {hint}"
    elif context.customer.language:
        language, confidence = context.customer.language, 0.5
        reason = f"language: customer's known language {language}"
    else:
        language, confidence, reason = "", 0.0, "language: unknown"
    classification = Classification(
        language=language, language_confidence=confidence, reasons=(reason,)
    )
    return Understanding(classification, message)


def facts_for(u: Understanding, context: ConversationContext, now: datetime) -> Facts:
    c, m = u.classification, u.message
    waiting = 0.0
    if context.last_message_at is not None:
        waiting = max(0.0, (now - context.last_message_at).total_seconds())
    return Facts(
        channel=m.channel,
        language=c.language,
        language_confidence=c.language_confidence,
        topic=c.topic,
        topic_confidence=c.topic_confidence,
        urgency=c.urgency.value,
        customer=CustomerFacts(
            vip_tier=context.customer.vip_tier, language=context.customer.language
        ),
        message=MessageFacts(
            text=m.text,
            subject=m.subject,
            attachments=len(m.attachments),
            entities=u.entities,
            secrets=u.secrets,
        ),
        conversation=ConversationFacts(
            is_new=context.is_new,
            status=context.status.value,
            queue=context.queue,
            assignee=context.assignee_id,
            customer_messages=context.message_count + 1,
            waiting_seconds=waiting,
        ),
    )


class RulesDecider:
    def __init__(
        self, current: Callable[[], Ruleset], understand: Understand = understand_by_hints
    ) -> None:
        self.current = current
        self.understand = understand

    def for_batch(self, messages: Sequence[Message]) -> RulesDecider:
        """This decider with ``messages`` understood at once (see :class:`BatchUnderstand`)."""
        if not isinstance(self.understand, BatchUnderstand):
            return self
        return RulesDecider(self.current, self.understand.for_batch(messages))

    def decide(self, message: Message, context: ConversationContext, now: datetime) -> Verdict:
        u = self.understand(message, context)
        d = evaluate(self.current(), facts_for(u, context, now), now)
        replies = tuple(AutoReplyText(r.template, r.language, r.text) for r in d.replies)
        return Verdict(u.message, routing_decision(message.id, d, context, u), replies)


def routing_decision(
    message_id: str, d: Decision, context: ConversationContext, u: Understanding
) -> RoutingDecision:
    queue, priority = d.queue, d.priority
    if d.stay and not context.is_new and context.queue:
        queue, priority = context.queue, context.priority
    elif d.spam:
        queue = SPAM_QUEUE
    return RoutingDecision(
        message_id=message_id,
        ruleset_version=d.ruleset_version,
        queue=queue,
        priority=priority,
        classification=u.classification,
        skills=d.skills,
        tags=d.tags,
        actions=d.actions,
        matched_rules=d.matched_rules,
        trace=d.trace(),
        outcome=d.outcome.value,
        steps=tuple(RoutingStep(s.queue, s.priority, s.skills, s.timeout) for s in d.steps),
    )
