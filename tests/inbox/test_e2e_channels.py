"""The whole path in real headless Chromium, every channel that exists at once.

An agent with the right skills signs in and goes online through the inbox's own presence
heartbeat. A visitor writes through the web chat widget on a host page, and a message
arrives on the log channel; both appear live in the right queue. The agent takes the web
chat with "Take next" (the real dispatch endpoint), sees the visitor typing, replies while
the visitor sees the agent typing, and the reply appears in the widget; the log channel's
conversation is answered and its reply reaches the log connector's file.

The running pieces are the ones the web chat and inbox tests use: ``running_stack``
(router on real Redis and SQL, API under uvicorn, web chat server), the host page and
Chromium from ``tests/webchat/browser.py``, plus the log connector. Screenshots go to
``test-artifacts/inbox/e2e-<store>/`` (git-ignored).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from inbox_seeding import seed_conversation
from playwright.async_api import ConsoleMessage, Page, Response, expect
from redis.asyncio import Redis
from sqlalchemy import insert
from support.auth import PASSWORD, add_agent
from support.router import rows
from webchat.browser import CHROMIUM, chromium, host_page
from webchat.webchat_stack import Stack, chat_settings, running_stack

from router.classify.classifier import Classifier
from router.cli.processes import run_log_connectors
from router.models import Message, Sender
from router.redis_server import free_port
from router.rules_decider import RulesDecider
from router.services import run_dispatcher
from router.settings import DEFAULT_CONFIG_DIR, Settings
from router.store.schema import identities
from router.understanding import ClassifierUnderstand
from routing_rules import load

pytestmark = [
    pytest.mark.inbox,
    pytest.mark.timeout(240),
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "inbox"
TIMEOUT_MS = 20_000
SKILLS = ["withdrawals", "deposits", "account_access", "kyc", "trading"]
CHAT_TEXT = "My withdrawal of 0.2 BTC has been pending for two hours"
LOG_TEXT = "My deposit of 500 USDT has not arrived in my account after 3 hours"


@pytest.fixture(scope="module")
def decider(models_dir: Path) -> RulesDecider:
    """The shipped rules and the real classifiers, as in production."""
    path = DEFAULT_CONFIG_DIR / "rules.yaml"
    rules = load(path.read_text(encoding="utf-8"), str(path))
    classifier = Classifier.load(DEFAULT_CONFIG_DIR, models_dir)
    return RulesDecider(lambda: rules, ClassifierUnderstand(classifier))


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    folder = ARTIFACTS / request.node.name.removeprefix("test_")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@contextlib.asynccontextmanager
async def log_connector(settings: Settings) -> AsyncIterator[Path]:
    stop = asyncio.Event()
    task = asyncio.create_task(run_log_connectors(settings, stop, ("log",)))
    try:
        yield settings.data_dir / "log-channel.jsonl"
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)


def log_message(text: str) -> Message:
    now = datetime.now(UTC)
    return Message(
        channel="log",
        external_id="e2e-log-1",
        thread_key="e2e-log-thread-1",
        sender=Sender(external_id="e2e-log-customer", display_name="Bob Builder"),
        text=text,
        sent_at=now,
        received_at=now,
    )


async def eventually(check: Any, what: str, within_s: float = 20) -> Any:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if found := await check():
            return found
        await asyncio.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


async def sent_line(path: Path, needle: str) -> dict[str, Any] | None:
    if not await asyncio.to_thread(path.exists):
        return None
    for line in (await asyncio.to_thread(path.read_text, encoding="utf-8")).splitlines():
        record: dict[str, Any] = json.loads(line)
        if needle in str(record.get("text", "")):
            return record
    return None


async def presence_of(stack: Stack, email: str) -> str:
    answer = await stack.api.get("/api/agents")  # the supervisor's view of dispatch
    assert answer.status_code == 200, answer.text
    return str(next(a["presence"] for a in answer.json() if a["email"] == email))


async def queue_of(stack: Stack, channel: str) -> str:
    found = await rows(stack.engine, f"SELECT queue FROM conversations WHERE channel = '{channel}'")
    return str(found[0].queue) if found else ""


# Expected refusals: the inbox asks for its session before sign-in; no site has a favicon.
EXPECTED_FAILURES = (("/api/session", 401), ("/favicon.ico", 404))


def watch(page: Page) -> list[str]:
    """Script errors, console errors (a CSP refusal is one) and failed requests."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    def on_console(message: ConsoleMessage) -> None:
        # A failed request is also logged; it is judged below, with its address.
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    def on_response(response: Response) -> None:
        path = urlsplit(response.url).path
        if response.status >= 400 and (path, response.status) not in EXPECTED_FAILURES:
            problems.append(f"{response.status} {response.request.method} {path}")

    page.on("console", on_console)
    page.on("response", on_response)
    return problems


async def sign_in(page: Page, base: str, email: str) -> None:
    await page.goto(f"{base}/inbox")
    await page.fill("#signin-email", email)
    await page.fill("#signin-password", PASSWORD)
    await page.press("#signin-password", "Enter")
    await expect(page.locator("#app")).to_be_visible()
    await expect(page.locator("#live.on")).to_be_visible()


async def test_web_chat_and_log_channel_live_take_next_typing_and_replies(
    settings: Settings,
    redis: Redis,
    decider: RulesDecider,
    artifacts: Path,
) -> None:
    host_port = free_port()
    configured = chat_settings(settings, f"http://localhost:{host_port}")
    widget_base = f"http://127.0.0.1:{configured.webchat_port}"
    inbox_base = f"http://127.0.0.1:{configured.web_port}"
    async with (
        running_stack(configured, redis, decider) as stack,
        log_connector(configured) as log_file,
        host_page(host_port, widget_base) as host_url,
        chromium() as browser,
    ):
        amy = await add_agent(stack.engine, "amy@example.com", name="Amy", skills=SKILLS)

        # The agent signs in; the page's heartbeat makes her online for dispatch.
        agent_ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
        agent = await agent_ctx.new_page()
        agent.set_default_timeout(TIMEOUT_MS)
        agent_problems = watch(agent)
        assert await presence_of(stack, "amy@example.com") == "offline"
        await sign_in(agent, inbox_base, "amy@example.com")
        await eventually(
            lambda: _is(presence_of(stack, "amy@example.com"), "online"), "Amy to be online"
        )
        await agent.evaluate("window.__same_page = 42")

        # A visitor writes through the widget; a customer writes on the log channel.
        visitor_ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
        visitor = await visitor_ctx.new_page()
        visitor.set_default_timeout(TIMEOUT_MS)
        visitor_problems = watch(visitor)
        await visitor.goto(host_url)
        prechat = visitor.locator("switchboard-chat .prechat")
        await prechat.locator("input[name=name]").fill("Ada Lovelace")
        await prechat.locator("button").click()
        await visitor.locator("switchboard-chat .input").fill(CHAT_TEXT)
        await visitor.locator("switchboard-chat .input").press("Enter")
        await expect(
            visitor.locator("switchboard-chat .msg.mine", has_text=CHAT_TEXT).locator(".state")
        ).to_have_attribute("data-state", "stored")
        await stack.router.publish([log_message(LOG_TEXT)])
        await stack.router.drain()

        # Both appear live, each in the queue its rules chose, without a reload.
        assert await queue_of(stack, "webchat") == "withdrawals"
        assert await queue_of(stack, "log") == "deposits"
        chat_item = agent.locator(".item", has_text="Ada Lovelace")
        log_item = agent.locator(".item", has_text="Bob Builder")
        await expect(chat_item).to_contain_text("webchat · withdrawals")
        await expect(log_item).to_contain_text("log · deposits")
        await expect(agent.locator("[data-queue=withdrawals]")).to_have_text("withdrawals (1)")
        assert await agent.evaluate("window.__same_page") == 42
        await agent.screenshot(path=str(artifacts / "1-both-channels-live.png"))

        # Offline, "Take next" is refused (dispatch gives work to present agents only).
        take = agent.locator("#queues li").filter(has=agent.locator("[data-queue=withdrawals]"))
        await agent.select_option("#presence", "offline")
        await eventually(
            lambda: _is(presence_of(stack, "amy@example.com"), "offline"), "Amy to be offline"
        )
        await take.locator("button.take").click()
        await expect(agent.locator("#action-status")).to_contain_text("You are offline")
        agent_problems.remove("409 POST /api/queues/withdrawals/take")  # that refusal
        await agent.select_option("#presence", "online")
        await eventually(
            lambda: _is(presence_of(stack, "amy@example.com"), "online"), "Amy back online"
        )

        # "Take next" on the withdrawals queue: dispatch assigns it to her, it opens, and it
        # is hers in "Mine"; the log channel's conversation is not.
        await take.locator("button.take").click()
        await expect(agent.locator("#action-status")).to_have_text("Taken from withdrawals.")
        await expect(agent.locator("#detail")).to_be_visible()
        await expect(agent.locator("#c-title")).to_have_text("Ada Lovelace")
        [chat] = await rows(
            stack.engine, "SELECT id, assignee_id FROM conversations WHERE channel = 'webchat'"
        )
        assert chat.assignee_id == amy
        await expect(agent.locator("[data-queue=withdrawals]")).to_have_text("withdrawals (0)")
        await agent.click(".view[data-view=mine]")
        await expect(agent.locator("#list .item")).to_have_count(1)
        await expect(agent.locator("#list .item")).to_contain_text("Ada Lovelace")
        again = agent.locator("#queues li").filter(has=agent.locator("[data-queue=withdrawals]"))
        await again.locator("button.take").click()
        await expect(agent.locator("#action-status")).to_have_text(
            "Nothing in withdrawals for you right now."
        )

        # The visitor types: the agent sees it in the conversation view, live.
        chat_input = visitor.locator("switchboard-chat .input")
        await chat_input.press_sequentially("Are you still")
        await expect(agent.locator("#c-typing")).to_be_visible()
        await expect(agent.locator("#c-typing")).to_have_text("Customer is typing…")
        await agent.screenshot(path=str(artifacts / "2-taken-visitor-typing.png"))
        await chat_input.fill("")
        await expect(agent.locator("#c-typing")).to_be_hidden(timeout=15_000)

        # The agent types: the visitor sees it; the reply reaches the widget.
        reply = "Hi Ada, your withdrawal is being checked now."
        await agent.locator("#reply").press_sequentially("Hi Ada, ")
        await expect(visitor.locator("switchboard-chat .typing")).to_be_visible()
        await visitor.screenshot(path=str(artifacts / "3-visitor-sees-agent-typing.png"))
        await agent.fill("#reply", reply)
        await agent.keyboard.press("Control+Enter")
        await expect(agent.locator("#send-status")).to_have_text("Reply queued for delivery.")
        answer = visitor.locator("switchboard-chat .msg.agent")
        await expect(answer.locator(".text")).to_have_text(reply)
        await expect(agent.locator(".message-out", has_text="being checked")).to_be_visible()
        await visitor.screenshot(path=str(artifacts / "4-visitor-got-the-reply.png"))

        # The log channel's conversation, from the queue view: its reply reaches the file.
        await agent.click(".view[data-view=queues]")
        await agent.locator(".item", has_text="Bob Builder").click()
        await expect(agent.locator("#c-title")).to_have_text("Bob Builder")
        await agent.fill("#reply", "Hi Bob, your deposit is on its way.")
        await agent.click("#send")
        await expect(agent.locator("#send-status")).to_have_text("Reply queued for delivery.")
        sent = await eventually(
            lambda: sent_line(log_file, "your deposit is on its way"), "the log channel's file"
        )
        assert (sent["recipient"], sent["thread_key"]) == ("e2e-log-customer", "e2e-log-thread-1")
        await agent.screenshot(path=str(artifacts / "5-log-reply-sent.png"), full_page=True)

        assert await agent.evaluate("window.__same_page") == 42
        assert agent_problems == []
        assert visitor_problems == []
        await visitor_ctx.close()
        await agent_ctx.close()


async def _is(value: Any, expected: object) -> bool:
    return bool(await value == expected)


async def test_agent_replies_on_another_channel_of_the_same_customer(
    settings: Settings, redis: Redis, artifacts: Path
) -> None:
    """A verified web chat user who is also known on the log channel: the agent picks
    "log" in the composer and the reply goes there, to that identity, and says so."""
    configured = chat_settings(settings, f"http://localhost:{free_port()}")
    inbox_base = f"http://127.0.0.1:{configured.web_port}"
    async with (
        running_stack(configured, redis) as stack,
        log_connector(configured) as log_file,
        chromium() as browser,
    ):
        seeded = await seed_conversation(
            stack.engine, "visitor-9", channel="webchat", name="Grace Hopper", queue="general"
        )
        async with stack.engine.begin() as conn:
            await conn.execute(
                insert(identities),
                [
                    {"channel": c, "external_id": e, "customer_id": seeded.customer_id}
                    | {"created_at": datetime.now(UTC)}
                    for c, e in (("account", "u-9"), ("log", "grace-on-log"))
                ],
            )
        await add_agent(stack.engine, "amy@example.com", name="Amy")
        context = await browser.new_context(viewport={"width": 1280, "height": 720})
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        problems = watch(page)
        await sign_in(page, inbox_base, "amy@example.com")
        await page.locator(".item", has_text="Grace Hopper").click()
        await expect(page.locator("#c-title")).to_have_text("Grace Hopper")
        picker = page.locator("#reply-channel")
        await expect(picker).to_be_visible()
        options = await picker.locator("option").evaluate_all("os => os.map(o => o.value)")
        assert options == ["webchat", "log"]  # the user id ("account") is no channel
        await picker.select_option("log")
        await page.fill("#reply", "Grace, we answer you here as well.")
        await page.click("#send")
        await expect(page.locator("#send-status")).to_have_text("Reply queued for delivery.")
        sent = await eventually(
            lambda: sent_line(log_file, "we answer you here as well"), "the log channel's file"
        )
        assert sent["recipient"] == "grace-on-log"
        out = page.locator(".message-out", has_text="we answer you here")
        await expect(out.locator(".message-head")).to_contain_text("Reply · log")
        assert await page.locator("#reply-channel").input_value() == "log"  # kept after refresh
        await page.screenshot(path=str(artifacts / "reply-on-log.png"), full_page=True)
        stored = await rows(stack.engine, "SELECT channel FROM messages WHERE direction = 'out'")
        assert [r.channel for r in stored] == ["log"]
        assert problems == []
        await context.close()


@contextlib.asynccontextmanager
async def dispatcher(settings: Settings) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(run_dispatcher(settings, stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)


async def test_dispatcher_offers_a_web_chat_the_agent_accepts_it_and_answers(
    settings: Settings, redis: Redis, decider: RulesDecider, artifacts: Path
) -> None:
    """With a dispatcher running in offer mode: the offer shows up live in the inbox, the
    agent accepts it, it is hers in "Mine", and her reply reaches the widget."""
    host_port = free_port()
    configured = chat_settings(
        settings,
        f"http://localhost:{host_port}",
        dispatch_auto_accept=False,
        dispatch_tick_s=0.2,
    )
    widget_base = f"http://127.0.0.1:{configured.webchat_port}"
    async with (
        running_stack(configured, redis, decider) as stack,
        dispatcher(configured),
        host_page(host_port, widget_base) as host_url,
        chromium() as browser,
    ):
        amy = await add_agent(stack.engine, "amy@example.com", name="Amy", skills=SKILLS)
        agent_ctx = await browser.new_context(viewport={"width": 1280, "height": 720})
        agent = await agent_ctx.new_page()
        agent.set_default_timeout(TIMEOUT_MS)
        problems = watch(agent)
        await sign_in(agent, f"http://127.0.0.1:{configured.web_port}", "amy@example.com")
        await eventually(
            lambda: _is(presence_of(stack, "amy@example.com"), "online"), "Amy to be online"
        )
        await agent.click(".view[data-view=mine]")
        await expect(agent.locator("#list-empty")).to_be_visible()

        visitor = await browser.new_page()
        visitor.set_default_timeout(TIMEOUT_MS)
        await visitor.goto(host_url)
        prechat = visitor.locator("switchboard-chat .prechat")
        await prechat.locator("input[name=name]").fill("Ada Lovelace")
        await prechat.locator("button").click()
        await visitor.locator("switchboard-chat .input").fill(CHAT_TEXT)
        await visitor.locator("switchboard-chat .input").press("Enter")

        offer = agent.locator("#offers li", has_text="withdrawals · webchat")
        await expect(offer).to_be_visible(timeout=10_000)  # live: before the next heartbeat
        await agent.screenshot(path=str(artifacts / "1-offered.png"))
        await offer.locator("button", has_text="Accept").click()
        await expect(agent.locator("#c-title")).to_have_text("Ada Lovelace")
        await expect(agent.locator("#list .item", has_text="Ada Lovelace")).to_be_visible()
        await expect(agent.locator("#offers-box")).to_be_hidden()
        [chat] = await rows(stack.engine, "SELECT assignee_id FROM conversations")
        assert chat.assignee_id == amy

        await agent.fill("#reply", "Hi Ada, I have your withdrawal in front of me.")
        await agent.keyboard.press("Control+Enter")
        answer = visitor.locator("switchboard-chat .msg.agent .text")
        await expect(answer).to_have_text("Hi Ada, I have your withdrawal in front of me.")
        await agent.screenshot(path=str(artifacts / "2-accepted-and-answered.png"))
        assert problems == []
        await agent_ctx.close()
