"""Rule evaluation: ours against the ``rule-engine`` package on the same rules and messages.

For each rule count a fixed-seed generator writes one rule set twice: as our YAML (loaded
through the real parser) and as ``rule-engine`` expressions with the same meaning. Both
run ordered first-terminal-match over the same generated messages in the same run. Ours is
timed per message over every message; the peer, being far slower, over a prefix of them.

What the peer is given, to be fair to it: the folded text, the length and each calendar's
open/closed state are precomputed into its record (it has no keyword matcher or business
calendar); keyword lists become the same regular expression our matcher uses.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import yaml

from routing_rules import (
    ConversationFacts,
    CustomerFacts,
    Facts,
    MessageFacts,
    Ruleset,
    evaluate,
    load,
)
from routing_rules.facts import fold
from routing_rules.operators import keyword_pattern

CHANNELS = ("email", "telegram", "x", "webchat")
LANGUAGES = ("en", "zh", "ko", "ja", "ru", "es", "fr", "vi", "tr", "pt", "id", "de", "ar")
TOPICS = (
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
)
QUEUES = (
    "security",
    "withdrawals",
    "deposits",
    "account_access",
    "kyc",
    "trading",
    "api",
    "p2p",
    "general",
    "vip",
)
KEYWORDS = (
    "hacked",
    "stolen",
    "withdraw*",
    "pending",
    "deposit",
    "kyc",
    "2fa",
    "locked",
    "api key",
    "refund",
    "被盗",
    "提现",
    "해킹",
    "출금",
    "乗っ取",
    "出金",
    "взлом*",
    "retiro",
    "retrait",
    "rút tiền",
    "çekim",
    "saque",
    "penarikan",
    "auszahlung",
    "سحب",
)
TAGS = ("whale", "kol", "market-maker", "institutional", "flagged")
CALENDARS = ("asia", "emea")
_START = datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Written:
    """One generated rule: our ``when``, the peer's expression, its actions, terminal or not."""

    when: dict[str, Any]
    expression: str
    then: dict[str, Any]
    terminal: bool


def _maybe(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def _quote(values: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _clauses(rng: random.Random) -> tuple[dict[str, Any], list[str]]:
    when: dict[str, Any] = {}
    expr: list[str] = []
    if _maybe(rng, 0.6):
        picked = rng.sample(CHANNELS, rng.choice((1, 1, 2)))
        when["channel"] = picked if len(picked) > 1 else picked[0]
        expr.append(f"channel in {_quote(picked)}")
    if _maybe(rng, 0.7):
        picked = rng.sample(LANGUAGES, rng.choice((1, 1, 1, 2, 3)))
        when["language"] = picked if len(picked) > 1 else picked[0]
        expr.append(f"language in {_quote(picked)}")
    if _maybe(rng, 0.75):
        topic = rng.choice(TOPICS)
        when["topic"] = topic
        expr.append(f'topic == "{topic}"')
    if _maybe(rng, 0.15):
        when["urgency"] = ["critical", "high"]
        expr.append('urgency in ["critical", "high"]')
    if _maybe(rng, 0.1):
        when["customer.vip_tier"] = ["gold", "platinum"]
        expr.append('customer["vip_tier"] in ["gold", "platinum"]')
    if _maybe(rng, 0.2):
        when["conversation.is_new"] = new = rng.random() < 0.5
        expr.append(f'conversation["is_new"] == {str(new).lower()}')
    return when, expr


def _residual(rng: random.Random, when: dict[str, Any], expr: list[str]) -> None:
    if _maybe(rng, 0.5):
        bound = round(rng.uniform(0.3, 0.9), 2)
        when["topic_confidence"] = {"gte": bound}
        expr.append(f"topic_confidence >= {bound}")
    if _maybe(rng, 0.3):
        words = rng.sample(KEYWORDS, 3)
        when["message.text"] = {"contains_any": words}
        source = keyword_pattern(words)[1].replace("\\", "\\\\").replace('"', '\\"')
        expr.append(f'text_folded =~~ "{source}"')
    if _maybe(rng, 0.05):
        when["message.subject"] = {"regex": "(?i)^(re: )?(urgent|withdrawal)"}
        expr.append('subject =~~ "(?i)^(re: )?(urgent|withdrawal)"')
    if _maybe(rng, 0.1):
        tags = rng.sample(TAGS, 2)
        when["customer.tags"] = {"contains_any": tags}
        expr.append("(" + " or ".join(f'"{t}" in customer["tags"]' for t in tags) + ")")
    if _maybe(rng, 0.1):
        calendar = rng.choice(CALENDARS)
        when["business_hours"] = calendar
        expr.append(f"open_{calendar}")
    if _maybe(rng, 0.1):
        when["message.length"] = {"gt": 400}
        expr.append("length > 400")
    if _maybe(rng, 0.05):
        when["any"] = [{"urgency": "critical"}, {"customer.verified": False}]
        expr.append('(urgency == "critical" or customer["verified"] == false)')


def generate_rule(rng: random.Random) -> Written:
    when, expr = _clauses(rng)
    _residual(rng, when, expr)
    if _maybe(rng, 0.15):
        then: dict[str, Any] = {
            "tags": [f"t{rng.randrange(50)}"],
            "raise_priority": rng.choice((5, 10)),
        }
        return Written(when, " and ".join(expr) or "true", then, terminal=False)
    queue = rng.choice(QUEUES)
    then = {
        "route": {
            "queue": queue,
            "skills": ["lang:{language}"],
            "timeout": 60,
            "fallback": [{"timeout": 300}],
        }
    }
    return Written(when, " and ".join(expr) or "true", then, terminal=True)


def document(rules: Sequence[Written]) -> str:
    doc = {
        "version": 1,
        "default_language": "en",
        "languages": list(LANGUAGES),
        "calendars": {
            "asia": {"tz": "Asia/Seoul", "hours": {"mon-fri": "09:00-21:00"}},
            "emea": {
                "tz": "Europe/Berlin",
                "hours": {"mon-fri": "08:00-18:00", "sat": "10:00-14:00"},
            },
        },
        "queues": {name: {"priority": 50, "skills": [name]} for name in (*QUEUES, "triage")},
        "rules": [
            {
                "name": f"r{i}",
                "when": r.when,
                "then": r.then,
                **({} if r.terminal else {"continue": True}),
            }
            for i, r in enumerate(rules)
        ],
    }
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


def generate_message(rng: random.Random) -> tuple[Facts, datetime]:
    words = rng.sample(KEYWORDS, rng.choice((0, 0, 1, 2)))
    text = " ".join(
        ["Hello, I need help with my account.", *words, "Order 12345." * rng.choice((1, 1, 40))]
    )
    facts = Facts(
        channel=rng.choice(CHANNELS),
        language=rng.choice(LANGUAGES),
        language_confidence=rng.random(),
        topic=rng.choice(TOPICS),
        topic_confidence=rng.random(),
        urgency=rng.choice(("critical", "high", "normal", "normal", "normal", "low")),
        customer=CustomerFacts(
            vip_tier=rng.choice(("", "", "", "gold", "platinum", "silver")),
            tags=frozenset(rng.sample(TAGS, rng.choice((0, 0, 1)))),
            verified=rng.random() < 0.8,
        ),
        message=MessageFacts(text=text, subject=rng.choice(("", "Re: urgent", "withdrawal stuck"))),
        conversation=ConversationFacts(is_new=rng.random() < 0.7),
    )
    return facts, _START + timedelta(minutes=rng.randrange(7 * 24 * 60))


def peer_record(ruleset: Ruleset, facts: Facts, now: datetime) -> dict[str, Any]:
    return {
        "channel": facts.channel,
        "language": facts.language,
        "topic": facts.topic,
        "topic_confidence": facts.topic_confidence,
        "urgency": facts.urgency,
        "text_folded": fold(facts.message.text),
        "subject": facts.message.subject,
        "length": facts.message.length,
        "customer": {
            "vip_tier": facts.customer.vip_tier,
            "tags": set(facts.customer.tags),
            "verified": facts.customer.verified,
        },
        "conversation": {"is_new": facts.conversation.is_new},
        **{f"open_{name}": cal.is_open(now) for name, cal in ruleset.calendars.items()},
    }


def _first_match(rules: Sequence[tuple[Any, bool]], record: dict[str, Any]) -> list[int]:
    matched = []
    for i, (rule, terminal) in enumerate(rules):
        if rule.matches(record):
            matched.append(i)
            if terminal:
                break
    return matched


def _median_us(samples: Sequence[int]) -> float:
    return round(statistics.median(samples) / 1000, 2)


def _time_each(call: Callable[[int], Any], count: int) -> list[int]:
    samples = []
    for i in range(count):
        started = time.perf_counter_ns()
        call(i)
        samples.append(time.perf_counter_ns() - started)
    return samples


def bench_count(
    count: int, messages: int = 2000, peer_messages: int | None = None, seed: int = 7
) -> dict[str, Any]:
    rng = random.Random(seed + count)
    written = [generate_rule(rng) for _ in range(count)]
    ruleset = load(document(written), f"bench-{count}.yaml")
    sample = [generate_message(rng) for _ in range(messages)]
    for facts, now in sample[:200]:
        evaluate(ruleset, facts, now)  # warm-up: first calls build lazy keyword patterns
    ours = _time_each(lambda i: evaluate(ruleset, *sample[i]), messages)
    traced = _time_each(lambda i: evaluate(ruleset, *sample[i]).trace(), min(messages, 300))
    peer = _peer(ruleset, written, sample, peer_messages or max(30, min(messages, 30_000 // count)))
    tested, scanned = _depth(ruleset, sample)
    return {
        "rules": count,
        "median_us": _median_us(ours),
        "peer_median_us": peer,
        "speedup": round(peer / _median_us(ours), 1) if peer else None,
        "trace_median_us": _median_us(traced),
        "messages": messages,
        "rules_tested_mean": tested,
        "peer_rules_tested_mean": scanned,
    }


def _depth(ruleset: Ruleset, sample: Sequence[tuple[Facts, datetime]]) -> tuple[float, float]:
    """Mean rules tested per message: ours (index candidates up to the decision), the peer's
    (every rule up to the decision, as an unindexed first match must)."""
    ours, peer = [], []
    for facts, now in sample:
        evidence = evaluate(ruleset, facts, now).evidence
        assert evidence is not None
        below = (1 << min(evidence.stop + 1, len(ruleset.rules))) - 1
        ours.append((ruleset.index.candidates(facts) & below).bit_count())
        peer.append(min(evidence.stop + 1, len(ruleset.rules)))
    return round(statistics.mean(ours), 1), round(statistics.mean(peer), 1)


def _peer(
    ruleset: Ruleset,
    written: Sequence[Written],
    sample: Sequence[tuple[Facts, datetime]],
    count: int,
) -> float | None:
    try:
        import rule_engine  # a bench-only dependency
    except ImportError:
        return None
    context = rule_engine.Context(default_value=None)
    rules = [(rule_engine.Rule(w.expression, context=context), w.terminal) for w in written]
    records = [peer_record(ruleset, facts, now) for facts, now in sample[:count]]
    agree = all(
        [ruleset.rules[i].name for i in _first_match(rules, records[j])]
        == list(evaluate(ruleset, *sample[j]).matched_rules)
        for j in range(min(count, 50))
    )
    if not agree:
        raise AssertionError(
            "the peer's rules disagree with ours: the benchmark would compare different work"
        )
    return _median_us(_time_each(lambda i: _first_match(rules, records[i]), count))


def bench_rules(
    counts: Sequence[int] = (10, 100, 1000, 10000), messages: int = 2000
) -> list[dict[str, Any]]:
    """One row per rule count: ``rules``, ``median_us`` (ours), ``peer_median_us`` (rule-engine)."""
    return [bench_count(count, messages) for count in counts]
