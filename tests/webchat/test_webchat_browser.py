"""A visitor in real headless Chromium, on a host page with a strict CSP, chats with an
agent who answers through the API; the line drops mid-conversation and nothing is lost or
doubled; the queue position moves as others are served; the visitor rates the chat.
Screenshots go to test-artifacts/webchat/."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from browser import ARTIFACTS, CHROMIUM, chromium, host_page, tiny_png
from cutter import Cutter
from playwright.async_api import ConsoleMessage, Page, expect
from redis.asyncio import Redis
from sqlalchemy import select
from support.router import rows
from webchat_stack import IDENTITY_SECRET, Stack, chat_settings, running_stack

from connectors.webchat.identity import sign_user
from router.events import decode_event
from router.placement import Placement, Queues
from router.rules_decider import RulesDecider
from router.settings import DEFAULT_CONFIG_DIR, Settings
from router.store.schema import messages
from router.stream import text_of
from routing_rules import load

pytestmark = [
    pytest.mark.webchat,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

TIMEOUT_MS = 20_000
DEFAULT_RULES = DEFAULT_CONFIG_DIR / "rules.yaml"


def shipped_decider() -> RulesDecider:
    ruleset = load(DEFAULT_RULES.read_text(encoding="utf-8"), str(DEFAULT_RULES))
    return RulesDecider(lambda: ruleset)


async def eventually(check: Callable[[], Awaitable[Any]], what: str, within_s: float = 20) -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within_s
    while loop.time() < deadline:
        if result := await check():
            return result
        await asyncio.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


async def stored_texts(stack: Stack) -> list[str]:
    found = await rows(
        stack.engine,
        "SELECT text FROM messages WHERE channel = 'webchat' AND direction = 'in'",
    )
    return [r.text for r in found]


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


async def send(page: Page, text: str) -> None:
    await page.locator("switchboard-chat .input").fill(text)
    await page.locator("switchboard-chat .input").press("Enter")


def mine(page: Page, text: str) -> Any:
    return page.locator("switchboard-chat .msg.mine", has_text=text)


def watch_console(page: Page) -> list[str]:
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "WebSocket" not in message.text:
            problems.append(message.text)  # a CSP refusal is logged as an error

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    return problems


async def test_visitor_chats_survives_a_cut_waits_in_line_and_rates(
    settings: Settings, redis: Redis, host_port: int, host_origin: str
) -> None:
    configured = chat_settings(settings, host_origin)
    async with (
        running_stack(configured, redis, shipped_decider()) as stack,
        Cutter(configured.webchat_port) as cutter,
        host_page(host_port, f"http://127.0.0.1:{cutter.port}") as url,
        chromium() as browser,
    ):
        page = await browser.new_page(locale="en-US")
        page.set_default_timeout(TIMEOUT_MS)
        problems = watch_console(page)
        await page.goto(url)
        widget = page.locator("switchboard-chat")
        await expect(widget).to_have_attribute("data-state", "open")

        # The pre-chat form (all optional), then the first message and the rules' auto-reply.
        prechat = page.locator("switchboard-chat .prechat")
        await prechat.locator("input[name=name]").fill("Ada")
        await prechat.locator("input[name=email]").fill("ada@example.com")
        await prechat.locator("select[name=topic]").select_option("Withdrawals")
        await prechat.locator("button").click()
        await send(page, "My withdrawal has been pending for two hours")
        first = mine(page, "My withdrawal has been pending")
        await expect(first.locator(".state")).to_have_attribute("data-state", "stored")
        bot = page.locator("switchboard-chat .msg.bot")
        await expect(bot).to_contain_text("Thanks for contacting us")
        # The host page's hostile CSS does not reach into the widget.
        size = await first.locator(".text").evaluate("e => getComputedStyle(e).fontSize")
        assert size != "40px"
        await shot(page, "1-first-message")

        # Others wait ahead in the same queue; as they are served, the position moves.
        conversation = (await rows(stack.engine, "SELECT id, queue FROM conversations"))[0]
        queues = Queues(stack.redis, stack.keys)
        ahead = [f"earlier-{i}" for i in range(3)]
        placed = [Placement(c, conversation.queue, 100, 1_000 + i) for i, c in enumerate(ahead)]
        async with stack.redis.pipeline(transaction=False) as pipe:
            await queues.place(pipe, placed)
            await pipe.execute()
        banner = page.locator("switchboard-chat .queue")
        await expect(banner).to_have_attribute("data-position", "4")
        await expect(banner).to_contain_text("number 4 in line")
        await shot(page, "2-queue-position-4")
        for served in ahead[:2]:
            await queues.remove(served)
            await asyncio.sleep(0.4)
        await expect(banner).to_have_attribute("data-position", "2")
        await expect(banner).to_contain_text("Estimated wait")
        await shot(page, "3-queue-position-2")

        # The agent takes it: typing, a reply, a read receipt; the visitor's typing is an event.
        await queues.remove(ahead[2])
        await queues.remove(conversation.id)
        await expect(banner).to_have_attribute("data-position", "0")
        assert (
            await stack.api.post(f"/api/conversations/{conversation.id}/typing", json={})
        ).status_code == 204
        await expect(page.locator("switchboard-chat .typing")).to_be_visible()
        hostile = 'Can you share the transaction id? <img src=x onerror="document.title=1">'
        await stack.reply(conversation.id, hostile)
        agent = page.locator("switchboard-chat .msg.agent")
        await expect(agent.locator(".text")).to_have_text(hostile)  # shown as text, never markup
        await expect(agent.locator("img")).to_have_count(0)
        await stack.api.post(f"/api/conversations/{conversation.id}/read", json={})
        await expect(first.locator(".state")).to_have_attribute("data-state", "read")
        await eventually(lambda: visitor_event(stack, "conversation.read"), "a read receipt")
        await page.locator("switchboard-chat .input").type("Sure")
        await eventually(lambda: visitor_event(stack, "conversation.typing"), "a typing event")
        await page.locator("switchboard-chat .input").fill("")

        # The line drops just after a message reached the server but before its ack came
        # back; another is written while offline; the agent answers meanwhile.
        cutter.swallow_replies()
        await send(page, "Message sent as the line drops")
        await eventually(
            lambda: has_text(stack, "Message sent as the line drops"), "the server to store it"
        )
        lost_ack = mine(page, "Message sent as the line drops")
        await expect(lost_ack.locator(".state")).to_have_attribute("data-state", "sending")
        cutter.cut()
        await expect(widget).to_have_attribute("data-state", "reconnecting")
        await send(page, "Message written while offline")
        await stack.reply(conversation.id, "Reply while you were away")
        await shot(page, "4-offline")
        await asyncio.sleep(1.0)
        cutter.restore()
        await expect(widget).to_have_attribute("data-state", "open")
        for text in ("Message sent as the line drops", "Message written while offline"):
            await expect(mine(page, text).locator(".state")).to_have_attribute(
                "data-state", "stored"
            )
        await expect(page.locator("switchboard-chat .msg.agent")).to_have_count(2)
        await shot(page, "5-reconnected")
        await stack.router.drain()
        assert Counter(await stored_texts(stack)) == Counter(
            [
                "My withdrawal has been pending for two hours",
                "Message sent as the line drops",
                "Message written while offline",
            ]
        )
        shown = await page.locator("switchboard-chat .msg").evaluate_all(
            "ns => ns.map(n => n.getAttribute('data-id'))"
        )
        assert len(shown) == len(set(shown)) == 6  # 3 visitor, 1 automatic, 2 agent

        # An image, uploaded and shown.
        await page.locator("switchboard-chat .file").set_input_files(
            files=[{"name": "receipt.png", "mimeType": "image/png", "buffer": tiny_png()}]
        )
        await expect(page.locator("switchboard-chat .msg.mine img.image")).to_be_visible()
        attached = await eventually(lambda: attachments(stack), "the attachment to be stored")
        assert attached[0]["content_type"] == "image/png"

        # After the chat: a rating.
        await page.locator("switchboard-chat .end").click()
        rating = page.locator("switchboard-chat .rating")
        await rating.locator(".star").nth(3).click()
        await rating.locator("textarea").fill("Quick and clear")
        await rating.locator("button.primary").click()
        await expect(rating).to_contain_text("Thank you")
        await shot(page, "6-rated")
        stored = await eventually(lambda: ratings(stack), "the rating to be stored")
        assert [(r.conversation_id, r.rating, r.comment) for r in stored] == [
            (conversation.id, 4, "Quick and clear")
        ]
        assert cutter.connections >= 2
        assert problems == []  # no CSP refusals, no script errors


async def visitor_event(stack: Stack, kind: str) -> bool:
    """Whether the visitor's side published an event of ``kind`` for the inbox."""
    entries = await stack.redis.xrange(stack.keys.events)
    return any(
        text_of(f[b"type"]) == kind and decode_event(f).data.get("by") == "customer"
        for _, f in entries
    )


async def has_text(stack: Stack, text: str) -> bool:
    return text in await stored_texts(stack)


async def attachments(stack: Stack) -> list[dict[str, Any]]:
    query = select(messages.c.attachments).where(messages.c.direction == "in")
    async with stack.engine.connect() as conn:
        found = (await conn.execute(query)).scalars().all()
    return [a for listed in found for a in listed]


async def ratings(stack: Stack) -> list[Any]:
    return await rows(stack.engine, "SELECT * FROM conversation_ratings")


async def test_verified_visitor_in_the_browser_and_a_forged_token_refused(
    settings: Settings, redis: Redis, host_port: int, host_origin: str
) -> None:
    configured = chat_settings(settings, host_origin)
    good = sign_user(IDENTITY_SECRET, "u-7", datetime.now(UTC) + timedelta(hours=1))
    forged = good[:-4] + ("0000" if not good.endswith("0000") else "1111")
    async with running_stack(configured, redis) as stack, chromium() as browser:
        widget_base = f"http://127.0.0.1:{configured.webchat_port}"
        async with host_page(host_port, widget_base, user_token=forged) as url:
            page = await browser.new_page()
            await page.goto(url)
            await expect(page.locator("switchboard-chat")).to_have_attribute(
                "data-state", "refused", timeout=TIMEOUT_MS
            )
            await expect(page.locator("switchboard-chat .notice")).to_contain_text("verify")
            await page.close()
        async with host_page(host_port, widget_base, user_token=good) as url:
            page = await browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(url)
            await page.locator("switchboard-chat .prechat button").click()
            await send(page, "Hello from a verified account")
            await expect(mine(page, "verified account").locator(".state")).to_have_attribute(
                "data-state", "stored"
            )
        owners = await rows(stack.engine, "SELECT customer_id FROM conversations")
        linked = await rows(
            stack.engine, "SELECT customer_id FROM identities WHERE channel = 'account'"
        )
        assert [o.customer_id for o in owners] == [linked[0].customer_id]


def test_artifacts_folder_is_git_ignored() -> None:
    ignore = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    assert "test-artifacts/" in ignore.split()


async def test_offline_widget_takes_a_message_and_an_email_in_german(
    settings: Settings, redis: Redis, host_port: int, host_origin: str
) -> None:
    configured = chat_settings(settings, host_origin, webchat_business_hours="mon-sun 00:00-00:01")
    async with running_stack(configured, redis) as stack, chromium() as browser:
        widget_base = f"http://127.0.0.1:{configured.webchat_port}"
        async with host_page(host_port, widget_base) as url:
            page = await browser.new_page(locale="de-DE")
            page.set_default_timeout(TIMEOUT_MS)
            await page.goto(url)
            offline = page.locator("switchboard-chat .offline")
            await expect(offline).to_contain_text("Wir sind offline")
            await expect(offline).to_contain_text("außerhalb der Geschäftszeiten")
            await offline.locator("textarea").fill(
                "Bitte rufen Sie mich wegen meiner Auszahlung an"
            )
            await offline.locator("button.primary").click()
            # Without an email the browser's own validation keeps the form from sending.
            await expect(offline.locator("input[name=email]:invalid")).to_have_count(1)
            await offline.locator("input[name=email]").fill("kim@example.com")
            await offline.locator("button.primary").click()
            await expect(offline).to_contain_text("Danke")
            await shot(page, "7-offline-de")
        texts = await eventually(lambda: stored_texts(stack), "the offline message")
        assert texts == ["Bitte rufen Sie mich wegen meiner Auszahlung an"]
        contacts = await rows(stack.engine, "SELECT email FROM customer_contacts")
        assert [c.email for c in contacts] == ["kim@example.com"]
