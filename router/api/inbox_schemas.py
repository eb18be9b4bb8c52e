"""Bodies of the inbox endpoints (pydantic at the edge)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from router.api.schemas import ConversationOut, CustomerOut, MessageOut, Out, UtcDatetime, as_utc


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InboxItem(ConversationOut):
    customer_name: str


class InboxPage(Out):
    view: str
    items: list[InboxItem]


class TakeableQueue(Out):
    name: str
    description: str
    depth: int


class EntityOut(Out):
    kind: str
    value: str
    start: int  # in code points of ``text`` (not UTF-16 units)
    end: int
    detail: str


class InboxMessage(MessageOut):
    entities: list[EntityOut]


class HistoryItem(Out):
    id: str
    channel: str
    status: str
    queue: str
    created_at: UtcDatetime
    last_message_at: UtcDatetime
    message_count: int


class CannedOut(Out):
    id: str
    title: str
    language: str
    text: str


class InboxDetail(Out):
    conversation: ConversationOut
    customer: CustomerOut
    messages: list[InboxMessage]
    history: list[HistoryItem]
    snoozed_until: UtcDatetime | None
    merged_into: str | None
    canned: list[CannedOut]


class NoteIn(_In):
    text: str = Field(min_length=1, max_length=20_000, pattern=r"\S")
    idempotency_key: str | None = Field(default=None, min_length=1, max_length=100)


class TagsIn(_In):
    tags: list[Annotated[str, Field(min_length=1, max_length=64)]] = Field(max_length=50)


class PriorityIn(_In):
    priority: int = Field(ge=0, le=100)


class TransferIn(_In):
    queue: str = Field(min_length=1, max_length=64)


class SnoozeIn(_In):
    until: Annotated[datetime, AfterValidator(as_utc)]


class MergeIn(_In):
    into: str = Field(min_length=1, max_length=36)
