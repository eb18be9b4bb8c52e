"""A customer pastes a seed phrase and a password: nobody downstream ever sees them.

The real router pieces (classifier, shipped rules, pipeline, store, events, outbound
stream, API) on real Redis and both stores; then every place the text could have
leaked to is searched for the secret words.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from mnemonic import Mnemonic
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine
from support.auth import signed_in_admin
from support.messages import inbound
from support.router import RouterHarness, rows

from router.api.app import create_app
from router.classify.classifier import Classifier
from router.keys import Keys
from router.models import conversation_id_for
from router.rules_decider import RulesDecider
from router.settings import DEFAULT_CONFIG_DIR, Settings
from router.understanding import ClassifierUnderstand
from routing_rules import Ruleset

pytestmark = [pytest.mark.pipeline, pytest.mark.classify, pytest.mark.timeout(300)]

PHRASE = Mnemonic("english").to_mnemonic(bytes(range(16)))  # a valid 12-word phrase
PASSWORD = "Tr0ub4dor&3xyz"


@pytest.fixture(scope="module")
def classifier(models_dir: Path) -> Classifier:
    return Classifier.load(DEFAULT_CONFIG_DIR, models_dir)


def leaks(blob: str) -> list[str]:
    """The secret words that survive in ``blob`` (in sequence, or the password)."""
    found = [PASSWORD] if PASSWORD in blob else []
    words = PHRASE.split()
    runs = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    return found + [r for r in runs if r in blob]


async def test_secrets_are_redacted_before_anything_keeps_them(
    settings: Settings,
    redis: Redis,
    engine: AsyncEngine,
    classifier: Classifier,
    shipped_rules: Ruleset,
    capsys: pytest.CaptureFixture[str],
) -> None:
    decider = RulesDecider(lambda: shipped_rules, ClassifierUnderstand(classifier))
    pasted = replace(
        inbound(
            1,
            channel="telegram",
            text=f"support asked me to verify my wallet: {PHRASE}. my password is {PASSWORD}",
        ),
        html=f"<p>{PHRASE}</p>",
        language_hints=("en",),
    )
    async with RouterHarness(settings, redis, engine, decider=decider) as router:
        await router.publish([pasted])
        await router.drain()

    stored = await rows(engine, "select text, subject, html from messages where direction = 'in'")
    assert "[redacted: seed phrase]" in stored[0].text
    assert "[redacted: password]" in stored[0].text
    assert stored[0].html == ""

    everything = json.dumps(
        [
            [str(v) for v in r]
            for table in ("messages", "decisions", "conversations", "customers")
            for r in await rows(engine, f"select * from {table}")
        ]
    )
    keys = Keys(settings.key_prefix)
    redis_dump = repr(
        [await redis.xrange(keys.events), await redis.xrange(keys.outbound("telegram"))]
    )
    conversation = conversation_id_for("telegram", "thread-1", 0)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://t") as client,
    ):
        await signed_in_admin(client, engine)
        api = (await client.get(f"/api/conversations/{conversation}")).text
    logs = capsys.readouterr()

    for place, blob in [
        ("database", everything),
        ("redis", redis_dump),
        ("api", api),
        ("logs", logs.out + logs.err),
    ]:
        assert leaks(blob) == [], place

    detail = json.loads(api)
    assert detail["conversation"]["queue"] == "security"
    assert "secret-exposed" in detail["conversation"]["tags"]
    replies = [m for m in detail["messages"] if m["direction"] == "out"]
    assert any("seed" in m["text"].lower() or "recovery" in m["text"].lower() for m in replies)
