"""Replay: re-decide stored inbound traffic with candidate rules; report what would change.

Each stored inbound message since ``since`` is decided again from the facts it was decided
on: the stored message (channel, text, subject, attachments), the classification kept in
its decision, the customer's stored facts, and the conversation as it stood (new when no
earlier inbound message exists; otherwise in the queue, at the priority, the previous
inbound message's live decision put it). It is evaluated at its own ``decided_at``, so
business hours replay as they applied live, and its outcome is mapped to a queue as
:func:`router.rules_decider.routing_decision` maps it (spam queue; a follow-up that stays
keeps its queue and priority). Nothing is written. Rows are read in keyset pages, so a
week of traffic is never held in memory at once; only counts and a few examples per
change are kept. Not replayed, as the store does not keep them per message: the
conversation's status, assignee and waiting time then (taken as open, none, 0).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncGenerator, Mapping
from contextlib import aclosing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from router.rules_decider import SPAM_QUEUE
from router.store.schema import conversations, customers, decisions, messages
from routing_rules import Decision, Outcome, Ruleset, evaluate
from routing_rules.facts import ConversationFacts, CustomerFacts, Facts, MessageFacts

PAGE_SIZE = 500
EXAMPLES_PER_CHANGE = 3
PREVIEW_CHARS = 80


@dataclass(frozen=True, slots=True)
class Example:
    message_id: str
    preview: str  # of the stored (already redacted) text, at most PREVIEW_CHARS


@dataclass(frozen=True, slots=True)
class Move:
    from_queue: str
    to_queue: str
    count: int
    examples: tuple[Example, ...]


@dataclass(frozen=True, slots=True)
class PriorityChange:
    queue: str
    from_priority: int
    to_priority: int
    count: int
    examples: tuple[Example, ...]


@dataclass(frozen=True, slots=True)
class ReplayReport:
    candidate_version: str
    since: datetime
    until: datetime
    total: int
    unchanged: int
    unmatched: int  # the candidate found no terminal rule: triage
    errors: int  # a candidate rule raised while being tested
    moves: tuple[Move, ...]  # most messages first
    priority_changes: tuple[PriorityChange, ...]  # same queue, other priority
    truncated: bool  # stopped at the limit with more traffic left

    @property
    def moved(self) -> int:
        return sum(m.count for m in self.moves)

    def to_json(self) -> dict[str, Any]:
        return {
            "candidate_version": self.candidate_version,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "total": self.total,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "unmatched": self.unmatched,
            "errors": self.errors,
            "truncated": self.truncated,
            "moves": [_change_json(m) for m in self.moves],
            "priority_changes": [_change_json(p) for p in self.priority_changes],
        }


def _change_json(change: Move | PriorityChange) -> dict[str, Any]:
    fields = {name: getattr(change, name) for name in change.__dataclass_fields__}
    fields["examples"] = [
        {"message_id": e.message_id, "preview": e.preview} for e in change.examples
    ]
    return fields


async def replay(
    engine: AsyncEngine, candidate: Ruleset, since: datetime, now: datetime, limit: int = 100_000
) -> ReplayReport:
    """Re-decide at most ``limit`` inbound messages sent in ``[since, now]``, oldest first."""
    tally = _Tally()
    truncated = False
    async with aclosing(_stored(engine, since, now)) as rows:
        async for row in rows:
            if tally.total >= limit:
                truncated = True
                break
            tally.add(row, evaluate(candidate, facts_of(row), row.decided_at))
    return tally.report(candidate.version, since, now, truncated)


class _Tally:
    """Counts and the first few examples of each change; mutable, private to one replay."""

    def __init__(self) -> None:
        self.total = 0
        self.unchanged = 0
        self.outcomes: Counter[Outcome] = Counter()
        self.changes: Counter[tuple[str, str, int, int]] = Counter()
        self.examples: dict[tuple[str, str, int, int], list[Example]] = {}

    def add(self, row: Row[Any], decision: Decision) -> None:
        self.total += 1
        self.outcomes[decision.outcome] += 1
        queue, priority = placement(row, decision)
        key = (_stored_label(row), queue, row.priority, priority)
        if key[0] == key[1] and key[2] == key[3]:
            self.unchanged += 1
            return
        if key[0] != key[1]:
            key = (key[0], key[1], 0, 0)  # a move is counted by queues; priority goes with it
        self.changes[key] += 1
        examples = self.examples.setdefault(key, [])
        if len(examples) < EXAMPLES_PER_CHANGE:
            examples.append(Example(row.id, preview(row.text or row.subject)))

    def report(
        self, version: str, since: datetime, until: datetime, truncated: bool
    ) -> ReplayReport:
        moves, priorities = [], []
        for (old, new, before, after), n in self.changes.most_common():
            examples = tuple(self.examples[(old, new, before, after)])
            if old != new:
                moves.append(Move(old, new, n, examples))
            else:
                priorities.append(PriorityChange(old, before, after, n, examples))
        return ReplayReport(
            candidate_version=version,
            since=since,
            until=until,
            total=self.total,
            unchanged=self.unchanged,
            unmatched=self.outcomes[Outcome.UNMATCHED],
            errors=self.outcomes[Outcome.ERROR],
            moves=tuple(moves),
            priority_changes=tuple(priorities),
            truncated=truncated,
        )


def preview(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW_CHARS else flat[: PREVIEW_CHARS - 1] + "…"


def placement(row: Row[Any], decision: Decision) -> tuple[str, int]:
    """Queue and priority as the live decider would have stored ``decision``."""
    if decision.stay and row.earlier and row.previous_queue:
        return str(row.previous_queue), int(row.previous_priority)
    if decision.spam:
        return SPAM_QUEUE, decision.priority
    return decision.queue or "(ignored)", decision.priority


def _stored_label(row: Row[Any]) -> str:
    return str(row.queue) or "(ignored)"


def _payload(row: Row[Any]) -> Mapping[str, Any]:
    return row.payload if isinstance(row.payload, Mapping) else {}


def facts_of(row: Row[Any]) -> Facts:
    """The facts a stored message was decided on, as near as the store keeps them."""
    c = _payload(row).get("classification") or {}
    is_new = row.earlier == 0
    return Facts(
        channel=row.channel,
        language=c.get("language", ""),
        language_confidence=float(c.get("language_confidence", 0.0)),
        topic=c.get("topic", ""),
        topic_confidence=float(c.get("topic_confidence", 0.0)),
        urgency=c.get("urgency", "normal"),
        customer=CustomerFacts(vip_tier=row.vip_tier or "", language=row.customer_language or ""),
        message=MessageFacts(
            text=row.text,
            subject=row.subject,
            attachments=len(row.attachments or ()),
            entities=frozenset(c.get("entities", ())),
            secrets=frozenset(c.get("secrets", ())),
        ),
        conversation=ConversationFacts(
            is_new=is_new,
            queue=row.previous_queue or "",
            customer_messages=row.earlier + 1,
        ),
    )


async def _stored(
    engine: AsyncEngine, since: datetime, until: datetime
) -> AsyncGenerator[Row[Any], None]:
    after: tuple[datetime, str] | None = None
    while True:
        async with engine.connect() as conn:
            rows = (await conn.execute(_page(since, until, after))).all()
        for row in rows:
            yield row
        if len(rows) < PAGE_SIZE:
            return
        after = (rows[-1].sent_at, rows[-1].id)


def _page(since: datetime, until: datetime, after: tuple[datetime, str] | None) -> Select[Any]:
    m, d = messages, decisions
    query = (
        select(
            m.c.id,
            m.c.channel,
            m.c.text,
            m.c.subject,
            m.c.attachments,
            m.c.sent_at,
            d.c.queue,
            d.c.priority,
            d.c.payload,
            d.c.decided_at,
            customers.c.vip_tier,
            customers.c.language.label("customer_language"),
            _earlier_inbound().label("earlier"),
            _previous_decision(decisions.c.queue).label("previous_queue"),
            _previous_decision(decisions.c.priority).label("previous_priority"),
        )
        .join(d, d.c.message_id == m.c.id)
        .join(conversations, conversations.c.id == m.c.conversation_id)
        .outerjoin(customers, customers.c.id == conversations.c.customer_id)
        .where(m.c.direction == "in", m.c.sent_at >= since, m.c.sent_at <= until)
        .order_by(m.c.sent_at, m.c.id)
        .limit(PAGE_SIZE)
    )
    if after is not None:
        at, last = after
        query = query.where(or_(m.c.sent_at > at, and_(m.c.sent_at == at, m.c.id > last)))
    return query


def _prior_inbound(p: Any) -> Any:
    """``p`` is an inbound message of the same conversation, in the pipeline's order before."""
    m = messages
    before = or_(
        p.c.sent_at < m.c.sent_at,
        and_(p.c.sent_at == m.c.sent_at, p.c.stream_id < m.c.stream_id),
        and_(p.c.sent_at == m.c.sent_at, p.c.stream_id == m.c.stream_id, p.c.id < m.c.id),
    )
    return and_(p.c.conversation_id == m.c.conversation_id, p.c.direction == "in", before)


def _earlier_inbound() -> Any:
    """How many inbound messages of the conversation came before this one (0: it began it)."""
    p = messages.alias("prior")
    return select(func.count()).select_from(p).where(_prior_inbound(p)).scalar_subquery()


def _previous_decision(column: Any) -> Any:
    """``column`` of the live decision on the conversation's previous inbound message."""
    p, d = messages.alias("prev"), decisions.alias("prev_decision")
    return (
        select(d.c[column.name])
        .select_from(p.join(d, d.c.message_id == p.c.id))
        .where(_prior_inbound(p))
        .order_by(p.c.sent_at.desc(), p.c.stream_id.desc(), p.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
