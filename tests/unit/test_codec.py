"""The stream codec: every record survives a round trip; every defect is a CodecError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.codec import CodecError, decode, encode
from router.models import (
    Attachment,
    DeliveryReceipt,
    DeliveryStatus,
    Message,
    Outbound,
    OutboundKind,
    Sender,
)

pytestmark = pytest.mark.pipeline

texts = st.text(max_size=120)
short = st.text(max_size=20)
zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
)
times = st.datetimes(
    min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=zones
)
attachments = st.lists(
    st.builds(
        Attachment,
        filename=short,
        content_type=short,
        size=st.integers(0, 2**40),
        blob_ref=short,
    ),
    max_size=3,
).map(tuple)

messages = st.builds(
    Message,
    channel=short,
    external_id=short,
    thread_key=texts,
    sender=st.builds(Sender, external_id=short, display_name=texts, username=short),
    text=texts,
    sent_at=times,
    received_at=times,
    subject=texts,
    html=texts,
    attachments=attachments,
    language_hints=st.lists(short, max_size=3).map(tuple),
    in_reply_to=short,
)
outbounds = st.builds(
    Outbound,
    id=short,
    idempotency_key=short,
    conversation_id=short,
    channel=short,
    thread_key=texts,
    recipient=texts,
    text=texts,
    created_at=times,
    kind=st.sampled_from(OutboundKind),
    author_id=short,
    subject=texts,
    html=texts,
    in_reply_to=short,
    attachments=attachments,
)
receipts = st.builds(
    DeliveryReceipt,
    outbound_id=short,
    channel=short,
    status=st.sampled_from(DeliveryStatus),
    at=times,
    external_id=short,
    error=texts,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SAMPLE = Message(
    channel="telegram",
    external_id="42",
    thread_key="chat-7",
    sender=Sender(external_id="7"),
    text="hello",
    sent_at=NOW,
    received_at=NOW,
)


def as_redis_returns(fields: dict[str, bytes]) -> dict[bytes, bytes]:
    return {key.encode(): value for key, value in fields.items()}


@given(messages)
def test_message_round_trip(message: Message) -> None:
    assert decode(as_redis_returns(encode(message)), Message) == message


@given(outbounds)
def test_outbound_round_trip(outbound: Outbound) -> None:
    assert decode(as_redis_returns(encode(outbound)), Outbound) == outbound


@given(receipts)
def test_receipt_round_trip(receipt: DeliveryReceipt) -> None:
    assert decode(as_redis_returns(encode(receipt)), DeliveryReceipt) == receipt


def test_text_keys_decode_too() -> None:
    # A client with decode_responses=True hands over str fields.
    fields = {key: value.decode() for key, value in encode(SAMPLE).items()}
    assert decode(fields, Message) == SAMPLE


def test_unknown_version() -> None:
    fields = {**encode(SAMPLE), "v": b"2"}
    with pytest.raises(CodecError, match="version"):
        decode(fields, Message)


def test_wrong_type() -> None:
    receipt = DeliveryReceipt(outbound_id="o", channel="x", status=DeliveryStatus.SENT, at=NOW)
    with pytest.raises(CodecError, match="receipt"):
        decode(encode(receipt), Message)


@pytest.mark.parametrize("missing", ["v", "type", "data"])
def test_missing_field(missing: str) -> None:
    fields = {key: value for key, value in encode(SAMPLE).items() if key != missing}
    with pytest.raises(CodecError, match=missing):
        decode(fields, Message)


@pytest.mark.parametrize(
    "data", [b"{not json", b"", b"\xff\xfe"], ids=["broken", "empty", "binary"]
)
def test_data_that_is_not_json(data: bytes) -> None:
    with pytest.raises(CodecError):
        decode({**encode(SAMPLE), "data": data}, Message)


@pytest.mark.parametrize(
    "data",
    [
        b"[]",
        b"null",
        b'"a string"',
        b'{"channel": "telegram"}',
        b'{"channel": "t", "external_id": "1", "thread_key": "c", "sender": "not an object",'
        b' "text": "", "sent_at": "2026-01-01T00:00:00+00:00",'
        b' "received_at": "2026-01-01T00:00:00+00:00"}',
        b'{"channel": "t", "external_id": "1", "thread_key": "c", "sender": {"external_id": "7"},'
        b' "text": "", "sent_at": "yesterday", "received_at": "2026-01-01T00:00:00+00:00"}',
    ],
    ids=["list", "null", "string", "fields-missing", "sender-not-object", "bad-time"],
)
def test_json_of_the_wrong_shape(data: bytes) -> None:
    with pytest.raises(CodecError, match="malformed"):
        decode({**encode(SAMPLE), "data": data}, Message)


@pytest.mark.parametrize(
    "data",
    [
        b'{"outbound_id": "o", "channel": "x", "status": "lost", "at": "2026-01-01T00:00:00Z"}',
        b'{"outbound_id": "o", "channel": "x", "status": "sent"}',
    ],
    ids=["unknown-status", "no-time"],
)
def test_receipt_of_the_wrong_shape(data: bytes) -> None:
    receipt = DeliveryReceipt(outbound_id="o", channel="x", status=DeliveryStatus.SENT, at=NOW)
    with pytest.raises(CodecError, match="malformed"):
        decode({**encode(receipt), "data": data}, DeliveryReceipt)


@pytest.mark.parametrize("field", ["v", "type"])
def test_header_that_is_not_utf8(field: str) -> None:
    with pytest.raises(CodecError):
        decode({**encode(SAMPLE), field: b"\xff"}, Message)
