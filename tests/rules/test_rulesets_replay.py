"""Replay: stored traffic re-decided with candidate rules; the report counts each change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from replay_seeding import TRAFFIC, Stored, store
from rulesets_support import T0, rules_text
from sqlalchemy.ext.asyncio import AsyncEngine

from router import replay as replay_module
from router.replay import Example, Move, replay
from router.rules_decider import SPAM_QUEUE
from routing_rules import load

pytestmark = pytest.mark.rules

SINCE = T0 - timedelta(days=7)
NOW = T0 + timedelta(hours=1)


async def test_the_live_rules_change_nothing(engine: AsyncEngine) -> None:
    await store(engine, TRAFFIC)
    report = await replay(engine, load(rules_text(), "live.yaml"), SINCE, NOW)
    assert (report.total, report.unchanged, report.moves, report.priority_changes) == (4, 4, (), ())


async def test_moving_one_topic_counts_exactly_those_messages(engine: AsyncEngine) -> None:
    await store(engine, TRAFFIC)
    candidate = load(rules_text(withdrawals_to="payments"), "candidate.yaml")

    report = await replay(engine, candidate, SINCE, NOW)

    assert report.candidate_version == candidate.version
    assert (report.total, report.unchanged, report.moved) == (4, 2, 2)
    assert report.moves == (
        Move(
            "withdrawals",
            "payments",
            2,
            (
                Example("w-1", "My withdrawal has been pending for 6 hours"),
                Example("w-2", "Still pending! Any news?"),
            ),
        ),
    )
    assert report.priority_changes == ()


async def test_a_priority_change_in_the_same_queue_is_reported_apart(
    engine: AsyncEngine,
) -> None:
    await store(engine, TRAFFIC)
    report = await replay(engine, load(rules_text(general_priority=35), "c.yaml"), SINCE, NOW)
    [change] = report.priority_changes
    assert (change.queue, change.from_priority, change.to_priority, change.count) == (
        "general",
        30,
        35,
        1,
    )
    [example] = change.examples
    assert example.message_id == "g-1"
    assert len(example.preview) == 80
    assert example.preview.endswith("…")
    assert report.moves == ()


FOLLOW_UPS_STAY = rules_text(withdrawals_to="payments").replace(
    "rules:\n",
    "rules:\n  - name: follow-ups-stay\n    when: {conversation.is_new: false}\n"
    "    then: {stay: true}\n",
)


async def test_follow_ups_are_replayed_as_follow_ups_in_their_queue(engine: AsyncEngine) -> None:
    await store(engine, TRAFFIC)
    report = await replay(engine, load(FOLLOW_UPS_STAY, "c.yaml"), SINCE, NOW)
    [move] = report.moves
    # w-2 continued a conversation already in withdrawals, so it stays; only w-1 moves.
    assert (move.from_queue, move.to_queue, move.count) == ("withdrawals", "payments", 1)
    assert [e.message_id for e in move.examples] == ["w-1"]


async def test_pages_through_traffic_and_stops_at_the_limit(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = [Stored(f"m-{i:02}", f"c-{i}", f"withdrawal {i}", "withdrawal", i) for i in range(7)]
    await store(engine, many)
    monkeypatch.setattr(replay_module, "PAGE_SIZE", 2)
    candidate = load(rules_text(withdrawals_to="payments"), "c.yaml")

    everything = await replay(engine, candidate, SINCE, NOW)
    first_five = await replay(engine, candidate, SINCE, NOW, limit=5)

    assert (everything.total, everything.moved, everything.truncated) == (7, 7, False)
    assert [e.message_id for e in everything.moves[0].examples] == ["m-00", "m-01", "m-02"]
    assert (first_five.total, first_five.truncated) == (5, True)


async def test_the_report_as_json(engine: AsyncEngine) -> None:
    await store(engine, TRAFFIC)
    report = await replay(engine, load(rules_text(withdrawals_to="payments"), "c.yaml"), SINCE, NOW)
    data = report.to_json()
    assert {k: data[k] for k in ("total", "unchanged", "moved", "truncated")} == {
        "total": 4,
        "unchanged": 2,
        "moved": 2,
        "truncated": False,
    }
    assert data["moves"][0]["examples"][0] == {
        "message_id": "w-1",
        "preview": "My withdrawal has been pending for 6 hours",
    }
    assert (data["since"], data["priority_changes"]) == (SINCE.isoformat(), [])


GENERAL_IS_SPAM = rules_text().replace(
    "rules:\n",
    "rules:\n  - name: spam\n    when: {topic: general}\n    then: {spam: true}\n",
)


async def test_spam_is_counted_as_a_move_to_the_spam_queue_the_router_uses(
    engine: AsyncEngine,
) -> None:
    await store(engine, TRAFFIC)
    report = await replay(engine, load(GENERAL_IS_SPAM, "c.yaml"), SINCE, NOW)
    [move] = report.moves
    assert (move.from_queue, move.to_queue, move.count) == ("general", SPAM_QUEUE, 1)
