"""Opening a chat: who the visitor is, and everything the widget needs to draw itself."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.websockets import WebSocket

from connectors.webchat import store
from connectors.webchat.identity import (
    Identity,
    IdentityError,
    new_visitor,
    verify_user,
    verify_visitor,
)
from connectors.webchat.protocol import Hello, Profile
from connectors.webchat.runtime import Runtime
from connectors.webchat.session import ChatPeer


async def identify(rt: Runtime, hello: Hello, now: datetime) -> Identity:
    """A verified user if a user token came (refused if bad), else the visitor or a new one."""
    settings = rt.settings
    if hello.user:
        identity = verify_user(settings.webchat_identity_secret, hello.user, now)
        name = hello.profile.name if hello.profile else ""
        await store.link_verified(rt.engine, identity.user_id, name, now)
        return identity
    if hello.visitor:
        try:
            return verify_visitor(settings.webchat_secret, hello.visitor)
        except IdentityError:
            pass  # a token from another deployment or a wiped secret: start afresh
    return new_visitor(settings.webchat_secret)


def _history_item(item: store.HistoryItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "mine": item.mine,
        "author": item.author,
        "text": item.text,
        "at": item.at.isoformat(),
        "attachments": list(item.attachments),
        "conversation_id": item.conversation_id,
    }


async def open_chat(rt: Runtime, ws: WebSocket, ip: str, hello: Hello) -> ChatPeer:
    """Identify the visitor, greet them with the chat's state and history; raises
    :class:`IdentityError` for a refused user token."""
    now = datetime.now(UTC)
    identity = await identify(rt, hello, now)
    lang = rt.texts.pick([hello.lang], rt.settings.webchat_languages)
    peer = ChatPeer(rt, ws, ip, identity, hello.lang or lang, hello.profile or Profile())
    current = await store.current_conversation(rt.engine, peer.thread_key)
    if current is not None and current.status != "resolved":
        peer.learn_conversation(current.id)  # its queue position is worth showing
    online, why = await rt.online(now)
    items = await store.history(rt.engine, peer.thread_key)
    await peer.push(
        {
            "type": "welcome",
            "visitor": identity.visitor_token,
            "verified": identity.verified,
            "lang": lang,
            "online": online,
            "offline_reason": why,
            "conversation": (
                {"id": current.id, "status": current.status, "queue": current.queue}
                if current is not None
                else None
            ),
            "history": [_history_item(i) for i in items],
        }
    )
    if hello.profile is not None:
        await peer.update_profile(hello.profile)
    return peer
