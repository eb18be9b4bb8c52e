"""The stream codec: records to Redis stream fields and back, explicit and versioned.

An entry has three fields: ``v`` (codec version), ``type`` (record kind) and ``data`` (JSON).
A reader accepts every version it knows and raises :class:`CodecError` for anything else,
so the caller can dead-letter the raw entry instead of guessing. Version 1 is the only one.

Errors::

    CodecError            permanent: the entry can never be decoded, retrying will not help
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import orjson

from router.models import (
    Attachment,
    DeliveryReceipt,
    DeliveryStatus,
    Message,
    Outbound,
    OutboundKind,
    Sender,
)

VERSION = "1"
Fields = Mapping[Any, bytes | str]  # keys are bytes from Redis, str from tests
T = TypeVar("T")


class CodecError(ValueError):
    """An entry that is not a record this codec can read."""


def _text(value: bytes | str) -> str:
    try:
        return value.decode() if isinstance(value, bytes) else value
    except UnicodeDecodeError as exc:
        raise CodecError(f"field is not UTF-8: {exc}") from exc


def _field(fields: Fields, name: str) -> str:
    for key in (name, name.encode()):
        if key in fields:
            return _text(fields[key])
    raise CodecError(f"missing field {name!r}")


def _attachments(raw: list[dict[str, Any]]) -> tuple[Attachment, ...]:
    return tuple(
        Attachment(
            filename=str(a["filename"]),
            content_type=str(a["content_type"]),
            size=int(a["size"]),
            blob_ref=str(a["blob_ref"]),
        )
        for a in raw
    )


def _attachments_json(items: tuple[Attachment, ...]) -> list[dict[str, Any]]:
    return [
        {
            "filename": a.filename,
            "content_type": a.content_type,
            "size": a.size,
            "blob_ref": a.blob_ref,
        }
        for a in items
    ]


def _message_json(m: Message) -> dict[str, Any]:
    return {
        "channel": m.channel,
        "external_id": m.external_id,
        "thread_key": m.thread_key,
        "sender": {
            "external_id": m.sender.external_id,
            "display_name": m.sender.display_name,
            "username": m.sender.username,
        },
        "text": m.text,
        "sent_at": m.sent_at.isoformat(),
        "received_at": m.received_at.isoformat(),
        "subject": m.subject,
        "html": m.html,
        "attachments": _attachments_json(m.attachments),
        "language_hints": list(m.language_hints),
        "in_reply_to": m.in_reply_to,
    }


def _message_from(d: dict[str, Any]) -> Message:
    sender = d["sender"]
    return Message(
        channel=str(d["channel"]),
        external_id=str(d["external_id"]),
        thread_key=str(d["thread_key"]),
        sender=Sender(
            external_id=str(sender["external_id"]),
            display_name=str(sender.get("display_name", "")),
            username=str(sender.get("username", "")),
        ),
        text=str(d["text"]),
        sent_at=datetime.fromisoformat(d["sent_at"]),
        received_at=datetime.fromisoformat(d["received_at"]),
        subject=str(d.get("subject", "")),
        html=str(d.get("html", "")),
        attachments=_attachments(d.get("attachments", [])),
        language_hints=tuple(str(h) for h in d.get("language_hints", [])),
        in_reply_to=str(d.get("in_reply_to", "")),
    )


def _outbound_json(o: Outbound) -> dict[str, Any]:
    return {
        "id": o.id,
        "idempotency_key": o.idempotency_key,
        "conversation_id": o.conversation_id,
        "channel": o.channel,
        "thread_key": o.thread_key,
        "recipient": o.recipient,
        "text": o.text,
        "created_at": o.created_at.isoformat(),
        "kind": o.kind.value,
        "author_id": o.author_id,
        "subject": o.subject,
        "html": o.html,
        "in_reply_to": o.in_reply_to,
        "attachments": _attachments_json(o.attachments),
    }


def _outbound_from(d: dict[str, Any]) -> Outbound:
    return Outbound(
        id=str(d["id"]),
        idempotency_key=str(d["idempotency_key"]),
        conversation_id=str(d["conversation_id"]),
        channel=str(d["channel"]),
        thread_key=str(d["thread_key"]),
        recipient=str(d["recipient"]),
        text=str(d["text"]),
        created_at=datetime.fromisoformat(d["created_at"]),
        kind=OutboundKind(d.get("kind", "reply")),
        author_id=str(d.get("author_id", "")),
        subject=str(d.get("subject", "")),
        html=str(d.get("html", "")),
        in_reply_to=str(d.get("in_reply_to", "")),
        attachments=_attachments(d.get("attachments", [])),
    )


def _receipt_json(r: DeliveryReceipt) -> dict[str, Any]:
    return {
        "outbound_id": r.outbound_id,
        "channel": r.channel,
        "status": r.status.value,
        "at": r.at.isoformat(),
        "external_id": r.external_id,
        "error": r.error,
    }


def _receipt_from(d: dict[str, Any]) -> DeliveryReceipt:
    return DeliveryReceipt(
        outbound_id=str(d["outbound_id"]),
        channel=str(d["channel"]),
        status=DeliveryStatus(d["status"]),
        at=datetime.fromisoformat(d["at"]),
        external_id=str(d.get("external_id", "")),
        error=str(d.get("error", "")),
    )


_ENCODERS: dict[type[Any], tuple[str, Any]] = {
    Message: ("message", _message_json),
    Outbound: ("outbound", _outbound_json),
    DeliveryReceipt: ("receipt", _receipt_json),
}
_DECODERS: dict[str, Any] = {
    "message": _message_from,
    "outbound": _outbound_from,
    "receipt": _receipt_from,
}


def encode(record: Message | Outbound | DeliveryReceipt) -> dict[str, bytes]:
    kind, to_json = _ENCODERS[type(record)]
    return {"v": VERSION.encode(), "type": kind.encode(), "data": orjson.dumps(to_json(record))}


def decode(fields: Fields, expected: type[T]) -> T:
    """Decode one entry into ``expected``; any defect raises :class:`CodecError`."""
    version = _field(fields, "v")
    if version != VERSION:
        raise CodecError(f"unknown codec version {version!r}")
    kind = _field(fields, "type")
    want, _ = _ENCODERS[expected]
    if kind != want:
        raise CodecError(f"expected a {want!r} entry, got {kind!r}")
    try:
        record = _DECODERS[kind](orjson.loads(_field(fields, "data")))
    except CodecError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CodecError(f"malformed {kind} data: {exc.__class__.__name__}: {exc}") from exc
    assert isinstance(record, expected)
    return record
