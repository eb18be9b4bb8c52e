"""The chat over real WebSockets (the widget's protocol, spoken by the Python client):
acknowledged only when durable, resends stored once, replies live and in history."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from redis.asyncio import Redis
from sqlalchemy import select
from support.router import rows
from webchat_stack import IDENTITY_SECRET, Stack, chat_settings, running_stack
from websockets.exceptions import InvalidStatus

from connectors.webchat.client import ChatClient, new_client_id
from connectors.webchat.identity import sign_user
from connectors.webchat.runtime import agents_online_key
from router.codec import decode
from router.events import Event, publish_events
from router.models import Outbound, customer_id_for
from router.placement import Placement, Queues
from router.settings import Settings
from router.store.schema import conversation_ratings, customer_contacts, customers, identities

pytestmark = pytest.mark.webchat


def of_type(kind: str, **match: object):  # type: ignore[no-untyped-def]
    return lambda f: f["type"] == kind and all(f.get(k) == v for k, v in match.items())


async def inbound_texts(stack: Stack) -> list[str]:
    found = await rows(
        stack.engine,
        "SELECT text FROM messages WHERE channel = 'webchat' AND direction = 'in' ORDER BY sent_at",
    )
    return [r.text for r in found]


async def test_message_is_acked_stored_once_and_answered_live(stack: Stack) -> None:
    visitor = stack.client()
    welcome = await visitor.open()
    assert welcome["type"] == "welcome"
    assert welcome["visitor"]
    assert welcome["history"] == []
    cid = await visitor.say("Hello, my deposit has not arrived")
    await visitor.wait_for(of_type("ack", id=cid))
    stored = await visitor.wait_for(of_type("stored", id=cid))
    # The same message again (a resend after a lost ack) is stored once.
    # It is told "stored" again although the router drops the copy without an event.
    await visitor.say("Hello, my deposit has not arrived", client_id=cid, resend=True)
    again = await visitor.wait_for(lambda f: f["type"] == "stored" and f is not stored)
    assert again["conversation_id"] == stored["conversation_id"]
    await stack.router.drain()
    assert await inbound_texts(stack) == ["Hello, my deposit has not arrived"]

    reply = await stack.reply(stored["conversation_id"], "We are looking at it.")
    live = await visitor.wait_for(of_type("message", id=reply["id"]))
    assert (live["author"], live["text"]) == ("agent", "We are looking at it.")
    await visitor.close()

    again = stack.client(visitor=visitor.visitor)
    history = (await again.open())["history"]
    assert [(h["author"], h["text"], h["id"]) for h in history] == [
        ("visitor", "Hello, my deposit has not arrived", cid),
        ("agent", "We are looking at it.", reply["id"]),
    ]
    await again.close()


async def test_a_foreign_origin_cannot_open_the_chat(stack: Stack) -> None:
    stranger = ChatClient(stack.ws_url, "https://evil.example")
    with pytest.raises(InvalidStatus) as refused:
        await stranger.open()
    assert refused.value.response.status_code == 403


async def test_bad_frames_and_oversized_text_get_clear_errors(stack: Stack) -> None:
    visitor = stack.client()
    await visitor.open()
    await visitor.send({"type": "message", "id": "x", "text": "hi"})
    assert (await visitor.wait_for(of_type("error")))["code"] == "bad_frame"
    cid = await visitor.say("a" * (stack.settings.webchat_max_text_chars + 1))
    assert (await visitor.wait_for(of_type("error", id=cid)))["code"] == "too_long"
    spam = "buy now http://a.example http://b.example http://c.example http://d.example"
    cid = await visitor.say(spam)
    assert (await visitor.wait_for(of_type("error", id=cid)))["code"] == "spam"
    await visitor.close()


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        ("forged", "signature does not match"),
        ("expired", "expired"),
        ("garbage", "malformed"),
    ],
)
async def test_refused_user_tokens(stack: Stack, token: str, reason: str) -> None:
    now = datetime.now(UTC)
    tokens = {
        "forged": sign_user("not-the-secret", "u-42", now + timedelta(hours=1)),
        "expired": sign_user(IDENTITY_SECRET, "u-42", now - timedelta(seconds=1)),
        "garbage": "u-42",
    }
    user = stack.client(user=tokens[token])
    answer = await user.open()
    assert (answer["type"], answer["code"]) == ("error", "identity")
    assert reason in answer["detail"]
    await user.close()
    assert user.close_code == 4001


async def test_verified_user_joins_their_existing_customer_record(stack: Stack) -> None:
    now = datetime.now(UTC)
    existing = "cust-known-from-email"
    async with stack.engine.begin() as conn:
        await conn.execute(
            customers.insert().values(
                id=existing, display_name="Ada", vip_tier="gold", language="en", created_at=now
            )
        )
        await conn.execute(
            identities.insert(),
            [
                {
                    "channel": "email",
                    "external_id": "ada@example.com",
                    "customer_id": existing,
                    "display_name": "Ada",
                    "created_at": now,
                },
                {
                    "channel": "account",
                    "external_id": "u-42",
                    "customer_id": existing,
                    "display_name": "Ada",
                    "created_at": now,
                },
            ],
        )
    token = sign_user(IDENTITY_SECRET, "u-42", now + timedelta(minutes=10))
    conversations = []
    for text in ("First chat from my laptop", "Second chat from my phone"):
        user = stack.client(user=token)
        assert (await user.open())["verified"] is True
        cid = await user.say(text)
        conversations.append((await user.wait_for(of_type("stored", id=cid)))["conversation_id"])
        await user.close()
    owners = await rows(
        stack.engine,
        "SELECT DISTINCT customer_id FROM conversations WHERE channel = 'webchat'",
    )
    assert [o.customer_id for o in owners] == [existing]
    assert conversations[0] == conversations[1]  # one chat thread per verified user


async def test_rating_is_stored_on_the_conversation(stack: Stack) -> None:
    visitor = stack.client()
    await visitor.open()
    cid = await visitor.say("Thanks, all solved")
    conversation = (await visitor.wait_for(of_type("stored", id=cid)))["conversation_id"]
    await visitor.send({"type": "end"})
    await visitor.wait_for(of_type("status", status="ended"))
    rate = {"type": "rate", "conversation_id": conversation, "rating": 4, "comment": "quick"}
    await visitor.send(rate)
    await visitor.wait_for(of_type("rated"))
    await visitor.send({**rate, "rating": 5})  # changing one's mind replaces the rating
    await visitor.wait_for(of_type("rated", rating=5))
    async with stack.engine.connect() as conn:
        found = (await conn.execute(select(conversation_ratings))).all()
    assert [(r.conversation_id, r.rating, r.comment) for r in found] == [(conversation, 5, "quick")]
    await visitor.send({**rate, "conversation_id": "someone-elses"})
    assert (await visitor.wait_for(of_type("error")))["code"] == "not_found"
    await visitor.close()


async def test_queue_position_moves_as_others_are_served(stack: Stack) -> None:
    queues = Queues(stack.redis, stack.keys)
    ahead = [f"conv-ahead-{i}" for i in range(3)]
    queue = stack.settings.default_queue
    async with stack.redis.pipeline(transaction=False) as pipe:
        await queues.place(pipe, [Placement(c, queue, 50, 1_000 + i) for i, c in enumerate(ahead)])
        await pipe.execute()
    visitor = stack.client()
    await visitor.open()
    await visitor.say("Where is my withdrawal?")
    first = await visitor.wait_for(of_type("queue", position=4))
    assert first["wait_s"] > 0
    assert first["measured"] is False
    for conversation in ahead[:2]:
        await queues.remove(conversation)
        await asyncio.sleep(0.5)
    second = await visitor.wait_for(of_type("queue", position=2))
    assert second["measured"] is True  # from the pace just seen, not the assumption
    await visitor.close()


async def test_offline_takes_a_message_and_an_email(
    settings: Settings, redis: Redis, host_origin: str
) -> None:
    closed_now = "mon-sun 00:00-00:01"  # open one minute a day: closed for this test
    configured = chat_settings(settings, host_origin, webchat_business_hours=closed_now)
    async with running_stack(configured, redis) as stack:
        visitor = stack.client()
        welcome = await visitor.open()
        assert (welcome["online"], welcome["offline_reason"]) == (False, "hours")
        await visitor.send({"type": "profile", "profile": {"email": "sam@example.com"}})
        await visitor.wait_for(of_type("profile"))
        cid = await visitor.say("Please call me back about my locked account")
        conversation = (await visitor.wait_for(of_type("stored", id=cid)))["conversation_id"]
        here = await stack.reply(conversation, "Looking at it now")
        await visitor.wait_for(of_type("message", id=here["id"]))
        await visitor.close()
        # Away now: the next answer goes by email as well, and waits in the chat's history.
        away = await stack.reply(conversation, "Your account is unlocked")
        mailed = await eventually_emailed(stack)
        assert [(m.recipient, m.text) for m in mailed] == [
            ("sam@example.com", "Your account is unlocked")
        ]
        back = await stack.client(visitor=visitor.visitor).open()
        assert back["history"][-1]["id"] == away["id"]
        customer = customer_id_for("webchat", "v:" + visitor.visitor.partition(".")[0])
        async with stack.engine.connect() as conn:
            contact = (await conn.execute(select(customer_contacts))).one()
            owner = await rows(stack.engine, "SELECT customer_id FROM conversations")
        assert (contact.customer_id, contact.email) == (customer, "sam@example.com")
        assert [o.customer_id for o in owner] == [customer]


async def eventually_emailed(stack: Stack) -> list[Outbound]:
    for _ in range(300):
        entries = await stack.redis.xrange(stack.keys.outbound("email"))
        if entries:
            return [decode(fields, Outbound) for _, fields in entries]
        await asyncio.sleep(0.05)
    pytest.fail("no email follow-up was queued")


async def test_rate_limit_per_visitor(settings: Settings, redis: Redis, host_origin: str) -> None:
    configured = chat_settings(settings, host_origin, webchat_messages_per_minute_per_visitor=3)
    async with running_stack(configured, redis) as stack:
        visitor = stack.client()
        await visitor.open()
        ids = [await visitor.say(f"message number {i}") for i in range(4)]
        refused = await visitor.wait_for(of_type("error", id=ids[3]))
        assert refused["code"] == "rate_limited"
        assert refused["retry_after"] > 0
        for cid in ids[:3]:
            await visitor.wait_for(of_type("ack", id=cid))
        await visitor.close()


async def test_new_client_ids_are_accepted_by_the_protocol() -> None:
    assert 8 <= len(new_client_id()) <= 64


async def test_attachments_upload_typed_limited_and_sent(
    settings: Settings, redis: Redis, host_origin: str
) -> None:
    configured = chat_settings(settings, host_origin, webchat_max_attachment_bytes=1000)
    async with running_stack(configured, redis) as stack:
        visitor = stack.client()
        await visitor.open()
        pdf = b"%PDF-1.4\n" + b"0" * 200
        async with httpx.AsyncClient(base_url=stack.base_url) as http:
            upload = "upload?name=statement.pdf"
            refused = await http.post(upload, content=pdf)
            assert refused.status_code == 401
            headers = {"x-visitor": visitor.visitor, "origin": host_origin}
            exe = await http.post(upload, content=b"MZ\x90\x00" * 10, headers=headers)
            assert (exe.status_code, exe.json()["code"]) == (415, "attachment_type")
            big = await http.post(upload, content=b"%PDF-" + b"0" * 2000, headers=headers)
            assert (big.status_code, big.json()["code"]) == (413, "attachment_size")
            stored = await http.post(upload, content=pdf, headers=headers)
            assert stored.status_code == 200
            assert stored.headers["access-control-allow-origin"] == host_origin
            item = stored.json()
            assert (item["content_type"], item["size"]) == ("application/pdf", len(pdf))
            back = await http.get(f"files/{item['ref']}")
            assert (back.content, back.headers["content-type"]) == (pdf, "application/pdf")
        cid = await visitor.say("", attachments=[item])
        await visitor.wait_for(of_type("stored", id=cid))
        forged = {**item, "ref": "sha256:" + "0" * 64}
        missing = await visitor.say("see attached", attachments=[forged])
        assert (await visitor.wait_for(of_type("error", id=missing)))["code"] == (
            "attachment_missing"
        )
        await visitor.close()
        history = await stack.client(visitor=visitor.visitor).open()
        assert history["history"][0]["attachments"][0]["filename"] == "statement.pdf"


async def test_offline_when_no_agent_is_online(
    settings: Settings, redis: Redis, host_origin: str
) -> None:
    configured = chat_settings(settings, host_origin, webchat_agent_presence_s=60)
    async with running_stack(configured, redis) as stack:
        visitor = stack.client()
        welcome = await visitor.open()
        assert (welcome["online"], welcome["offline_reason"]) == (False, "agents")
        await visitor.close()
        stale, fresh = (time.time() - 120) * 1000, time.time() * 1000
        online = agents_online_key(stack.keys)
        await stack.redis.zadd(online, {"agent-asleep": stale})
        assert (await stack.client().open())["online"] is False
        await stack.redis.zadd(online, {"agent-awake": fresh})
        assert (await stack.client().open())["online"] is True


async def test_an_agent_resolving_the_chat_asks_the_visitor_for_a_rating(stack: Stack) -> None:
    visitor = stack.client()
    await visitor.open()
    cid = await visitor.say("How do I enable 2FA?")
    conversation = (await visitor.wait_for(of_type("stored", id=cid)))["conversation_id"]
    # The inbox resolves it (its event; any event whose status is "resolved" counts).
    resolved = Event(type="conversation.resolved", conversation_id=conversation)
    await publish_events(stack.redis, stack.keys, [resolved], 1000)
    status = await visitor.wait_for(of_type("status", status="resolved"))
    assert status["conversation_id"] == conversation
    await visitor.close()
