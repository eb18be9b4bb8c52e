"""One suite, run against every connector: what the router relies on from a channel."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.base import Connector
from connectors.log import LogConnector
from router.models import DeliveryStatus, Message, Outbound

pytestmark = pytest.mark.pipeline

ConnectorFactory = Callable[[Path], Connector]

FACTORIES: dict[str, ConnectorFactory] = {
    "log": LogConnector,
}


class ListSink:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def publish(self, messages: Sequence[Message]) -> None:
        self.messages.extend(messages)


@pytest.fixture(params=sorted(FACTORIES))
def connector(request: pytest.FixtureRequest, tmp_path: Path) -> Connector:
    factory = FACTORIES[request.param]
    return factory(tmp_path)


def _outbound(channel: str, n: int) -> Outbound:
    return Outbound(
        id=f"out-{n}",
        idempotency_key=f"key-{n}",
        conversation_id="conv-1",
        channel=channel,
        thread_key="thread-1",
        recipient="customer-1",
        text=f"Reply number {n}",
        created_at=datetime.now(UTC),
    )


def test_is_a_connector_with_a_channel_name(connector: Connector) -> None:
    assert isinstance(connector, Connector)
    assert connector.channel
    assert connector.channel == connector.channel.strip().lower()


def test_profile_is_of_its_channel_and_coherent(connector: Connector) -> None:
    profile = connector.profile
    assert profile.channel == connector.channel
    assert profile.formats, "a channel carries at least one text format"
    assert profile.max_text_length is None or profile.max_text_length > 0


async def test_send_returns_a_sent_receipt_for_that_outbound(connector: Connector) -> None:
    outbound = _outbound(connector.channel, 1)
    receipt = await connector.send(outbound)
    assert receipt.outbound_id == outbound.id
    assert receipt.channel == connector.channel
    assert receipt.status is DeliveryStatus.SENT
    assert receipt.external_id
    assert receipt.error == ""
    assert receipt.at.tzinfo is not None


async def test_each_send_gets_its_own_external_id(connector: Connector) -> None:
    first = await connector.send(_outbound(connector.channel, 1))
    second = await connector.send(_outbound(connector.channel, 2))
    assert first.external_id != second.external_id


async def test_run_returns_promptly_when_stop_is_set(connector: Connector) -> None:
    stop = asyncio.Event()
    task = asyncio.create_task(connector.run(ListSink(), stop))
    await asyncio.sleep(0)  # let it start and block on its source
    assert not task.done()
    stop.set()
    await asyncio.wait_for(task, timeout=5)


async def test_run_returns_at_once_when_already_stopped(connector: Connector) -> None:
    stop = asyncio.Event()
    stop.set()
    await asyncio.wait_for(connector.run(ListSink(), stop), timeout=5)
