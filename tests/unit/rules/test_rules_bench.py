"""The rules benchmark runs, its two sides agree on every decision, and it reports its shape."""

from __future__ import annotations

import random

import pytest

from router.bench.rules import bench_count, document, generate_message, generate_rule
from routing_rules import evaluate, load, validate

pytestmark = pytest.mark.rules


def test_generated_rules_load_and_decide() -> None:
    rng = random.Random(3)
    text = document([generate_rule(rng) for _ in range(200)])
    assert not [p for p in validate(text) if "can never fire" not in p.message]
    ruleset = load(text)
    decisions = [evaluate(ruleset, *generate_message(rng)) for _ in range(200)]
    assert {d.outcome for d in decisions} >= {"matched"}


def test_bench_row_shape() -> None:
    row = bench_count(10, messages=40, peer_messages=10)
    assert set(row) == {
        "rules",
        "median_us",
        "peer_median_us",
        "speedup",
        "trace_median_us",
        "messages",
        "rules_tested_mean",
        "peer_rules_tested_mean",
    }
    assert row["rules"] == 10
    assert row["median_us"] > 0
    # peer_median_us is None only where rule-engine (a bench extra) is not installed
    assert row["peer_median_us"] is None or row["peer_median_us"] > 0
