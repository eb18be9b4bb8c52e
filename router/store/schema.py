"""Tables of the system of record (SQLAlchemy Core).

Ids are strings (UUIDs derived as in :mod:`router.models`), times are timezone-aware UTC.
Uniqueness constraints carry the idempotency of the pipeline: a message is unique on
(channel, external_id), an identity on (channel, external_id), a thread on
(channel, thread_key), an outbound on its idempotency key. Inserts use ON CONFLICT DO
NOTHING, so a replayed stream entry changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: Switchboard stores UTC only")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


TZ = UTCDateTime()

customers = Table(
    "customers",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("display_name", String(255), nullable=False, default=""),
    Column("vip_tier", String(32), nullable=False, default=""),
    Column("language", String(16), nullable=False, default=""),
    Column("created_at", TZ, nullable=False),
)

identities = Table(
    "identities",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("external_id", String(255), primary_key=True),
    Column("customer_id", String(36), ForeignKey("customers.id"), nullable=False, index=True),
    Column("display_name", String(255), nullable=False, default=""),
    Column("created_at", TZ, nullable=False),
)

conversations = Table(
    "conversations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("customer_id", String(36), ForeignKey("customers.id"), nullable=False, index=True),
    Column("channel", String(32), nullable=False),
    Column("thread_key", String(512), nullable=False),
    Column("generation", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, index=True),
    Column("queue", String(64), nullable=False, index=True),
    Column("priority", Integer, nullable=False),
    Column("language", String(16), nullable=False, default=""),
    Column("topic", String(64), nullable=False, default=""),
    Column("urgency", String(16), nullable=False, default="normal"),
    Column("assignee_id", String(36), nullable=True, index=True),
    Column("tags", JSON, nullable=False, default=list),
    Column("message_count", Integer, nullable=False, default=0),
    Column("created_at", TZ, nullable=False),
    Column("updated_at", TZ, nullable=False),
    Column("last_message_at", TZ, nullable=False, index=True),
    Column("resolved_at", TZ, nullable=True),
    # Dispatch: the Redis sequence number of the newest assignment change written here, so
    # a late or replayed write never overwrites a newer one (router.dispatch.ledger).
    Column("assign_seq", BigInteger, nullable=False, default=0, server_default="0"),
    UniqueConstraint("channel", "thread_key", "generation"),
)

threads = Table(
    "threads",
    metadata,
    Column("channel", String(32), primary_key=True),
    Column("thread_key", String(512), primary_key=True),
    Column("conversation_id", String(36), ForeignKey("conversations.id"), nullable=False),
    Column("generation", Integer, nullable=False, default=0),
)

messages = Table(
    "messages",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("conversation_id", String(36), ForeignKey("conversations.id"), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("external_id", String(255), nullable=True),
    Column("sender_id", String(255), nullable=False, default=""),
    Column("author_id", String(36), nullable=True),
    Column("kind", String(16), nullable=False, default="message"),
    Column("subject", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False, default=""),
    Column("attachments", JSON, nullable=False, default=list),
    Column("language_hints", JSON, nullable=False, default=list),
    Column("in_reply_to", String(255), nullable=False, default=""),
    Column("sent_at", TZ, nullable=False),
    Column("received_at", TZ, nullable=False),
    Column("stream_id", String(32), nullable=False, default=""),
    Column("idempotency_key", String(128), nullable=True, unique=True),
    Column("delivery_status", String(16), nullable=True),
    Column("delivery_error", Text, nullable=True),
    Column("delivered_at", TZ, nullable=True),
    Column("created_at", TZ, nullable=False),
    UniqueConstraint("channel", "external_id"),
    Index("ix_messages_conversation_order", "conversation_id", "sent_at", "stream_id"),
)

# Replies stored but not yet on their channel's outbound stream: a row is written in the
# reply's transaction and deleted once the XADD is done; the outbox relay streams the rest.
outbox = Table(
    "outbox",
    metadata,
    Column("message_id", String(36), ForeignKey("messages.id"), primary_key=True),
    Column("created_at", TZ, nullable=False, index=True),
)

decisions = Table(
    "decisions",
    metadata,
    Column("message_id", String(36), ForeignKey("messages.id"), primary_key=True),
    Column("ruleset_version", String(64), nullable=False),
    Column("queue", String(64), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("decided_at", TZ, nullable=False),
)

agents = Table(
    "agents",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("email", String(255), nullable=False, unique=True),
    Column("name", String(255), nullable=False),
    Column("role", String(16), nullable=False, default="agent"),
    Column("password_hash", String(255), nullable=False, default=""),
    Column("languages", JSON, nullable=False, default=list),
    Column("skills", JSON, nullable=False, default=list),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", TZ, nullable=False),
    # Dispatch: {"webchat": 4, "email": 10, "*": 5}, team names, shift windows such as
    # "mon-fri 09:00-17:00" read in ``timezone`` (an IANA name); no windows = always on.
    Column("capacity", JSON, nullable=False, default=dict, server_default="{}"),
    Column("teams", JSON, nullable=False, default=list, server_default="[]"),
    Column("schedule", JSON, nullable=False, default=list, server_default="[]"),
    Column("timezone", String(64), nullable=False, default="UTC", server_default="UTC"),
)

queues = Table(
    "queues",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("description", Text, nullable=False, default=""),
    Column("default_priority", Integer, nullable=False, default=50),
    Column("created_at", TZ, nullable=False),
)

# Every rule set ever published, by the engine's content hash; never deleted, so any
# earlier version can be rolled back to.
rulesets = Table(
    "rulesets",
    metadata,
    Column("version", String(64), primary_key=True),
    Column("content", Text, nullable=False),
    Column("created_at", TZ, nullable=False),
)

# Append-only: the active rule set is the one of the newest publication (highest id).
ruleset_publications = Table(
    "ruleset_publications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version", String(64), ForeignKey("rulesets.version"), nullable=False),
    Column("author", String(255), nullable=False),
    Column("message", Text, nullable=False, default=""),
    Column("published_at", TZ, nullable=False),
)

# Inbox (issue 5): a snoozed conversation's wake-up time; it returns to its queue then.
snoozes = Table(
    "snoozes",
    metadata,
    Column("conversation_id", String(36), ForeignKey("conversations.id"), primary_key=True),
    Column("until", TZ, nullable=False, index=True),
    Column("agent_id", String(36), nullable=True),
    Column("created_at", TZ, nullable=False),
)

# Inbox (issue 5): a conversation merged into another of the same customer (its messages
# moved there; it stays, resolved, so old links and ids still resolve).
merges = Table(
    "merges",
    metadata,
    Column("source_id", String(36), ForeignKey("conversations.id"), primary_key=True),
    Column("target_id", String(36), ForeignKey("conversations.id"), nullable=False, index=True),
    Column("agent_id", String(36), nullable=True),
    Column("merged_at", TZ, nullable=False),
)

# How to reach a customer besides their channels: the email a web chat visitor left (the
# offline form, the pre-chat form). One row per customer; the newest answer wins.
customer_contacts = Table(
    "customer_contacts",
    metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("email", String(320), nullable=False, default=""),
    Column("name", String(255), nullable=False, default=""),
    Column("source", String(32), nullable=False, default=""),
    Column("updated_at", TZ, nullable=False),
)

# Customer satisfaction after a conversation: 1-5 and a comment; re-rating replaces it.
conversation_ratings = Table(
    "conversation_ratings",
    metadata,
    Column("conversation_id", String(36), ForeignKey("conversations.id"), primary_key=True),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=False, default=""),
    Column("channel", String(32), nullable=False),
    Column("created_at", TZ, nullable=False),
    Column("updated_at", TZ, nullable=False),
)
