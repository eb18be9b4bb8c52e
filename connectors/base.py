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
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
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


class InboundSink(Protocol):
    """Where a connector hands normalized inbound messages; durable once this returns."""

    async def publish(self, messages: Sequence[Message]) -> None: ...


@runtime_checkable
class Connector(Protocol):
    @property
    def channel(self) -> str: ...

    async def send(self, outbound: Outbound) -> DeliveryReceipt:
        """Deliver ``outbound``; raise a :class:`ConnectorError` subclass if it was not sent."""
        ...

    async def run(self, sink: InboundSink, stop: asyncio.Event) -> None:
        """Receive from the channel into ``sink`` until ``stop`` is set, then return promptly."""
        ...
