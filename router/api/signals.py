"""Live signals from the agent side of a conversation: typing and read receipts.

They are events, not records: the customer's channel shows them if it can (the web chat
widget does), and nothing is stored.
"""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from router.api.deps import AgentDep, ResourcesDep
from router.events import Event, publish_events

router = APIRouter(prefix="/api")


class TypingIn(BaseModel):
    on: bool = True


class ReadIn(BaseModel):
    message_id: str = Field(default="", max_length=64)


async def _publish(
    res: ResourcesDep, conversation_id: str, kind: str, data: dict[str, str]
) -> None:
    event = Event(type=kind, conversation_id=conversation_id, data={"by": "agent", **data})
    await publish_events(res.redis, res.keys, [event], res.settings.event_stream_maxlen)


@router.post("/conversations/{conversation_id}/typing", status_code=status.HTTP_204_NO_CONTENT)
async def agent_typing(
    conversation_id: str, body: TypingIn, res: ResourcesDep, principal: AgentDep
) -> None:
    data = {"on": "1" if body.on else "0", "agent_id": principal.id}
    await _publish(res, conversation_id, "conversation.typing", data)


@router.post("/conversations/{conversation_id}/read", status_code=status.HTTP_204_NO_CONTENT)
async def agent_read(
    conversation_id: str, body: ReadIn, res: ResourcesDep, principal: AgentDep
) -> None:
    data = {"message_id": body.message_id, "agent_id": principal.id}
    await _publish(res, conversation_id, "conversation.read", data)
