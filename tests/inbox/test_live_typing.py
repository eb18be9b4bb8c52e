"""The visitor's typing on the inbox's live stream: only to agents who may read the
conversation (by its queue or as its assignee), only while fresh, never an agent's own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest
from fastapi import FastAPI
from inbox_seeding import seed_conversation
from sqlalchemy.ext.asyncio import AsyncEngine

from router.api.deps import Resources
from router.api.live import _MayRead, _typing_frame
from router.auth.access import Reader
from router.events import Event

pytestmark = pytest.mark.inbox


def typing(conversation_id: str, by: str = "customer", on: str = "1", age_s: float = 0) -> Event:
    at = datetime.now(UTC) - timedelta(seconds=age_s)
    return Event("conversation.typing", conversation_id, data={"by": by, "on": on}, at=at)


async def frame(res: Resources, reader: Reader, event: Event) -> str:
    return await _typing_frame(_MayRead(res, reader), "7-0", event)


def shown(frame: str) -> dict[str, object] | None:
    """The typing event's body, or None for a bare position-only frame."""
    lines = frame.strip().splitlines()
    assert lines[0] == "id: 7-0"
    if len(lines) == 1:
        return None
    assert lines[1] == "event: typing"
    body: dict[str, object] = orjson.loads(lines[2].removeprefix("data: "))
    return body


async def test_typing_reaches_only_agents_who_may_read_the_conversation(
    app: FastAPI, engine: AsyncEngine
) -> None:
    res = app.state.resources
    in_security = await seed_conversation(engine, "t1", queue="security")
    assigned = await seed_conversation(engine, "t2", queue="security", assignee_id="amy-id")
    amy = Reader("amy-id", frozenset({"withdrawals"}))
    sec = Reader("sec-id", frozenset({"security"}))
    boss = Reader("boss-id", None)

    cid = in_security.conversation_id
    assert shown(await frame(res, sec, typing(cid))) == {
        "conversation_id": cid,
        "on": True,
    }
    assert shown(await frame(res, boss, typing(cid, on="0"))) == {
        "conversation_id": cid,
        "on": False,
    }
    assert shown(await frame(res, amy, typing(cid))) is None  # not her queue
    mine = assigned.conversation_id
    assert shown(await frame(res, amy, typing(mine))) == {
        "conversation_id": mine,
        "on": True,
    }
    assert shown(await frame(res, amy, typing("no-such-conversation"))) is None


async def test_stale_and_agent_typing_are_not_shown(app: FastAPI, engine: AsyncEngine) -> None:
    res = app.state.resources
    cid = (await seed_conversation(engine, "t1", queue="security")).conversation_id
    boss = Reader("boss-id", None)
    assert shown(await frame(res, boss, typing(cid, age_s=60))) is None
    assert shown(await frame(res, boss, typing(cid, by="agent"))) is None
