"""What an agent does to a conversation: note, tags, priority, transfer, snooze, resolve,
reopen, merge. Each needs the caller to be able to read the conversation (404 otherwise) and
carries the session's CSRF token like every state-changing request."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, status

from router.api.deps import AgentDep, ReaderDep, Resources, ResourcesDep
from router.api.dispatch import dispatch_for
from router.api.inbox import readable_conversation
from router.api.inbox_schemas import MergeIn, NoteIn, PriorityIn, SnoozeIn, TagsIn, TransferIn
from router.api.schemas import ConversationOut
from router.inbox import actions
from router.inbox.actions import AnyRow, Live

router = APIRouter(prefix="/api/conversations", tags=["inbox"])


def _live(res: Resources) -> Live:
    return Live(res.engine, res.redis, res.keys, res.settings.event_stream_maxlen)


async def _done(change: Awaitable[AnyRow]) -> ConversationOut:
    try:
        row = await change
    except actions.NotFound as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "conversation not found") from exc
    except actions.Refused as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return ConversationOut.model_validate(row)


def _now() -> datetime:
    return datetime.now(UTC)


@router.post("/{conversation_id}/notes", status_code=status.HTTP_201_CREATED)
async def add_note(
    conversation_id: str, body: NoteIn, res: ResourcesDep, principal: AgentDep, reader: ReaderDep
) -> dict[str, Any]:
    await readable_conversation(res, reader, conversation_id)
    key = body.idempotency_key or uuid.uuid4().hex
    note_id = await actions.add_note(
        _live(res), conversation_id, body.text, principal.id, f"{principal.id}:{key}", _now()
    )
    return {"id": note_id, "kind": actions.NOTE_KIND}


@router.put("/{conversation_id}/tags", response_model=ConversationOut)
async def set_tags(
    conversation_id: str, body: TagsIn, res: ResourcesDep, reader: ReaderDep
) -> ConversationOut:
    await readable_conversation(res, reader, conversation_id)
    return await _done(actions.set_tags(_live(res), conversation_id, body.tags, _now()))


@router.put("/{conversation_id}/priority", response_model=ConversationOut)
async def set_priority(
    conversation_id: str, body: PriorityIn, res: ResourcesDep, reader: ReaderDep
) -> ConversationOut:
    await readable_conversation(res, reader, conversation_id)
    return await _done(actions.set_priority(_live(res), conversation_id, body.priority, _now()))


@router.post("/{conversation_id}/transfer", response_model=ConversationOut)
async def transfer(
    conversation_id: str, body: TransferIn, res: ResourcesDep, reader: ReaderDep
) -> ConversationOut:
    """To any queue the rule set declares (an agent may hand work to a team they are not in)."""
    await readable_conversation(res, reader, conversation_id)
    if body.queue not in await res.queue_skills.required():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, f"no queue {body.queue!r}")
    # Free the holder's seat first, or dispatch's repair would hand it back to them.
    await dispatch_for(res).release(conversation_id, reason="transferred", queue=body.queue)
    return await _done(actions.transfer(_live(res), conversation_id, body.queue, _now()))


@router.post("/{conversation_id}/snooze", response_model=ConversationOut)
async def snooze(
    conversation_id: str, body: SnoozeIn, res: ResourcesDep, principal: AgentDep, reader: ReaderDep
) -> ConversationOut:
    await readable_conversation(res, reader, conversation_id)
    change = actions.snooze(_live(res), conversation_id, body.until, principal.id, _now())
    return await _done(change)


@router.post("/{conversation_id}/resolve", response_model=ConversationOut)
async def resolve(conversation_id: str, res: ResourcesDep, reader: ReaderDep) -> ConversationOut:
    await readable_conversation(res, reader, conversation_id)
    done = await _done(actions.resolve(_live(res), conversation_id, _now()))
    await _let_go(res, conversation_id, "resolved")
    return done


@router.post("/{conversation_id}/reopen", response_model=ConversationOut)
async def reopen(conversation_id: str, res: ResourcesDep, reader: ReaderDep) -> ConversationOut:
    await readable_conversation(res, reader, conversation_id)
    return await _done(actions.reopen(_live(res), conversation_id, _now()))


@router.post("/{conversation_id}/merge", response_model=ConversationOut)
async def merge(
    conversation_id: str, body: MergeIn, res: ResourcesDep, principal: AgentDep, reader: ReaderDep
) -> ConversationOut:
    """Merge this conversation into ``into`` (both the caller's to read, one customer's)."""
    await readable_conversation(res, reader, conversation_id)
    await readable_conversation(res, reader, body.into)
    change = actions.merge(_live(res), conversation_id, body.into, principal.id, _now())
    done = await _done(change)
    await _let_go(res, conversation_id, "merged")
    return done


async def _let_go(res: Resources, conversation_id: str, reason: str) -> None:
    """A finished conversation stops taking a seat of its agent (SQL says resolved first, so
    dispatch's repair agrees)."""
    await dispatch_for(res).release(conversation_id, reason=reason, requeue=False)
