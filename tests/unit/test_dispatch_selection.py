"""Who may take a conversation, and in which order: skills (relaxed step by step), least
busy, round robin, sticky. Pure functions; the Redis side is in tests/dispatch."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from router.dispatch.model import Agent, Requirement, Step
from router.dispatch.selection import (
    Seat,
    SeatPool,
    Strategy,
    order,
    position,
    qualifies,
    seats,
)

pytestmark = pytest.mark.inbox

STEPS = (
    Step("security", 95, ("security", "lang:ja"), 60),
    Step("security", 95, ("security",), 240),
    Step("general", 105, ()),
)
REQ = Requirement("c1", "webchat", "ja", STEPS)


def agent(
    name: str, *, languages: tuple[str, ...] = ("en",), skills: tuple[str, ...] = ()
) -> Agent:
    return Agent(name, f"{name}@x.test", name, languages=languages, skills=skills)


@pytest.mark.parametrize(
    ("waited", "queue", "expected"),
    [
        (0, "security", 0),
        (59.9, "security", 0),
        (60, "security", 1),  # the language requirement is dropped after 60 s
        (299.9, "security", 1),
        (300, "security", 2),  # then the overflow queue
        (10_000, "general", 2),
        (0, "general", 2),  # already moved on: never back to an earlier step
    ],
)
def test_steps_relax_after_each_timeout(waited: float, queue: str, expected: int) -> None:
    index, step = position(REQ, queue, waited)
    assert index == expected
    assert step == STEPS[expected]


def test_a_queue_outside_the_steps_needs_no_skills() -> None:
    index, step = position(REQ, "vip", 5)
    assert index == -1
    assert step.queue == "vip"
    assert step.skills == ()


def test_language_skill_is_met_by_a_spoken_language() -> None:
    ja = agent("ja", languages=("ja", "en"), skills=("security",))
    en = agent("en", skills=("security",))
    assert qualifies(ja, STEPS[0].skills)
    assert not qualifies(en, STEPS[0].skills)
    assert qualifies(en, STEPS[1].skills)
    assert not qualifies(agent("none"), STEPS[1].skills)
    assert qualifies(agent("none"), STEPS[2].skills)
    desk = Agent("d", "d@x", "d", teams=("vip-desk",))
    assert qualifies(desk, ("team:vip-desk",))
    assert not qualifies(desk, ("team:emea",))
    assert not qualifies(desk, ("vip-desk",))


def test_seats_only_for_qualified_agents_with_their_channel_capacity() -> None:
    a = Agent("a", "a@x", "a", skills=("security",), capacity={"webchat": 2, "email": 9})
    b = Agent("b", "b@x", "b", skills=("security",), capacity={"*": 4})
    c = Agent("c", "c@x", "c")
    found = seats([a, b, c], ("security",), "webchat", {"a": {"webchat": 1}}, 5)
    assert found == [Seat("a", 1, 2), Seat("b", 0, 4)]
    assert seats([c], (), "email", {}, 5) == [Seat("c", 0, 5)]


def test_least_busy_prefers_the_smallest_share_of_capacity_in_use() -> None:
    got = order(
        [Seat("a", 2, 4), Seat("b", 1, 4), Seat("c", 1, 1), Seat("d", 2, 10)],
        Strategy.LEAST_BUSY,
    )
    assert got == ["d", "b", "a"]  # c is full; d is 20 % busy, b 25 %, a 50 %


def test_round_robin_rotates_by_the_shared_turn() -> None:
    s = [Seat("c", 0, 2), Seat("a", 1, 2), Seat("b", 0, 2)]
    assert order(s, Strategy.ROUND_ROBIN, turn=0) == ["a", "b", "c"]
    assert order(s, Strategy.ROUND_ROBIN, turn=1) == ["b", "c", "a"]
    assert order(s, Strategy.ROUND_ROBIN, turn=5) == ["c", "a", "b"]


def test_sticky_agent_first_while_they_have_room() -> None:
    s = [Seat("a", 0, 2), Seat("b", 1, 2)]
    assert order(s, Strategy.LEAST_BUSY, sticky="b") == ["b", "a"]
    assert order([Seat("a", 0, 2), Seat("b", 2, 2)], Strategy.LEAST_BUSY, sticky="b") == ["a"]
    assert order(s, Strategy.LEAST_BUSY, sticky="gone") == ["a", "b"]


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), min_size=1, max_size=12),
    st.sampled_from(list(Strategy)),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 50)), max_size=40),
)
def test_seat_pool_keeps_the_order_of_order(
    raw: list[tuple[int, int]], strategy: Strategy, picks: list[tuple[int, int]]
) -> None:
    """The incremental pool the dispatcher uses agrees with ``order`` after every pick."""
    initial = [Seat(f"a{i:02d}", load, cap) for i, (load, cap) in enumerate(raw)]
    pool = SeatPool(initial, strategy)
    for who, turn in picks:
        now = [Seat(s.agent_id, pool.load[s.agent_id], s.capacity) for s in initial]
        sticky = f"a{who:02d}"
        assert pool.best(3, turn, sticky) == order(now, strategy, turn, sticky)[:3]
        best = pool.best(1, turn)
        if best:
            pool.take(best[0])


def test_pools_of_one_channel_share_their_seats() -> None:
    load: dict[str, int] = {}
    speakers = SeatPool([Seat("a", 0, 1), Seat("b", 0, 2)], Strategy.LEAST_BUSY, load)
    anyone = SeatPool(
        [Seat("a", 0, 1), Seat("b", 0, 2), Seat("c", 1, 2)], Strategy.LEAST_BUSY, load
    )
    assert speakers.best(1) == ["a"]
    speakers.take("a")
    assert anyone.best(3) == ["b", "c"]  # a is full whichever pool filled it
