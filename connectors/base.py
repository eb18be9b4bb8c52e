"""The contract every channel connector fulfils, and the one exception tree they share.

A connector knows its channel and nothing of routing: outbound, it sends one
:class:`~router.models.Outbound` and says what happened in a
:class:`~router.models.DeliveryReceipt`; inbound, it pushes normalized
:class:`~router.models.Message` records into an :class:`InboundSink`. Each connector maps
its provider's errors onto this tree in exactly one function, so the worker decides retry
or failure without knowing any channel API::

    ConnectorError                 anything a connector raises on purpose
    ├── TransientSendError         429, outage, timeout: send again later; carries the
    │                              provider's ``retry_after`` hint (seconds) when it gave one
    └── PermanentSendError         bad recipient, message rejected: retrying cannot help,
                                   the outbound is recorded as failed with this error

How the four channels fill a :class:`~router.models.Message` (``Outbound.recipient`` is
always the sender id; each connector's module docstring repeats its own entry)::

    email     external_id  Message-ID
              thread_key   the root of References / In-Reply-To (else its own Message-ID)
              sender       the address, lower-cased
              hint         Content-Language;  inbound by IMAP IDLE, polling as fallback
    telegram  external_id  "<chat_id>:<message_id>"
              thread_key   chat_id
              sender       user id
              hint         from.language_code;  inbound by getUpdates or webhook
    x         external_id  tweet id, or dm_event id
              thread_key   conversation_id of a tweet, or "dm:<participant pair>"
              sender       user id
              hint         the tweet's lang;  inbound by mention and DM polling
    webchat   external_id  the widget's client message id (resends dedupe on it)
              thread_key   chat session id
              sender       visitor id, or the host site's verified user id
              hint         navigator.language;  inbound over the web process's WebSocket

Loops are prevented by the router, not by each connector: what a connector sends gets the
channel's id back in its receipt, and an inbound copy of it (an echo, the Sent folder, our
own tweet in a mention search) dedupes against that id. Internal notes never reach a
connector at all.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from router.models import DeliveryReceipt, Message, Outbound


class ConnectorError(Exception):
    """Base of every error a connector raises deliberately."""


class TransientSendError(ConnectorError):
    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentSendError(ConnectorError):
    """The channel refused this outbound for good."""


class TextFormat(StrEnum):
    PLAIN = "plain"
    HTML = "html"
    MARKDOWN = "markdown"


@dataclass(frozen=True, slots=True)
class ChannelProfile:
    """What a channel can carry, so the inbox and auto-replies stay within it.

    A connector never truncates silently: an outbound longer than ``max_text_length`` is
    split into several channel messages (``splits_long_text``) or refused with a
    :class:`PermanentSendError` naming the limit.
    """

    channel: str
    max_text_length: int | None
    formats: tuple[TextFormat, ...] = (TextFormat.PLAIN,)
    max_attachment_bytes: int = 0
    splits_long_text: bool = False
    has_subject: bool = False
    typing_indicator: bool = False


class InboundSink(Protocol):
    """Where a connector hands normalized inbound messages; durable once this returns."""

    async def publish(self, messages: Sequence[Message]) -> None: ...


@runtime_checkable
class Connector(Protocol):
    @property
    def channel(self) -> str: ...

    @property
    def profile(self) -> ChannelProfile: ...

    async def send(self, outbound: Outbound) -> DeliveryReceipt:
        """Deliver ``outbound``; raise a :class:`ConnectorError` subclass if it was not sent."""
        ...

    async def run(self, sink: InboundSink, stop: asyncio.Event) -> None:
        """Receive from the channel into ``sink`` until ``stop`` is set, then return promptly."""
        ...
