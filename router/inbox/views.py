"""The inbox's lists: mine, my queues, all, and search; always within what the reader may read.

Search is one box: a customer's name or channel handle, words of any message or subject,
a tag, a TXID, an address or an order id (all of which live in the stored, redacted text),
or a conversation id. It is ``LIKE`` over bound parameters with ``%`` and ``_`` escaped, so
the text typed is only ever data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, String, and_, cast, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from router.api.queries import AnyRow
from router.auth.access import Reader
from router.models import ConversationStatus
from router.store.schema import conversations, customers, identities, messages

View = Literal["mine", "queues", "all"]
WAITING = (ConversationStatus.OPEN.value, ConversationStatus.PENDING.value)
ACTIVE = (
    ConversationStatus.OPEN.value,
    ConversationStatus.PENDING.value,
    ConversationStatus.SNOOZED.value,
)


@dataclass(frozen=True, slots=True)
class Listing:
    view: View
    queue: str | None = None
    status: str | None = None  # None: every status but resolved
    text: str = ""
    limit: int = 100


def readable(reader: Reader) -> ColumnElement[bool]:
    c = conversations.c
    if reader.queues is None:
        return c.id.is_not(None)
    mine = c.assignee_id == reader.agent_id
    if not reader.queues:
        return mine
    return or_(c.queue.in_(sorted(reader.queues)), mine)


def _escaped(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(text: str) -> ColumnElement[bool]:
    pattern = _escaped(text.strip())
    c, m, i, cu = conversations.c, messages.c, identities.c, customers.c

    def like(column: Any) -> ColumnElement[bool]:
        return column.ilike(pattern, escape="\\")  # type: ignore[no-any-return]

    in_messages = exists().where(
        and_(m.conversation_id == c.id, or_(like(m.text), like(m.subject)))
    )
    by_identity = exists().where(
        and_(i.customer_id == c.customer_id, or_(like(i.external_id), like(i.display_name)))
    )
    return or_(
        c.id == text.strip(),
        like(cast(c.tags, String)),
        like(cu.display_name),  # customers is joined in the listing query
        in_messages,
        by_identity,
    )


def _scoped(listing: Listing, reader: Reader) -> Select[Any]:
    c = conversations.c
    query = select(conversations, customers.c.display_name.label("customer_name")).join(
        customers, customers.c.id == c.customer_id
    )
    query = query.where(readable(reader))
    if listing.view == "mine":
        query = query.where(c.assignee_id == reader.agent_id)
    elif listing.view == "queues":
        # Waiting work only; an empty set of queues matches nothing (IN () is false).
        if reader.queues is not None:
            query = query.where(c.queue.in_(sorted(reader.queues)))
        query = query.where(or_(c.assignee_id.is_(None), c.assignee_id == ""))
    if listing.queue:
        query = query.where(c.queue == listing.queue)
    if listing.status:
        query = query.where(c.status == listing.status)
    elif listing.view == "queues" and not listing.text:
        query = query.where(c.status.in_(WAITING))  # snoozed work is not waiting
    elif not listing.text:
        query = query.where(c.status.in_(ACTIVE))
    if listing.text.strip():
        query = query.where(matching(listing.text))
    return query


async def list_conversations(
    conn: AsyncConnection, listing: Listing, reader: Reader
) -> list[AnyRow]:
    c = conversations.c
    query = _scoped(listing, reader)
    if listing.view == "queues":
        # The order a queue serves in: priority, then the longest waiting.
        query = query.order_by(c.priority.desc(), c.last_message_at, c.id)
    else:
        query = query.order_by(c.last_message_at.desc(), c.id)
    return list((await conn.execute(query.limit(listing.limit))).all())


async def customer_conversations(
    conn: AsyncConnection, customer_id: str, reader: Reader
) -> list[AnyRow]:
    """Every conversation of one customer the reader may read, oldest first."""
    c = conversations.c
    query = (
        select(conversations)
        .where(c.customer_id == customer_id)
        .where(readable(reader))
        .order_by(c.created_at, c.id)
    )
    return list((await conn.execute(query)).all())
