"""What an agent does to a conversation, seen through the API, SQL and the live queues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from inbox_seeding import seed_conversation
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import ClientFactory
from support.router import queue_members, rows

from router.inbox.actions import Live, wake_due
from router.keys import Keys
from router.placement import Placement, Queues
from router.settings import Settings

pytestmark = pytest.mark.inbox

TXID = "9f2c4a1b7e3d5f60a8b9c0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f"
ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7"


async def _queued(redis: Redis, keys: Keys, seeded_id: str, queue: str) -> None:
    async with redis.pipeline(transaction=False) as pipe:
        await Queues(redis, keys).place(pipe, [Placement(seeded_id, queue, 50, 1_000)])
        await pipe.execute()


async def test_a_note_is_stored_shown_and_never_sent(
    as_agent: ClientFactory, engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    seeded = await seed_conversation(engine, "t1", channel="log")
    amy = await as_agent("amy@example.com")

    added = await amy.post(
        f"/api/conversations/{seeded.conversation_id}/notes", json={"text": "VIP, be gentle"}
    )

    assert added.status_code == 201
    detail = (await amy.get(f"/api/inbox/conversations/{seeded.conversation_id}")).json()
    notes = [m for m in detail["messages"] if m["kind"] == "note"]
    assert [(n["text"], n["direction"]) for n in notes] == [("VIP, be gentle", "internal")]
    assert await redis.exists(keys.outbound("log")) == 0
    stored = await rows(
        engine, "select direction, delivery_status from messages where kind = 'note'"
    )
    assert [tuple(r) for r in stored] == [("internal", None)]


async def test_tags_priority_and_transfer_move_the_live_queue(
    as_agent: ClientFactory, engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    seeded = await seed_conversation(engine, "t1", queue="general")
    await _queued(redis, keys, seeded.conversation_id, "general")
    amy = await as_agent("amy@example.com")
    url = f"/api/conversations/{seeded.conversation_id}"

    tags = await amy.put(f"{url}/tags", json={"tags": ["refund", " refund", "vip"]})
    priority = await amy.put(f"{url}/priority", json={"priority": 90})
    nowhere = await amy.post(f"{url}/transfer", json={"queue": "no-such-queue"})
    moved = await amy.post(f"{url}/transfer", json={"queue": "withdrawals"})
    gone = await amy.get(f"/api/inbox/conversations/{seeded.conversation_id}")

    assert tags.json()["tags"] == ["refund", "vip"]
    assert priority.json()["priority"] == 90
    assert (moved.json()["queue"], moved.json()["assignee_id"]) == ("withdrawals", None)
    assert nowhere.status_code == 422
    assert gone.status_code == 404  # handed to a team amy is not in
    members = await queue_members(redis, keys)
    assert members.get("general") == []
    assert members["withdrawals"] == [seeded.conversation_id]


async def test_snooze_takes_it_out_until_the_time_then_it_returns(
    as_agent: ClientFactory, engine: AsyncEngine, redis: Redis, keys: Keys, settings: Settings
) -> None:
    seeded = await seed_conversation(engine, "t1", queue="general")
    await _queued(redis, keys, seeded.conversation_id, "general")
    amy = await as_agent("amy@example.com")
    until = datetime.now(UTC) + timedelta(hours=2)

    snoozed = await amy.post(
        f"/api/conversations/{seeded.conversation_id}/snooze", json={"until": until.isoformat()}
    )

    assert snoozed.json()["status"] == "snoozed"
    assert (await queue_members(redis, keys))["general"] == []
    live = Live(engine, redis, keys, settings.event_stream_maxlen)
    assert await wake_due(live, datetime.now(UTC)) == []
    assert await wake_due(live, until + timedelta(seconds=1)) == [seeded.conversation_id]
    assert (await queue_members(redis, keys))["general"] == [seeded.conversation_id]
    detail = (await amy.get(f"/api/inbox/conversations/{seeded.conversation_id}")).json()
    assert (detail["conversation"]["status"], detail["snoozed_until"]) == ("open", None)


async def test_resolve_and_reopen(
    as_agent: ClientFactory, engine: AsyncEngine, redis: Redis, keys: Keys
) -> None:
    seeded = await seed_conversation(engine, "t1", queue="general")
    await _queued(redis, keys, seeded.conversation_id, "general")
    amy = await as_agent("amy@example.com")
    url = f"/api/conversations/{seeded.conversation_id}"

    resolved = (await amy.post(f"{url}/resolve")).json()
    assert (resolved["status"], (await queue_members(redis, keys))["general"]) == ("resolved", [])
    snooze_resolved = await amy.post(f"{url}/snooze", json={"until": "2099-01-01T00:00:00Z"})
    assert snooze_resolved.status_code == 409

    reopened = (await amy.post(f"{url}/reopen")).json()
    assert reopened["status"] == "open"
    assert (await queue_members(redis, keys))["general"] == [seeded.conversation_id]


async def test_merge_moves_messages_of_one_customer_and_resolves_the_source(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    first = await seed_conversation(engine, "t1", sender="bob", text="deposit missing")
    second = await seed_conversation(engine, "t2", sender="bob", text="any news?")
    stranger = await seed_conversation(engine, "t3", sender="eve")
    amy = await as_agent("amy@example.com")

    merged = await amy.post(
        f"/api/conversations/{second.conversation_id}/merge", json={"into": first.conversation_id}
    )
    refused = await amy.post(
        f"/api/conversations/{stranger.conversation_id}/merge",
        json={"into": first.conversation_id},
    )

    assert merged.status_code == 200
    assert merged.json()["message_count"] == 2
    assert refused.status_code == 409
    target = (await amy.get(f"/api/inbox/conversations/{first.conversation_id}")).json()
    assert [m["text"] for m in target["messages"]] == ["deposit missing", "any news?"]
    source = (await amy.get(f"/api/inbox/conversations/{second.conversation_id}")).json()
    assert source["conversation"]["status"] == "resolved"
    assert source["merged_into"] == first.conversation_id
    assert source["messages"] == []


async def test_detail_has_entities_redactions_history_and_canned_in_the_language(
    as_agent: ClientFactory, engine: AsyncEngine
) -> None:
    text = f"Withdrawal stuck 🙁 tx {TXID} to {ADDRESS}, my words [redacted: seed phrase]"
    await seed_conversation(engine, "t0", sender="ana", name="Ana", text="earlier question")
    seeded = await seed_conversation(
        engine, "t1", sender="ana", name="Ana", text=text, language="es"
    )
    amy = await as_agent("amy@example.com", name="Amy")

    detail = (await amy.get(f"/api/inbox/conversations/{seeded.conversation_id}")).json()

    [message] = detail["messages"]
    kinds = {(e["kind"], e["value"]) for e in message["entities"]}
    assert {("txid", TXID), ("address", ADDRESS)} <= kinds
    txid = next(e for e in message["entities"] if e["kind"] == "txid")
    assert list(text)[txid["start"] : txid["end"]] == list(TXID)  # code-point offsets
    assert "[redacted: seed phrase]" in message["text"]
    assert message["decision"]["payload"]["classification"]["reasons"] == ["no urgency signal"]
    assert [h["id"] for h in detail["history"]] != []
    greeting = next(c for c in detail["canned"] if c["id"] == "greeting")
    assert greeting["language"] == "es"
    assert greeting["text"].startswith("Hola Ana, soy Amy")


@pytest.mark.parametrize(
    "query",
    ["Ana Lopez", "ana lopez", "cust-ana", "refund", TXID[:20], ADDRESS.lower(), "stuck"],
)
async def test_search_by_customer_handle_tag_txid_address_or_text(
    as_agent: ClientFactory, engine: AsyncEngine, query: str
) -> None:
    hit = await seed_conversation(
        engine,
        "t1",
        sender="cust-ana",
        name="Ana Lopez",
        tags=("refund",),
        text=f"stuck: {TXID} from {ADDRESS}",
    )
    await seed_conversation(engine, "t2", sender="zed", name="Zed", text="hello there")
    sue = await as_agent("sue@example.com", role="supervisor")

    found = (await sue.get("/api/inbox/conversations", params={"q": query, "view": "all"})).json()

    assert [i["id"] for i in found["items"]] == [hit.conversation_id]


async def test_search_wildcards_are_only_text(as_agent: ClientFactory, engine: AsyncEngine) -> None:
    await seed_conversation(engine, "t1", text="plain words")
    sue = await as_agent("sue@example.com", role="supervisor")
    for query in ("%", "_", "' OR 1=1 --"):
        found = await sue.get("/api/inbox/conversations", params={"q": query, "view": "all"})
        assert found.json()["items"] == [], query
