"""Every action and the match semantics: first terminal wins, continue accumulates,
no match and a broken rule are explicit outcomes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from rules_support import MONDAY_MORNING_SEOUL, Build

from routing_rules import (
    AutoReply,
    ConversationFacts,
    CustomerFacts,
    Facts,
    InvalidInput,
    Outcome,
    RouteStep,
    evaluate,
)

pytestmark = pytest.mark.rules

KO = Facts(
    channel="telegram", language="ko", topic="security", customer=CustomerFacts(vip_tier="gold")
)
TH = Facts(channel="email", language="th", customer=CustomerFacts(language="ko"))
PLAIN = Facts(channel="email")


def rule(
    name: str, then: dict[str, Any], when: Any = None, *, more: bool = False
) -> dict[str, Any]:
    return {"name": name, "when": when, "then": then, **({"continue": True} if more else {})}


ROUTE_CASES: list[tuple[str, list[dict[str, Any]], Facts, dict[str, Any]]] = [
    (
        "queue-default-priority",
        [rule("r", {"route": "general"})],
        PLAIN,
        {"queue": "general", "priority": 30, "skills": (), "outcome": Outcome.MATCHED},
    ),
    (
        "route-priority-and-skills",
        [
            rule(
                "r",
                {
                    "route": {
                        "queue": "security",
                        "priority": 80,
                        "skills": ["lang:{language}", "{topic}"],
                    }
                },
            )
        ],
        KO,
        {"queue": "security", "priority": 80, "skills": ("security", "lang:ko")},
    ),
    (
        "fallback-chain",
        [
            rule(
                "r",
                {
                    "route": {
                        "queue": "security",
                        "skills": ["lang:{language}"],
                        "timeout": 60,
                        "fallback": [{"timeout": 120}, {"queue": "general", "raise_priority": 10}],
                    }
                },
            )
        ],
        KO,
        {
            "steps": (
                RouteStep("security", 90, ("security", "lang:ko"), 60),
                RouteStep("security", 90, ("security",), 120),
                RouteStep("general", 100, (), None),
            )
        },
    ),
    (
        "overflow-appended",
        [rule("r", {"route": {"queue": "security", "timeout": 30}})],
        PLAIN,
        {
            "steps": (
                RouteStep("security", 90, ("security",), 30),
                RouteStep("general", 90, (), None),
            )
        },
    ),
    (
        "step-absolute-priority",
        [
            rule(
                "r",
                {
                    "route": {
                        "queue": "vip",
                        "timeout": 5,
                        "fallback": [{"queue": "general", "priority": 99}],
                    }
                },
            )
        ],
        PLAIN,
        {"steps": (RouteStep("vip", 70, (), 5), RouteStep("general", 99, (), None))},
    ),
    (
        "language-falls-back-to-customer",
        [rule("r", {"route": {"queue": "general", "skills": ["lang:{language}"]}})],
        TH,
        {"skills": ("lang:ko",)},
    ),
    (
        "language-falls-back-to-default",
        [rule("r", {"route": {"queue": "general", "skills": ["lang:{language}"]}})],
        PLAIN,
        {"skills": ("lang:en",)},
    ),
    (
        "set-priority",
        [rule("p", {"priority": 5}, more=True), rule("r", {"route": "vip"})],
        PLAIN,
        {"queue": "vip", "priority": 5},
    ),
    (
        "raise-accumulates",
        [
            rule("a", {"raise_priority": 20}, more=True),
            rule("b", {"raise_priority": 5}, more=True),
            rule("r", {"route": "general"}),
        ],
        PLAIN,
        {"priority": 55},
    ),
    (
        "route-priority-then-raise",
        [
            rule("a", {"raise_priority": 20}, {"condition": "vip"}, more=True),
            rule("r", {"route": {"queue": "general", "priority": 40}}),
        ],
        KO,
        {"priority": 60},
    ),
    (
        "tags-accumulate-deduped",
        [
            rule("a", {"tags": ["vip", "ko"]}, more=True),
            rule("b", {"tags": "vip"}, more=True),
            rule("r", {"route": "general", "tags": ["x"]}),
        ],
        PLAIN,
        {"tags": ("vip", "ko", "x")},
    ),
    (
        "notify",
        [rule("r", {"route": "security", "notify": "security_oncall"})],
        PLAIN,
        {"notify": ("security_oncall",), "actions": ("route:security", "notify:security_oncall")},
    ),
    (
        "spam",
        [rule("r", {"spam": True, "tags": ["spam"]})],
        PLAIN,
        {"queue": "", "spam": True, "steps": (), "outcome": Outcome.MATCHED},
    ),
    (
        "ignore",
        [rule("r", {"ignore": True})],
        PLAIN,
        {"queue": "", "ignore": True, "actions": ("ignore",)},
    ),
    (
        "stay",
        [rule("r", {"stay": True})],
        Facts(channel="x", conversation=ConversationFacts(is_new=False, queue="vip")),
        {"queue": "vip", "stay": True},
    ),
    ("stay-without-queue", [rule("r", {"stay": True})], PLAIN, {"queue": "triage", "stay": True}),
    (
        "first-terminal-wins",
        [rule("a", {"route": "vip"}), rule("b", {"route": "general"})],
        PLAIN,
        {"queue": "vip", "matched_rules": ("a",)},
    ),
    (
        "non-terminal-then-terminal",
        [rule("a", {"tags": ["t"]}, more=True), rule("b", {"route": "general"})],
        PLAIN,
        {"queue": "general", "matched_rules": ("a", "b"), "tags": ("t",)},
    ),
    (
        "unmatched-is-triage",
        [
            rule("a", {"raise_priority": 3, "tags": ["seen"]}, more=True),
            rule("b", {"route": "general"}, {"channel": "telegram"}),
        ],
        PLAIN,
        {
            "queue": "triage",
            "priority": 13,
            "tags": ("seen",),
            "outcome": Outcome.UNMATCHED,
            "unmatched": True,
            "matched_rules": ("a",),
        },
    ),
    ("empty-ruleset", [], PLAIN, {"queue": "triage", "priority": 10, "outcome": Outcome.UNMATCHED}),
]


@pytest.mark.parametrize(
    ("rules", "facts", "expected"), [c[1:] for c in ROUTE_CASES], ids=[c[0] for c in ROUTE_CASES]
)
def test_actions(
    build: Build, rules: list[dict[str, Any]], facts: Facts, expected: dict[str, Any]
) -> None:
    decision = evaluate(build(*rules), facts, MONDAY_MORNING_SEOUL)
    assert {key: getattr(decision, key) for key in expected} == expected


REPLY_CASES = [
    (
        "message-language",
        Facts(channel="email", language="ko"),
        AutoReply("ack", "ko", "15분 이내"),
    ),
    ("customer-language", TH, AutoReply("ack", "ko", "15분 이내")),
    (
        "default-language",
        Facts(channel="email", language="th"),
        AutoReply("ack", "en", "Reply within 15 min"),
    ),
]


@pytest.mark.parametrize(
    ("facts", "expected"), [c[1:] for c in REPLY_CASES], ids=[c[0] for c in REPLY_CASES]
)
def test_auto_reply_language(build: Build, facts: Facts, expected: AutoReply) -> None:
    decision = evaluate(
        build(rule("r", {"route": "security", "reply": "ack"})), facts, MONDAY_MORNING_SEOUL
    )
    assert decision.replies == (expected,)
    assert decision.actions[-1] == f"reply:ack:{expected.language}"


def test_a_rule_that_raises_is_an_error_outcome_not_a_no(build: Build) -> None:
    ruleset = build(
        rule("tag", {"tags": ["seen"]}, more=True),
        rule("broken", {"route": "security"}, {"topic_confidence": {"gte": 0.5}}),
        rule("later", {"route": "general"}),
    )
    bad = Facts(channel="email", topic_confidence=None)  # type: ignore[arg-type]  # a caller bug
    decision = evaluate(ruleset, bad, MONDAY_MORNING_SEOUL)
    assert (decision.outcome, decision.queue, decision.tags) == (Outcome.ERROR, "triage", ("seen",))
    assert decision.error.startswith("TypeError: ")
    assert decision.trace()[2].startswith("broken: error (TypeError: ")


def test_naive_now_is_refused(build: Build) -> None:
    with pytest.raises(InvalidInput, match="timezone-aware"):
        evaluate(build(), PLAIN, datetime(2026, 11, 23, 1, 0))


def test_trace_names_every_rule_up_to_the_decision(build: Build) -> None:
    ruleset = build(
        rule("vip-fastlane", {"route": "vip"}, {"condition": "vip"}),
        rule("telegram-only", {"route": "general"}, {"channel": "telegram", "language": "ko"}),
        rule(
            "confident",
            {"route": "general"},
            {"channel": "email", "topic_confidence": {"gte": 0.6}},
        ),
        rule("tagger", {"tags": ["t"]}, {"language": "en"}, more=True),
        rule("email", {"route": "general"}, {"channel": "email"}),
        rule("never-reached", {"route": "vip"}),
    )
    facts = Facts(channel="email", language="en", topic_confidence=0.4)
    decision = evaluate(ruleset, facts, MONDAY_MORNING_SEOUL)
    assert decision.trace() == (
        f"ruleset {ruleset.version}",
        'vip-fastlane: no (customer.vip_tier == "" not in ["gold","platinum"])',
        'telegram-only: no (channel == "email" not "telegram")',
        "confident: no (topic_confidence == 0.4 not >= 0.6)",
        "tagger: yes (continue)",
        "email: yes",
        "=> matched: general p30",
    )


def test_trace_of_an_unmatched_message_lists_all_rules(build: Build) -> None:
    ruleset = build(
        rule(
            "kw",
            {"route": "security"},
            {"message.text": ["hacked"], "not": {"business_hours": "seoul"}},
        ),
    )
    decision = evaluate(ruleset, PLAIN, MONDAY_MORNING_SEOUL)
    assert decision.trace()[1:] == (
        'kw: no (message.text (0 chars) has none of ["hacked"])',
        "=> unmatched: triage p10",
    )


def test_version_is_a_content_hash(build: Build) -> None:
    one, same, other = (
        build(rule("a", {"route": "vip"})),
        build(rule("a", {"route": "vip"})),
        build(),
    )
    assert one.version == same.version != other.version
    assert one.version.startswith("sha256:")


def test_a_long_run_of_rules_the_index_ruled_out_folds_into_one_line(build: Build) -> None:
    others = [rule(f"tg{i}", {"route": "general"}, {"channel": "telegram"}) for i in range(6)]
    ruleset = build(*others, rule("email", {"route": "general"}, {"channel": "email"}))
    decision = evaluate(ruleset, PLAIN, MONDAY_MORNING_SEOUL)
    assert decision.trace()[1:] == (
        '... 6 rules (tg0 .. tg5): no (index: channel="email")',
        "email: yes",
        "=> matched: general p30",
    )
