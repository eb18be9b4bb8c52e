from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from structlog.testing import capture_logs

from connectors.base import TransientSendError
from connectors.log import FILE_NAME, LogConnector
from router.models import Outbound

pytestmark = pytest.mark.pipeline

SECRET_TEXT = "my card number is 4111 1111 1111 1111"


def _outbound() -> Outbound:
    return Outbound(
        id="out-1",
        idempotency_key="key-1",
        conversation_id="conv-1",
        channel="log",
        thread_key="thread-1",
        recipient="customer-1",
        text=SECRET_TEXT,
        created_at=datetime.now(UTC),
    )


async def test_send_appends_one_json_line_per_outbound(tmp_path: Path) -> None:
    connector = LogConnector(tmp_path)
    receipt = await connector.send(_outbound())
    lines = (tmp_path / FILE_NAME).read_bytes().splitlines()
    assert len(lines) == 1
    record = orjson.loads(lines[0])
    assert record["outbound_id"] == "out-1"
    assert record["recipient"] == "customer-1"
    assert record["text"] == SECRET_TEXT
    assert record["external_id"] == receipt.external_id


async def test_logs_ids_and_lengths_but_never_the_text(tmp_path: Path) -> None:
    with capture_logs() as logs:
        await LogConnector(tmp_path).send(_outbound())
    sent = [e for e in logs if e["event"] == "log_channel.sent"]
    assert len(sent) == 1
    assert sent[0]["log_level"] == "info"
    assert sent[0]["outbound_id"] == "out-1"
    assert sent[0]["text_length"] == len(SECRET_TEXT)
    assert all(SECRET_TEXT not in repr(e) for e in logs)


async def test_an_unwritable_file_is_a_transient_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(TransientSendError):
        await LogConnector(blocker).send(_outbound())
