"""The seam where understanding and routing rules plug into the pipeline.

The pipeline knows a message's conversation (new or follow-up, where it waits now) and
asks a :class:`Decider` what to store and where the conversation goes. The decider may
return a changed message (secrets redacted) together with its :class:`RoutingDecision`;
it does no I/O. :class:`DefaultQueueDecider` is the decider until classification and the
rules engine are configured: new conversations go to the default queue, follow-ups stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from router.models import ConversationStatus, CustomerProfile, Message, RoutingDecision


@dataclass(frozen=True, slots=True)
class ConversationContext:
    """What the pipeline knows of the conversation a message belongs to."""

    conversation_id: str
    is_new: bool
    status: ConversationStatus
    queue: str
    priority: int
    assignee_id: str
    message_count: int
    customer: CustomerProfile
    last_message_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AutoReplyText:
    """An automatic reply the decision asks for, already in the customer's language."""

    template: str
    language: str
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    message: Message
    decision: RoutingDecision
    replies: tuple[AutoReplyText, ...] = ()


class Decider(Protocol):
    def decide(self, message: Message, context: ConversationContext, now: datetime) -> Verdict:
        """Decide for one message; pure and deterministic for equal inputs."""
        ...


@runtime_checkable
class BatchDecider(Decider, Protocol):
    """A decider that prepares for a whole batch before deciding its messages one by one."""

    def for_batch(self, messages: Sequence[Message]) -> Decider:
        """A decider for these messages; the costly work for all of them is done here."""
        ...


@dataclass(frozen=True, slots=True)
class DefaultQueueDecider:
    queue: str
    priority: int
    version: str = "default"

    def decide(self, message: Message, context: ConversationContext, now: datetime) -> Verdict:
        if context.is_new:
            queue, priority, why = self.queue, self.priority, "new conversation: default queue"
        else:
            queue, priority, why = context.queue, context.priority, "follow-up: stays in queue"
        decision = RoutingDecision(
            message_id=message.id,
            ruleset_version=self.version,
            queue=queue,
            priority=priority,
            trace=(why,),
        )
        return Verdict(message, decision)
