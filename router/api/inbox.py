"""The agent inbox's read side: lists (mine, my queues, all, search) and one conversation
with everything an agent needs to answer it. An agent sees only what :mod:`router.auth.access`
allows; anything else is 404, exactly as if it did not exist."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, status
from sqlalchemy import select

from router.api import queries
from router.api.conversations import _message_out
from router.api.deps import AgentDep, ReaderDep, ResourcesDep
from router.api.inbox_schemas import (
    CannedOut,
    EntityOut,
    HistoryItem,
    InboxDetail,
    InboxItem,
    InboxMessage,
    InboxPage,
    TakeableQueue,
)
from router.api.schemas import ConversationOut, CustomerOut
from router.auth.access import Reader
from router.classify.entities import extract_entities
from router.inbox import canned, views
from router.queues_view import queue_states
from router.store.schema import merges, snoozes

router = APIRouter(prefix="/api/inbox", tags=["inbox"])

NOT_FOUND = "conversation not found"


def _view(view: views.View, principal_role: str) -> views.View:
    if view == "all" and principal_role not in ("supervisor", "admin"):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "supervisors and above only")
    return view


@router.get("/conversations", response_model=InboxPage)
async def inbox_list(
    res: ResourcesDep,
    principal: AgentDep,
    reader: ReaderDep,
    view: views.View = "queues",
    queue: str | None = None,
    status_: Annotated[str | None, Query(alias="status")] = None,
    q: Annotated[str, Query(max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> InboxPage:
    listing = views.Listing(_view(view, principal.role), queue, status_, q, limit)
    async with res.engine.connect() as conn:
        rows = await views.list_conversations(conn, listing, reader)
    return InboxPage(view=listing.view, items=[InboxItem.model_validate(r) for r in rows])


@router.get("/queues", response_model=list[TakeableQueue])
async def takeable_queues(
    res: ResourcesDep, reader: ReaderDep, scope: Literal["mine", "all"] = "mine"
) -> list[TakeableQueue]:
    """The queues the caller may take from (``scope=all``: every declared queue, the targets
    of a transfer), with their live depth."""
    required = await res.queue_skills.required()
    depths = {q.name: q.depth for q in await queue_states(res.redis, res.keys)}
    if scope == "all":
        names = sorted(required)
    elif reader.queues is None:
        names = sorted(set(required) | set(depths))
    else:
        names = sorted(reader.queues)
    descriptions = await res.queue_skills.descriptions()
    return [
        TakeableQueue(name=n, description=descriptions.get(n, ""), depth=depths.get(n, 0))
        for n in names
    ]


def _entities(text: str) -> list[EntityOut]:
    return [
        EntityOut(kind=e.kind, value=e.value, start=e.start, end=e.end, detail=e.detail)
        for e in extract_entities(text)
    ]


async def readable_conversation(res: ResourcesDep, reader: Reader, conversation_id: str) -> None:
    """404 unless the conversation exists and the reader may read it."""
    async with res.engine.connect() as conn:
        row = await queries.conversation(conn, conversation_id)
    if row is None or not reader.may_read(row.queue, row.assignee_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)


async def _canned(res: ResourcesDep, language: str, variables: dict[str, str]) -> list[CannedOut]:
    found = await asyncio.to_thread(canned.load, res.settings.config_dir)
    out = []
    for item in found:
        picked = item.text_for(language)
        if picked is not None:
            lang, text = picked
            out.append(
                CannedOut(
                    id=item.id, title=item.title, language=lang, text=canned.fill(text, variables)
                )
            )
    return out


@router.get("/conversations/{conversation_id}", response_model=InboxDetail)
async def inbox_detail(
    conversation_id: str, res: ResourcesDep, principal: AgentDep, reader: ReaderDep
) -> InboxDetail:
    async with res.engine.connect() as conn:
        row = await queries.conversation(conn, conversation_id)
        if row is None or not reader.may_read(row.queue, row.assignee_id):
            raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_FOUND)
        customer, identities = await queries.customer(conn, row.customer_id)
        messages = await queries.conversation_messages(conn, conversation_id)
        history = await views.customer_conversations(conn, row.customer_id, reader)
        until = (
            await conn.execute(select(snoozes.c.until).where(snoozes.c.conversation_id == row.id))
        ).scalar()
        merged_into = (
            await conn.execute(select(merges.c.target_id).where(merges.c.source_id == row.id))
        ).scalar()
    variables = {
        "customer_name": customer.display_name or "there",
        "agent_name": principal.name,
        "conversation_id": row.id,
        "queue": row.queue,
    }
    return InboxDetail(
        conversation=ConversationOut.model_validate(row),
        customer=CustomerOut.of(customer, identities),
        messages=[
            InboxMessage.model_validate(
                {**_message_out(m).model_dump(), "entities": _entities(m.text)}
            )
            for m in messages
        ],
        history=[HistoryItem.model_validate(h) for h in history if h.id != row.id],
        snoozed_until=until,
        merged_into=merged_into,
        canned=await _canned(res, row.language or customer.language, variables),
    )
