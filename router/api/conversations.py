"""Conversations, their messages, and agent replies."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from router.api import queries
from router.api.deps import PrincipalDep, ReaderDep, ResourcesDep
from router.api.queries import AnyRow, BadCursor, ConversationFilter, Cursor
from router.api.schemas import (
    ConversationDetail,
    ConversationOut,
    ConversationPage,
    CustomerOut,
    DecisionOut,
    MessageOut,
    OutboundOut,
    ReplyIn,
)
from router.models import Outbound
from router.outbound import ConversationNotFound, NoRecipient, create_reply, new_idempotency_key

router = APIRouter(prefix="/api")


def _message_out(row: AnyRow) -> MessageOut:
    fields: dict[str, Any] = dict(row._mapping)
    decision = None
    if fields["d_ruleset_version"] is not None:
        decision = DecisionOut(
            ruleset_version=fields["d_ruleset_version"],
            queue=fields["d_queue"],
            priority=fields["d_priority"],
            payload=fields["d_payload"],
            decided_at=fields["d_decided_at"],
        )
    return MessageOut.model_validate({**fields, "decision": decision})


def _cursor(token: str | None) -> Cursor | None:
    if token is None:
        return None
    try:
        return Cursor.decode(token)
    except BadCursor as exc:
        raise HTTPException(422, "malformed cursor") from exc


@router.get("/conversations", response_model=ConversationPage)
async def list_conversations(
    res: ResourcesDep,
    reader: ReaderDep,
    queue: str | None = None,
    status_: Annotated[str | None, Query(alias="status")] = None,
    customer_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: str | None = None,
) -> ConversationPage:
    flt = ConversationFilter(
        queue=queue, status=status_, customer_id=customer_id, readable_by=reader
    )
    async with res.engine.connect() as conn:
        rows, following = await queries.list_conversations(conn, flt, limit, _cursor(cursor))
    return ConversationPage(
        items=[ConversationOut.model_validate(r) for r in rows],
        next_cursor=following.encode() if following else None,
    )


@router.get("/conversations/{conversation_id}", response_model=ConversationDetail)
async def get_conversation(
    conversation_id: str, res: ResourcesDep, reader: ReaderDep
) -> ConversationDetail:
    async with res.engine.connect() as conn:
        row = await queries.conversation(conn, conversation_id)
        if row is None or not reader.may_read(row.queue, row.assignee_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found")
        customer, identities = await queries.customer(conn, row.customer_id)
        messages = await queries.conversation_messages(conn, conversation_id)
    return ConversationDetail(
        conversation=ConversationOut.model_validate(row),
        customer=CustomerOut.of(customer, identities),
        messages=[_message_out(m) for m in messages],
    )


@router.get("/messages/{message_id}", response_model=MessageOut)
async def get_message(message_id: str, res: ResourcesDep, reader: ReaderDep) -> MessageOut:
    async with res.engine.connect() as conn:
        row = await queries.message(conn, message_id)
        owner = await queries.conversation(conn, row.conversation_id) if row else None
    if row is None or owner is None or not reader.may_read(owner.queue, owner.assignee_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "message not found")
    return _message_out(row)


def _outbound_out(outbound: Outbound, delivery_status: str) -> OutboundOut:
    return OutboundOut(
        id=outbound.id,
        idempotency_key=outbound.idempotency_key,
        conversation_id=outbound.conversation_id,
        channel=outbound.channel,
        recipient=outbound.recipient,
        kind=outbound.kind.value,
        text=outbound.text,
        created_at=outbound.created_at,
        delivery_status=delivery_status,
    )


@router.post(
    "/conversations/{conversation_id}/replies",
    response_model=OutboundOut,
    status_code=status.HTTP_202_ACCEPTED,
)
async def post_reply(
    conversation_id: str,
    body: ReplyIn,
    res: ResourcesDep,
    principal: PrincipalDep,
    reader: ReaderDep,
) -> OutboundOut:
    async with res.engine.connect() as conn:
        row = await queries.conversation(conn, conversation_id)
    if row is None or not reader.may_read(row.queue, row.assignee_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found")
    try:
        outbound = await create_reply(
            res.engine,
            res.redis,
            res.keys,
            conversation_id=conversation_id,
            text=body.text,
            author_id=principal.author_id,
            idempotency_key=body.idempotency_key or new_idempotency_key(),
            now=datetime.now(UTC),
            event_maxlen=res.settings.event_stream_maxlen,
            channel=body.channel,
        )
    except ConversationNotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    except NoRecipient as exc:
        if body.channel is not None and body.channel != row.channel:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT,
                f"the customer has no identity on channel {body.channel!r} to reply on",
            ) from exc
        raise HTTPException(
            status.HTTP_409_CONFLICT, "the customer has no identity on this channel"
        ) from exc
    async with res.engine.connect() as conn:
        stored = await queries.message(conn, outbound.id)
    return _outbound_out(outbound, stored.delivery_status if stored else "queued")
