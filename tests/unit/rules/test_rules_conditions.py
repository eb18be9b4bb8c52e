"""Every condition form, one table: (when, facts, now) -> does the rule match?"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from rules_support import MONDAY_MORNING_SEOUL, Build

from routing_rules import ConversationFacts, CustomerFacts, Facts, MessageFacts, Outcome, evaluate

pytestmark = pytest.mark.rules

EMAIL = Facts(channel="email", language="en")
KO = Facts(
    channel="telegram",
    language="ko",
    language_confidence=0.92,
    topic="security",
    topic_confidence=0.81,
    urgency="high",
)


def msg(text: str = "", subject: str = "", **kw: Any) -> Facts:
    return Facts(channel="email", message=MessageFacts(text=text, subject=subject, **kw))


def cust(**kw: Any) -> Facts:
    return Facts(channel="webchat", customer=CustomerFacts(**kw))


def conv(**kw: Any) -> Facts:
    return Facts(channel="x", conversation=ConversationFacts(**kw))


CASES: list[tuple[str, Any, Facts, bool]] = [
    # equals, in, not, ne, not_in
    ("eq", {"channel": "email"}, EMAIL, True),
    ("eq-miss", {"channel": "telegram"}, EMAIL, False),
    ("eq-op", {"channel": {"eq": "email"}}, EMAIL, True),
    ("in", {"language": ["ko", "ja"]}, KO, True),
    ("in-miss", {"language": ["ko", "ja"]}, EMAIL, False),
    ("in-op", {"urgency": {"in": ["critical", "high"]}}, KO, True),
    ("ne", {"channel": {"ne": "email"}}, KO, True),
    ("ne-miss", {"channel": {"ne": "email"}}, EMAIL, False),
    ("not_in", {"language": {"not_in": ["ko"]}}, EMAIL, True),
    ("field-not-list", {"language": {"not": ["ko", "ja"]}}, KO, False),
    ("field-not-scalar", {"language": {"not": "en"}}, KO, True),
    # comparisons
    ("gte", {"topic_confidence": {"gte": 0.81}}, KO, True),
    ("gt", {"topic_confidence": {"gt": 0.81}}, KO, False),
    ("lt", {"language_confidence": {"lt": 0.95}}, KO, True),
    ("lte", {"language_confidence": {"lte": 0.5}}, KO, False),
    ("range", {"topic_confidence": {"gte": 0.5, "lt": 0.9}}, KO, True),
    ("length", {"message.length": {"gt": 3}}, msg("hello"), True),
    ("attachments", {"message.attachments": {"gte": 1}}, msg(attachments=2), True),
    ("waiting", {"conversation.waiting_seconds": {"gt": 600}}, conv(waiting_seconds=601), True),
    ("customer-messages", {"conversation.customer_messages": 3}, conv(customer_messages=3), True),
    ("number-in", {"message.attachments": [0, 1]}, msg(attachments=2), False),
    # regex (search, case-sensitive unless the pattern says otherwise)
    (
        "regex-subject",
        {"message.subject": {"regex": "(?i)^re: withdrawal"}},
        msg(subject="RE: Withdrawal #12"),
        True,
    ),
    ("regex-miss", {"message.text": {"regex": "TX[0-9a-f]{8}"}}, msg("tx0000abcd"), False),
    ("regex-keyword", {"customer.vip_tier": {"regex": "^plat"}}, cust(vip_tier="platinum"), True),
    # contains_any: case-insensitive, word boundaries for spaced scripts, substrings for CJK
    ("kw-case", {"message.text": ["hacked"]}, msg("I got HACKED yesterday"), True),
    (
        "kw-boundary",
        {"message.text": {"contains_any": ["pin"]}},
        msg("the chart is spinning"),
        False,
    ),
    ("kw-boundary-tail", {"message.text": {"contains_any": ["pin"]}}, msg("a pinned tweet"), False),
    (
        "kw-boundary-hit",
        {"message.text": {"contains_any": ["pin"]}},
        msg("reset my PIN please"),
        True,
    ),
    ("kw-wildcard", {"message.text": {"contains_any": ["hack*"]}}, msg("account hacked"), True),
    (
        "kw-phrase",
        {"message.text": {"contains_any": ["account takeover"]}},
        msg("an Account  takeover"),
        False,
    ),
    ("kw-zh", {"message.text": {"contains_any": ["被盗"]}}, msg("我的账户被盗了"), True),
    (
        "kw-ko-particle",
        {"message.text": {"contains_any": ["해킹"]}},
        msg("계정이 해킹당했어요"),
        True,
    ),
    (
        "kw-ja",
        {"message.text": {"contains_any": ["乗っ取"]}},
        msg("アカウントが乗っ取られました"),
        True,
    ),
    ("kw-ru", {"message.text": {"contains_any": ["взлом*"]}}, msg("Мой аккаунт ВЗЛОМАЛИ"), True),
    ("kw-tr-fold", {"message.text": {"contains_any": ["çalındı"]}}, msg("Param ÇALINDI"), True),
    ("kw-subject", {"message.subject": ["stolen"]}, msg(subject="Stolen funds"), True),
    ("kw-none", {"message.text": ["stolen", "被盗"]}, msg("where is my deposit"), False),
    # sets: contains, contains_any, contains_all, empty
    ("set-contains", {"customer.tags": "whale"}, cust(tags=frozenset({"whale", "kol"})), True),
    ("set-any", {"customer.tags": ["x", "kol"]}, cust(tags=frozenset({"whale", "kol"})), True),
    (
        "set-all",
        {"customer.tags": {"contains_all": ["whale", "x"]}},
        cust(tags=frozenset({"whale"})),
        False,
    ),
    (
        "entities",
        {"message.entities": {"contains_any": ["tx_hash", "address"]}},
        msg(entities=frozenset({"tx_hash"})),
        True,
    ),
    (
        "secrets-found",
        {"message.secrets": {"empty": False}},
        msg(secrets=frozenset({"seed_phrase"})),
        True,
    ),
    ("secrets-none", {"message.secrets": {"empty": False}}, msg(), False),
    ("set-not", {"customer.tags": {"not": ["banned"]}}, cust(tags=frozenset({"whale"})), True),
    # booleans and the other label fields
    ("verified", {"customer.verified": True}, cust(verified=True), True),
    ("customer-language", {"customer.language": "ko"}, cust(language="ko"), True),
    ("follow-up", {"conversation.is_new": False}, conv(is_new=False), True),
    ("status", {"conversation.status": ["open", "pending"]}, conv(status="snoozed"), False),
    ("queue", {"conversation.queue": "security"}, conv(queue="security"), True),
    ("assignee", {"conversation.assignee": {"ne": ""}}, conv(assignee="agent-7"), True),
    # nesting: all / any / not, list = all, named sets, null = always
    ("all", {"all": [{"channel": "telegram"}, {"language": "ko"}]}, KO, True),
    ("any", {"any": [{"channel": "email"}, {"urgency": "high"}]}, KO, True),
    ("any-miss", {"any": [{"channel": "email"}, {"urgency": "low"}]}, KO, False),
    ("not", {"not": {"channel": "email"}}, KO, True),
    ("not-all", {"not": {"channel": "telegram", "language": "ko"}}, KO, False),
    (
        "nested",
        {
            "any": [
                {"not": {"language": "ko"}},
                {"all": [{"topic": "security"}, {"urgency": "high"}]},
            ]
        },
        KO,
        True,
    ),
    ("list", [{"channel": "telegram"}, {"topic": "kyc"}], KO, False),
    ("named", {"condition": "vip"}, cust(vip_tier="gold"), True),
    ("named-miss", {"condition": "vip"}, cust(vip_tier=""), False),
    ("always", None, EMAIL, True),
]


@pytest.mark.parametrize(
    ("when", "facts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_condition(build: Build, when: Any, facts: Facts, expected: bool) -> None:
    ruleset = build({"name": "r", "when": when, "then": {"route": "general"}})
    decision = evaluate(ruleset, facts, MONDAY_MORNING_SEOUL)
    assert (decision.outcome is Outcome.MATCHED) is expected
    assert decision.queue == ("general" if expected else "triage")


def seoul(y: int, m: int, d: int, h: int, minute: int = 0) -> datetime:
    return (
        datetime(y, m, d, h - 9, minute, tzinfo=UTC)
        if h >= 9
        else datetime(y, m, d - 1, h + 15, minute, tzinfo=UTC)
    )


TIME_CASES = [
    ("open-monday", {"business_hours": "seoul"}, seoul(2026, 11, 23, 10), True),
    ("before-opening", {"business_hours": "seoul"}, seoul(2026, 11, 23, 8, 59), False),
    ("closing-exclusive", {"business_hours": "seoul"}, seoul(2026, 11, 23, 18), False),
    ("saturday", {"business_hours": "seoul"}, seoul(2026, 11, 28, 11), False),
    ("holiday", {"business_hours": "seoul"}, seoul(2026, 12, 25, 11), False),
    ("outside", {"not": {"business_hours": "seoul"}}, seoul(2026, 11, 28, 11), True),
    ("weekday-utc", {"weekday": ["sat", "sun"]}, datetime(2026, 11, 29, 23, 0, tzinfo=UTC), True),
    # Sunday 23:00 UTC is already Monday in Seoul
    (
        "weekday-tz",
        {"weekday": {"days": ["sat", "sun"], "tz": "Asia/Seoul"}},
        datetime(2026, 11, 29, 23, 0, tzinfo=UTC),
        False,
    ),
    ("weekday-range", {"weekday": "mon-fri"}, datetime(2026, 11, 27, 12, 0, tzinfo=UTC), True),
]


@pytest.mark.parametrize(
    ("when", "now", "expected"), [c[1:] for c in TIME_CASES], ids=[c[0] for c in TIME_CASES]
)
def test_time_condition(build: Build, when: Any, now: datetime, expected: bool) -> None:
    ruleset = build({"name": "r", "when": when, "then": {"route": "general"}})
    assert (evaluate(ruleset, EMAIL, now).outcome is Outcome.MATCHED) is expected
