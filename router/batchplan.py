"""Threading a batch of inbound messages into conversations: pure, no I/O.

Given the batch in stream order and what the store knows of each thread, decide for every
message which conversation it joins: a thread seen for the first time starts a conversation;
a follow-up joins the thread's conversation (reopening it if it was pending, snoozed, or
resolved within the reopen window); a follow-up to a conversation resolved longer ago
starts a new one. Messages of one thread later in the same batch see the earlier ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from router.decide import AutoReplyText, ConversationContext, Decider
from router.models import (
    ConversationStatus,
    CustomerProfile,
    Message,
    RoutingDecision,
    conversation_id_for,
)
from router.placement import Placement
from router.store.ingest import ConversationUpdate, NewConversation, ThreadState


@dataclass(frozen=True, slots=True)
class Incoming:
    stream_id: str
    message: Message
    message_id: str


@dataclass(frozen=True, slots=True)
class Row:
    """One message as it will be stored, with its conversation and decision."""

    message: Message
    message_id: str
    conversation_id: str
    stream_id: str
    decision: RoutingDecision
    replies: tuple[AutoReplyText, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    new_conversations: tuple[NewConversation, ...]
    reopened: tuple[str, ...]
    rows: tuple[Row, ...]
    threads: Mapping[str, ThreadState]

    def updates(
        self, inserted: set[str], created: frozenset[str] | set[str] = frozenset()
    ) -> list[ConversationUpdate]:
        """Conversation changes caused by the messages that were really inserted.

        A conversation in ``created`` was written with all its planned messages counted;
        it needs a correction only where some of them were not inserted after all."""
        planned: dict[str, list[Row]] = {}
        for row in self.rows:
            planned.setdefault(row.conversation_id, []).append(row)
        changes = []
        for cid, rows in planned.items():
            stored = [r for r in rows if r.message_id in inserted]
            tags = self.threads[cid].tags
            if cid in created:
                if len(stored) != len(rows):
                    changes.append(_update(cid, stored or rows, tags, len(stored) - len(rows)))
            elif stored:
                changes.append(_update(cid, stored, tags, len(stored)))
        return changes

    def placements(self, now_ms: int) -> list[Placement]:
        """Where each touched conversation waits; assigned conversations wait nowhere."""
        return [
            Placement(cid, state.queue, state.priority, now_ms)
            for cid, state in self.threads.items()
            if not state.assignee_id and state.queue
        ]


def _update(
    conversation_id: str, rows: list[Row], tags: tuple[str, ...], added: int
) -> ConversationUpdate:
    last = rows[-1].decision
    return ConversationUpdate(
        id=conversation_id,
        added=added,
        last_message_at=max(r.message.sent_at for r in rows),
        queue=last.queue,
        priority=last.priority,
        language=last.classification.language,
        topic=last.classification.topic,
        urgency=last.classification.urgency.value,
        tags=tags,
    )


def plan_batch(
    batch: Sequence[Incoming],
    states: Mapping[tuple[str, str], ThreadState],
    owners: Mapping[tuple[str, str], CustomerProfile],
    decider: Decider,
    now: datetime,
    reopen_window: timedelta,
) -> Plan:
    threads = dict(states)
    new: list[NewConversation] = []
    reopened: list[str] = []
    rows: list[Row] = []
    for item in batch:
        m = item.message
        key = (m.channel, m.thread_key)
        state = threads.get(key)
        if state is None or _starts_anew(state, now, reopen_window):
            generation = 0 if state is None else state.generation + 1
            conversation = _new_conversation(m, generation, owners)
            new.append(conversation)
            state = _state_of(conversation)
            is_new = True
        else:
            if state.status is not ConversationStatus.OPEN:
                reopened.append(state.conversation_id)
            is_new = state.message_count == 0
        customer = owners[(m.channel, m.sender.external_id)]
        verdict = decider.decide(m, _context(state, is_new, customer), now)
        d = verdict.decision
        threads[key] = replace(
            state,
            tags=tuple(dict.fromkeys((*state.tags, *d.tags))),
            status=ConversationStatus.OPEN,
            queue=d.queue,
            priority=d.priority,
            last_message_at=max(state.last_message_at, m.sent_at),
            message_count=state.message_count + 1,
        )
        rows.append(
            Row(
                verdict.message,
                item.message_id,
                state.conversation_id,
                item.stream_id,
                d,
                verdict.replies,
            )
        )
    touched = {r.conversation_id for r in rows}
    final = {s.conversation_id: s for s in threads.values() if s.conversation_id in touched}
    last_decision = {r.conversation_id: r.decision for r in rows}
    return Plan(
        new_conversations=tuple(_finished(c, final[c.id], last_decision[c.id]) for c in new),
        reopened=tuple(dict.fromkeys(reopened)),
        rows=tuple(rows),
        threads=final,
    )


def _finished(c: NewConversation, state: ThreadState, last: RoutingDecision) -> NewConversation:
    """The new conversation as the batch's messages leave it."""
    return replace(
        c,
        queue=state.queue,
        priority=state.priority,
        last_message_at=state.last_message_at,
        message_count=state.message_count,
        language=last.classification.language,
        topic=last.classification.topic,
        urgency=last.classification.urgency.value,
        tags=state.tags,
    )


def _starts_anew(state: ThreadState, now: datetime, window: timedelta) -> bool:
    return state.status is ConversationStatus.RESOLVED and now - state.last_message_at > window


def _new_conversation(
    m: Message, generation: int, owners: Mapping[tuple[str, str], CustomerProfile]
) -> NewConversation:
    # Queue and priority are filled in from the first message's decision.
    return NewConversation(
        id=conversation_id_for(m.channel, m.thread_key, generation),
        customer_id=owners[(m.channel, m.sender.external_id)].id,
        channel=m.channel,
        thread_key=m.thread_key,
        generation=generation,
        queue="",
        priority=0,
        created_at=m.sent_at,
        last_message_at=m.sent_at,
    )


def _state_of(c: NewConversation) -> ThreadState:
    return ThreadState(
        conversation_id=c.id,
        generation=c.generation,
        status=ConversationStatus.OPEN,
        queue=c.queue,
        priority=c.priority,
        assignee_id="",
        last_message_at=c.created_at,
        message_count=0,
    )


def _context(state: ThreadState, is_new: bool, customer: CustomerProfile) -> ConversationContext:
    return ConversationContext(
        conversation_id=state.conversation_id,
        is_new=is_new,
        status=state.status,
        queue=state.queue,
        priority=state.priority,
        assignee_id=state.assignee_id,
        message_count=state.message_count,
        customer=customer,
        last_message_at=None if is_new else state.last_message_at,
    )
