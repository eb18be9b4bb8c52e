"""The shipped config/rules.yaml: sample decisions a crypto-exchange desk expects."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routing_rules import (
    ConversationFacts,
    CustomerFacts,
    Facts,
    InvalidInput,
    MessageFacts,
    Outcome,
    Ruleset,
    evaluate,
    facts_from_mapping,
    load,
)

pytestmark = pytest.mark.rules

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
TOPICS = [
    "account_access",
    "security",
    "deposit",
    "withdrawal",
    "kyc",
    "trading",
    "fees",
    "api",
    "p2p",
    "general",
]
LANGUAGES = ["en", "zh", "ko", "ja", "ru", "es", "fr", "vi", "tr", "pt", "id", "de", "ar"]


@pytest.fixture(scope="module")
def shipped() -> Ruleset:
    path = Path(__file__).parents[3] / "config" / "rules.yaml"
    return load(path.read_text(), "config/rules.yaml")


def facts(
    channel: str = "email",
    language: str = "en",
    topic: str = "general",
    confidence: float = 0.9,
    **parts: Any,
) -> Facts:
    return Facts(
        channel=channel,
        language=language,
        language_confidence=0.95,
        topic=topic,
        topic_confidence=confidence,
        **parts,
    )


CASES: list[tuple[str, Facts, dict[str, Any]]] = [
    (
        "korean-hacked-account",
        facts(
            "telegram",
            "ko",
            "security",
            message=MessageFacts(text="계정이 해킹당했어요. 출금이 됐어요"),
        ),
        {
            "queue": "security",
            "skills": ("security", "lang:ko"),
            "priority": 85,
            "matched_rules": ("acknowledge-new", "account-takeover"),
            "tags": ("takeover-suspected",),
        },
    ),
    (
        "chinese-stolen-funds-keyword-only",
        facts("webchat", "zh", "withdrawal", message=MessageFacts(text="我的资金被盗了")),
        {"queue": "security", "skills": ("security", "lang:zh")},
    ),
    (
        "secret-exposed",
        facts(
            "email",
            "es",
            "withdrawal",
            message=MessageFacts(text="mi frase: ...", secrets=frozenset({"seed_phrase"})),
        ),
        {
            "queue": "security",
            "priority": 100,
            "notify": ("security_oncall",),
            "tags": ("secret-exposed",),
        },
    ),
    ("critical", facts(urgency="critical", topic="trading"), {"queue": "security", "priority": 95}),
    (
        "vip",
        facts("email", "ja", "trading", customer=CustomerFacts(vip_tier="platinum")),
        {"queue": "vip", "priority": 90, "skills": ("vip", "lang:ja"), "tags": ("vip",)},
    ),
    (
        "vip-withdrawal-still-raised-in-security",
        facts("email", "en", "security", customer=CustomerFacts(vip_tier="gold")),
        {"queue": "security", "priority": 105, "tags": ("vip", "takeover-suspected")},
    ),
    (
        "withdrawal-turkish",
        facts("x", "tr", "withdrawal"),
        {"queue": "withdrawals", "skills": ("withdrawals", "lang:tr"), "priority": 60},
    ),
    ("fees-go-to-trading", facts(topic="fees"), {"queue": "trading"}),
    (
        "api-english-fallback",
        facts("email", "vi", "api"),
        {"steps_skills": (("api", "lang:vi"), ("api", "lang:en"))},
    ),
    (
        "follow-up-stays",
        facts(
            topic="deposit",
            conversation=ConversationFacts(is_new=False, queue="kyc", status="open"),
        ),
        {"queue": "kyc", "stay": True, "replies": ()},
    ),
    (
        "low-confidence-is-unmatched",
        facts(topic="deposit", confidence=0.3),
        {"queue": "triage", "outcome": Outcome.UNMATCHED, "unmatched": True},
    ),
    (
        "unknown-topic-is-unmatched",
        facts(topic=""),
        {"queue": "triage", "outcome": Outcome.UNMATCHED},
    ),
    (
        "giveaway-spam",
        facts(message=MessageFacts(text="Free airdrop! send 1 ETH get 2 back")),
        {"queue": "", "spam": True},
    ),
]


@pytest.mark.parametrize(
    ("given_facts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_shipped_decisions(shipped: Ruleset, given_facts: Facts, expected: dict[str, Any]) -> None:
    decision = evaluate(shipped, given_facts, NOW)
    seen = {key: getattr(decision, key) for key in expected if key != "steps_skills"}
    if "steps_skills" in expected:
        seen["steps_skills"] = tuple(step.skills for step in decision.steps)
    assert seen == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_gets_the_acknowledgement_and_the_reminder(
    shipped: Ruleset, language: str
) -> None:
    decision = evaluate(shipped, facts("webchat", language, "account_access"), NOW)
    assert [(r.template, r.language) for r in decision.replies] == [
        ("ack", language),
        ("anti_phishing", language),
    ]
    assert "{" not in decision.replies[0].text
    assert "60" in decision.replies[0].text


def reference(ruleset: Ruleset, given: Facts, now: datetime) -> tuple[str, ...]:
    """Ordered first match without the index: every rule, every condition."""
    matched = []
    for rule in ruleset.rules:
        if all(c.test(given, now) for c in rule.conditions):
            matched.append(rule.name)
            if rule.terminal:
                break
    return tuple(matched)


any_facts = st.builds(
    Facts,
    channel=st.sampled_from(["email", "telegram", "x", "webchat"]),
    language=st.sampled_from([*LANGUAGES, "th", ""]),
    topic=st.sampled_from([*TOPICS, ""]),
    topic_confidence=st.floats(0, 1),
    urgency=st.sampled_from(["critical", "high", "normal", "low"]),
    customer=st.builds(
        CustomerFacts,
        vip_tier=st.sampled_from(["", "gold", "platinum", "silver"]),
        verified=st.booleans(),
    ),
    message=st.builds(
        MessageFacts,
        text=st.sampled_from(["hi", "I was hacked", "被盗", "free airdrop send 2 eth"]),
        secrets=st.sampled_from([frozenset(), frozenset({"private_key"})]),
    ),
    conversation=st.builds(
        ConversationFacts,
        is_new=st.booleans(),
        queue=st.sampled_from(["", "kyc"]),
        status=st.sampled_from(["open", "resolved"]),
        customer_messages=st.integers(0, 3),
    ),
)


@settings(max_examples=300, deadline=None)
@given(given_facts=any_facts)
def test_the_index_never_changes_a_decision(given_facts: Facts) -> None:
    path = Path(__file__).parents[3] / "config" / "rules.yaml"
    ruleset = _cached(path)
    assert evaluate(ruleset, given_facts, NOW).matched_rules == reference(ruleset, given_facts, NOW)


_CACHE: dict[Path, Ruleset] = {}


def _cached(path: Path) -> Ruleset:
    if path not in _CACHE:
        _CACHE[path] = load(path.read_text(), str(path))
    return _CACHE[path]


def test_a_dry_run_line_becomes_facts(shipped: Ruleset) -> None:
    line = {
        "id": "m1",
        "channel": "telegram",
        "text": "계정이 해킹당했어요",
        "language": "ko",
        "topic": "security",
        "customer": {"vip_tier": "gold", "tags": ["whale"]},
        "conversation": {"is_new": False, "status": "open", "queue": "vip"},
    }
    decision = evaluate(shipped, facts_from_mapping(line), NOW)
    assert (decision.queue, decision.skills, decision.tags) == (
        "security",
        ("security", "lang:ko"),
        ("vip", "takeover-suspected"),
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ({"text": "hi"}, "channel: Field required"),
        ({"channel": "email", "custmer": {}}, "custmer: Extra inputs are not permitted"),
        (
            {"channel": "email", "customer": {"verified": "maybe"}},
            "customer.verified: Input should",
        ),
    ],
)
def test_a_bad_dry_run_line_names_the_key(line: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        facts_from_mapping(line)
