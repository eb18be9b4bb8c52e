"""Replay against traffic the real pipeline stored with the rules decider.

The same rules that decided live must replay to "nothing changes": that holds only if
replay rebuilds the facts (classification, new or follow-up, the conversation's queue)
and maps the outcome (stay, spam) exactly as the live router did.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
import pytest_asyncio
from redis.asyncio import Redis
from rulesets_support import rules_text
from sqlalchemy.ext.asyncio import AsyncEngine
from support.messages import T0, inbound
from support.router import RouterHarness

from router.decide import ConversationContext
from router.models import Classification, Message
from router.replay import replay
from router.rules_decider import RulesDecider, Understanding
from router.rulesets import RulesetHolder
from router.settings import Settings
from routing_rules import load

pytestmark = pytest.mark.rules

LIVE = rules_text().replace(
    "rules:\n",
    "rules:\n  - name: follow-ups-stay\n    when: {conversation.is_new: false}\n"
    "    then: {stay: true}\n",
)
SINCE, UNTIL = T0 - timedelta(days=1), T0 + timedelta(days=1)


def by_keyword(message: Message, context: ConversationContext) -> Understanding:
    """A stand-in classifier: the topic is named in the text."""
    text = message.text
    topic = "withdrawal" if "withdrawal" in text else "account_takeover" if "hacked" in text else ""
    classification = Classification(
        language="en", language_confidence=0.9, topic=topic or "general", topic_confidence=0.9
    )
    return Understanding(classification, message)


@pytest_asyncio.fixture
async def routed(settings: Settings, redis: Redis, engine: AsyncEngine) -> AsyncIterator[None]:
    holder = RulesetHolder(load(LIVE, "live.yaml"))
    decider = RulesDecider(lambda: holder.current, by_keyword)
    async with RouterHarness(settings, redis, engine, decider) as router:
        await router.publish(
            [
                inbound(1, thread="a", sender="ann", text="my withdrawal is stuck"),
                inbound(2, thread="b", sender="bob", text="I was hacked"),
                inbound(3, thread="c", sender="cy", text="how do fees work?"),
            ]
        )
        await router.drain()
        await router.publish([inbound(4, thread="a", sender="ann", text="any news?")])
        await router.drain()
    yield


@pytest.mark.usefixtures("routed")
async def test_the_live_rules_replay_to_no_change(engine: AsyncEngine) -> None:
    report = await replay(engine, load(LIVE, "live.yaml"), SINCE, UNTIL)
    assert (report.total, report.unchanged, report.moves, report.priority_changes) == (4, 4, (), ())


@pytest.mark.usefixtures("routed")
async def test_dropping_the_stay_rule_moves_the_follow_up_too(engine: AsyncEngine) -> None:
    report = await replay(engine, load(rules_text("payments"), "c.yaml"), SINCE, UNTIL)
    moves = {(m.from_queue, m.to_queue): m.count for m in report.moves}
    # the first message goes to the new queue; its follow-up ("any news?") now to general
    assert moves == {("withdrawals", "payments"): 1, ("withdrawals", "general"): 1}
    assert report.unchanged == 2
