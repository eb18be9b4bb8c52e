"""The widget's WebSocket protocol: JSON frames, one per WebSocket message.

Widget to server (validated here, at the edge)::

    hello    {visitor?, user?, lang?, profile?}  first frame; the answer is ``welcome``
    profile  {name?, email?, topic?, language?}   the pre-chat (or offline) form
    message  {id, text, attachments?, resend?}   ``id``: the widget's client message id;
                                                 answered by ``ack`` once durable, or ``error``
    typing   {on}                                the visitor is (not) typing
    read     {message_id}                        the visitor saw the agent's messages so far
    rate     {conversation_id, rating, comment?} 1-5 after the chat
    end      {}                                  the visitor closed the chat

Server to widget: ``welcome``, ``ack``, ``stored`` (the router stored the message),
``message`` (agent or automatic reply), ``typing``, ``read``, ``queue`` (position and
estimated wait), ``status``, ``rated``, ``error`` {id?, code, detail, retry_after?}.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

ClientId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
BLOB_REF = r"^sha256:[0-9a-f]{64}$"


class _Frame(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Profile(_Frame):
    name: Annotated[str, Field(max_length=120)] = ""
    email: Annotated[str, Field(max_length=320, pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")] = ""
    topic: Annotated[str, Field(max_length=64)] = ""
    language: Annotated[
        str, Field(max_length=16, pattern=r"^$|^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$")
    ] = ""


class Hello(_Frame):
    type: Literal["hello"]
    visitor: Annotated[str, Field(max_length=200)] = ""
    user: Annotated[str, Field(max_length=400)] = ""
    lang: Annotated[str, Field(max_length=35)] = ""
    profile: Profile | None = None


class ProfileFrame(_Frame):
    type: Literal["profile"]
    profile: Profile


class AttachmentIn(_Frame):
    ref: Annotated[str, Field(pattern=BLOB_REF)]
    name: Annotated[str, Field(max_length=255)]
    content_type: Annotated[str, Field(max_length=100)]
    size: Annotated[int, Field(ge=0)]


class MessageFrame(_Frame):
    type: Literal["message"]
    id: ClientId
    text: str = ""
    attachments: Annotated[list[AttachmentIn], Field(max_length=5)] = []
    # Sent again after a reconnect: if it was stored already, no "stored" event will come.
    resend: bool = False


class Typing(_Frame):
    type: Literal["typing"]
    on: bool


class Read(_Frame):
    type: Literal["read"]
    message_id: Annotated[str, Field(max_length=64)]


class Rate(_Frame):
    type: Literal["rate"]
    conversation_id: Annotated[str, Field(max_length=36)]
    rating: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, Field(max_length=2000)] = ""


class End(_Frame):
    type: Literal["end"]


class Ping(_Frame):
    type: Literal["ping"]


ClientFrame = Annotated[
    Hello | ProfileFrame | MessageFrame | Typing | Read | Rate | End | Ping,
    Field(discriminator="type"),
]
client_frame: TypeAdapter[ClientFrame] = TypeAdapter(ClientFrame)
