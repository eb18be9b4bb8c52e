"""The ``log`` channel: sends nowhere, records what it would have sent.

Useful for a local run and for tests: every send appends one JSON line to
``<data_dir>/log-channel.jsonl`` (the full outbound, so a user can see the reply) and logs
ids and lengths at INFO (never the text). It receives nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from pathlib import Path

import orjson
import structlog

from connectors.base import (
    ChannelProfile,
    ConnectorError,
    InboundSink,
    TextFormat,
    TransientSendError,
)
from router.models import DeliveryReceipt, DeliveryStatus, Outbound

CHANNEL = "log"
FILE_NAME = "log-channel.jsonl"

log = structlog.get_logger(__name__)


def _line(outbound: Outbound, external_id: str) -> bytes:
    record = {
        "external_id": external_id,
        "outbound_id": outbound.id,
        "idempotency_key": outbound.idempotency_key,
        "conversation_id": outbound.conversation_id,
        "recipient": outbound.recipient,
        "thread_key": outbound.thread_key,
        "kind": outbound.kind.value,
        "subject": outbound.subject,
        "text": outbound.text,
    }
    return orjson.dumps(record) + b"\n"


def _append(path: Path, line: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as fh:
        fh.write(line)


def map_error(exc: OSError) -> ConnectorError:
    """A full disk or a busy file system may clear up: retry rather than fail the reply."""
    return TransientSendError(f"log channel write failed: {exc.strerror or exc}")


class LogConnector:
    def __init__(self, data_dir: Path, channel: str = CHANNEL) -> None:
        # Standing in for a channel whose connector has not landed yet, it takes its name.
        self.path = data_dir / FILE_NAME
        self._channel = channel

    @property
    def channel(self) -> str:
        return self._channel

    @property
    def profile(self) -> ChannelProfile:
        return ChannelProfile(
            channel=self._channel,
            max_text_length=None,
            formats=(TextFormat.PLAIN, TextFormat.HTML),
            has_subject=True,
        )

    async def send(self, outbound: Outbound) -> DeliveryReceipt:
        external_id = f"log-{uuid.uuid4().hex}"
        try:
            await asyncio.to_thread(_append, self.path, _line(outbound, external_id))
        except OSError as exc:
            raise map_error(exc) from exc
        log.info(
            "log_channel.sent",
            outbound_id=outbound.id,
            conversation_id=outbound.conversation_id,
            external_id=external_id,
            text_length=len(outbound.text),
        )
        return DeliveryReceipt(
            outbound_id=outbound.id,
            channel=self._channel,
            status=DeliveryStatus.SENT,
            at=datetime.now(UTC),
            external_id=external_id,
        )

    async def run(self, sink: InboundSink, stop: asyncio.Event) -> None:
        await stop.wait()
