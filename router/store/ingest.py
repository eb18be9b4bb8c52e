"""Batch writes of the inbound path, each one idempotent.

The router calls these inside one transaction per batch, as plain synchronous SQLAlchemy on
a :class:`~sqlalchemy.engine.Connection` (:mod:`router.store.runner` says why). Every insert
is ON CONFLICT DO NOTHING on a natural key, and ids are derived from those keys
(:mod:`router.models`),
so a batch replayed after a crash, or the same thread handled by two routers at once,
converges on the same rows: nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import JSON, Integer, String, Text, bindparam, cast, func, select, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

from router.models import (
    ConversationStatus,
    CustomerProfile,
    Direction,
    Message,
    RoutingDecision,
    customer_id_for,
)
from router.store.bulk import insert_rows, sqlite_time
from router.store.schema import (
    TZ,
    conversations,
    customers,
    decisions,
    identities,
    messages,
    threads,
)
from router.store.sql import pair_in


@dataclass(frozen=True, slots=True)
class ThreadState:
    """The conversation a thread currently points at."""

    conversation_id: str
    generation: int
    status: ConversationStatus
    queue: str
    priority: int
    assignee_id: str
    last_message_at: datetime
    message_count: int
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewConversation:
    """A conversation the batch starts, with the state its messages leave it in: writing the
    final row at once saves PostgreSQL a second row version and a second set of index
    entries for most conversations."""

    id: str
    customer_id: str
    channel: str
    thread_key: str
    generation: int
    queue: str
    priority: int
    created_at: datetime
    last_message_at: datetime
    message_count: int = 0
    language: str = ""
    topic: str = ""
    urgency: str = "normal"
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConversationUpdate:
    """What a batch changes on one conversation that got new messages."""

    id: str
    added: int
    last_message_at: datetime
    queue: str
    priority: int
    language: str
    topic: str
    urgency: str
    tags: tuple[str, ...] = ()


def ensure_customers(
    conn: Connection, batch: Sequence[Message], now: datetime
) -> dict[tuple[str, str], CustomerProfile]:
    """The customer behind each (channel, sender id); unknown senders become customers."""
    senders = {(m.channel, m.sender.external_id): m.sender.display_name for m in batch}
    found = _identity_owners(conn, list(senders))
    missing = {k: (customer_id_for(*k), v) for k, v in senders.items() if k not in found}
    if missing:
        insert_rows(
            conn,
            customers,
            [
                {"id": cid, "display_name": name, "vip_tier": "", "language": "", "created_at": now}
                for cid, name in missing.values()
            ],
        )
        created = insert_rows(
            conn,
            identities,
            [
                {
                    "channel": k[0],
                    "external_id": k[1],
                    "customer_id": cid,
                    "display_name": name,
                    "created_at": now,
                }
                for k, (cid, name) in missing.items()
            ],
            returning=("channel", "external_id", "customer_id"),
        )
        found.update({(ch, ext): CustomerProfile(cid) for ch, ext, cid in created})
        raced = [k for k in missing if k not in found]
        if raced:  # another router created these identities a moment ago
            found.update(_identity_owners(conn, raced))
    return found


def _identity_owners(
    conn: Connection, wanted: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], CustomerProfile]:
    if not wanted:
        return {}
    i, c = identities.c, customers.c
    rows = conn.execute(
        select(i.channel, i.external_id, i.customer_id, c.vip_tier, c.language)
        .join(customers, customers.c.id == i.customer_id)
        .where(pair_in(conn, i.channel, i.external_id, wanted))
    )
    return {
        (r.channel, r.external_id): CustomerProfile(r.customer_id, r.vip_tier, r.language)
        for r in rows
    }


def thread_states(
    conn: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], ThreadState]:
    wanted = list(set(keys))
    if not wanted:
        return {}
    c = conversations.c
    rows = conn.execute(
        select(
            threads.c.channel,
            threads.c.thread_key,
            threads.c.generation,
            c.id,
            c.status,
            c.queue,
            c.priority,
            c.assignee_id,
            c.last_message_at,
            c.message_count,
            c.tags,
        )
        .join(conversations, conversations.c.id == threads.c.conversation_id)
        .where(pair_in(conn, threads.c.channel, threads.c.thread_key, wanted))
    )
    return {
        (r.channel, r.thread_key): ThreadState(
            conversation_id=r.id,
            generation=r.generation,
            status=ConversationStatus(r.status),
            queue=r.queue,
            priority=r.priority,
            assignee_id=r.assignee_id or "",
            last_message_at=r.last_message_at,
            message_count=r.message_count,
            tags=tuple(r.tags or ()),
        )
        for r in rows
    }


def create_conversations(
    conn: Connection, new: Sequence[NewConversation], now: datetime
) -> set[str]:
    """Insert the batch's new conversations; return the ids really created (another router
    may have created some a moment ago)."""
    if not new:
        return set()
    created = insert_rows(
        conn,
        conversations,
        [
            {
                "id": n.id,
                "customer_id": n.customer_id,
                "channel": n.channel,
                "thread_key": n.thread_key,
                "generation": n.generation,
                "status": ConversationStatus.OPEN.value,
                "queue": n.queue,
                "priority": n.priority,
                "language": n.language,
                "topic": n.topic,
                "urgency": n.urgency,
                "assignee_id": None,
                "tags": list(n.tags),
                "message_count": n.message_count,
                "created_at": n.created_at,
                "updated_at": now,
                "last_message_at": n.last_message_at,
                "resolved_at": None,
                "assign_seq": 0,
            }
            for n in new
        ],
        returning=("id",),
    )
    first = [n for n in new if n.generation == 0]
    if first:
        insert_rows(
            conn,
            threads,
            [
                {
                    "channel": n.channel,
                    "thread_key": n.thread_key,
                    "conversation_id": n.id,
                    "generation": 0,
                }
                for n in first
            ],
        )
    for n in new:
        if n.generation > 0:
            # Optimistic: if another router already moved the thread on, it moved it to
            # this same conversation (ids are derived), so zero rows updated is fine.
            conn.execute(
                update(threads)
                .where(
                    threads.c.channel == n.channel,
                    threads.c.thread_key == n.thread_key,
                    threads.c.generation == n.generation - 1,
                )
                .values(conversation_id=n.id, generation=n.generation)
            )
    return {r[0] for r in created}


def reopen_conversations(conn: Connection, ids: Sequence[str], now: datetime) -> None:
    if ids:
        conn.execute(
            update(conversations)
            .where(conversations.c.id.in_(ids))
            .values(status=ConversationStatus.OPEN.value, resolved_at=None, updated_at=now)
        )


def insert_messages(
    conn: Connection,
    rows: Sequence[tuple[Message, str, str, str]],
    now: datetime,
) -> set[str]:
    """Store (message, its id, conversation id, stream id) rows; return the ids inserted."""
    if not rows:
        return set()
    inserted = insert_rows(
        conn,
        messages,
        [_message_row(m, mid, cid, sid, now) for m, mid, cid, sid in rows],
        returning=("id",),
    )
    return {r[0] for r in inserted}


def _message_row(
    m: Message, message_id: str, conversation_id: str, stream_id: str, now: datetime
) -> dict[str, Any]:
    return {
        "id": message_id,
        "conversation_id": conversation_id,
        "direction": Direction.INBOUND.value,
        "channel": m.channel,
        "external_id": m.external_id,
        "sender_id": m.sender.external_id,
        "author_id": None,
        "kind": "message",
        "subject": m.subject,
        "text": m.text,
        "html": m.html,
        "attachments": [
            {
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "blob_ref": a.blob_ref,
            }
            for a in m.attachments
        ],
        "language_hints": list(m.language_hints),
        "in_reply_to": m.in_reply_to,
        "sent_at": m.sent_at,
        "received_at": m.received_at,
        "stream_id": stream_id,
        "idempotency_key": None,
        "delivery_status": None,
        "delivery_error": None,
        "delivered_at": None,
        "created_at": now,
    }


def insert_decisions(conn: Connection, items: Sequence[RoutingDecision], now: datetime) -> None:
    if items:
        insert_rows(
            conn,
            decisions,
            [
                {
                    "message_id": d.message_id,
                    "ruleset_version": d.ruleset_version,
                    "queue": d.queue,
                    "priority": d.priority,
                    "payload": decision_payload(d),
                    "decided_at": now,
                }
                for d in items
            ],
        )


def decision_payload(d: RoutingDecision) -> dict[str, Any]:
    c = d.classification
    return {
        "classification": {
            "language": c.language,
            "language_confidence": c.language_confidence,
            "topic": c.topic,
            "topic_confidence": c.topic_confidence,
            "urgency": c.urgency.value,
            "reasons": list(c.reasons),
        },
        "skills": list(d.skills),
        "tags": list(d.tags),
        "actions": list(d.actions),
        "matched_rules": list(d.matched_rules),
        "trace": list(d.trace),
        "outcome": d.outcome,
        "steps": [
            {
                "queue": s.queue,
                "priority": s.priority,
                "skills": list(s.skills),
                "timeout": s.timeout,
            }
            for s in d.steps
        ],
    }


def apply_updates(conn: Connection, items: Sequence[ConversationUpdate], now: datetime) -> None:
    if not items:
        return
    if conn.dialect.name == "postgresql":
        _apply_updates_unnest(conn, items, now)
        return
    # Raw executemany: SQLite runs the loop in C (see router.store.bulk for why raw).
    conn.exec_driver_sql(
        "UPDATE conversations SET message_count = message_count + ?, last_message_at = ?,"
        " queue = ?, priority = ?, language = ?, topic = ?, urgency = ?, tags = ?,"
        " updated_at = ? WHERE id = ?",
        [
            (
                u.added,
                sqlite_time(u.last_message_at),
                u.queue,
                u.priority,
                u.language,
                u.topic,
                u.urgency,
                orjson.dumps(list(u.tags)).decode(),
                sqlite_time(now),
                u.id,
            )
            for u in items
        ],
    )


def _apply_updates_unnest(
    conn: Connection, items: Sequence[ConversationUpdate], now: datetime
) -> None:
    """One UPDATE ... FROM unnest(arrays): a fixed statement whatever the batch size, and
    one pass over the table instead of one statement per conversation."""
    arrays: dict[str, tuple[Any, list[Any]]] = {
        "id": (String, [u.id for u in items]),
        "added": (Integer, [u.added for u in items]),
        "last": (TZ, [u.last_message_at for u in items]),
        "queue": (String, [u.queue for u in items]),
        "priority": (Integer, [u.priority for u in items]),
        "language": (String, [u.language for u in items]),
        "topic": (String, [u.topic for u in items]),
        "urgency": (String, [u.urgency for u in items]),
        "tags": (Text, [orjson.dumps(list(u.tags)).decode() for u in items]),
    }
    rows = select(
        *(
            func.unnest(bindparam(f"u_{name}", values, type_=postgresql.ARRAY(kind))).label(name)
            for name, (kind, values) in arrays.items()
        )
    ).subquery("u")
    c = conversations.c
    conn.execute(
        update(conversations)
        .where(c.id == rows.c.id)
        .values(
            message_count=c.message_count + rows.c.added,
            last_message_at=rows.c.last,
            queue=rows.c.queue,
            priority=rows.c.priority,
            language=rows.c.language,
            topic=rows.c.topic,
            urgency=rows.c.urgency,
            tags=cast(rows.c.tags, JSON),
            updated_at=now,
        )
    )
