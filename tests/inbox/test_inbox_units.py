"""Pure pieces of the inbox: password hashes, canned responses, live-event filtering, access."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from router.api.live import _frames
from router.auth.access import Reader, takeable
from router.auth.passwords import hash_password, verify_password
from router.events import Event, Routed, encode_event, encode_routed
from router.inbox.canned import CannedError, fill, parse

pytestmark = pytest.mark.inbox


def test_passwords_verify_only_the_right_one() -> None:
    stored = hash_password("s3cret!")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "s3cret!")
    assert not verify_password(stored, "s3cret")
    assert not verify_password("", "s3cret!")
    assert not verify_password("not a hash", "s3cret!")


def test_canned_falls_back_to_english_and_fills_known_variables() -> None:
    [item] = parse(
        "responses:\n  - id: hi\n    title: Hi\n    text:\n      en: 'Hi {customer_name} {typo}'\n",
        "canned.yaml",
    )
    assert item.text_for("ko") == ("en", "Hi {customer_name} {typo}")
    assert fill("Hi {customer_name} {typo}", {"customer_name": "Bo"}) == "Hi Bo {typo}"
    with pytest.raises(CannedError, match=r"canned\.yaml: response #1"):
        parse("responses:\n  - title: no id\n", "canned.yaml")


def test_the_shipped_canned_responses_parse() -> None:
    from router.inbox.canned import load
    from router.settings import DEFAULT_CONFIG_DIR

    found = load(DEFAULT_CONFIG_DIR)
    assert {c.id for c in found} >= {"greeting", "txid-needed", "never-share-secrets"}
    assert all("en" in c.texts for c in found)


@pytest.mark.parametrize(
    ("skills", "expected"),
    [
        ((), {"general"}),
        (("security",), {"general", "security"}),
        (("security", "vip", "x"), {"general", "security", "vip"}),
    ],
)
def test_an_agent_takes_from_queues_whose_skills_they_all_have(
    skills: tuple[str, ...], expected: set[str]
) -> None:
    required = {"general": (), "security": ("security",), "vip": ("vip",), "both": ("a", "b")}
    assert takeable(required, skills) == expected


def _as_read(fields: dict[str, bytes]) -> dict[bytes, bytes]:
    return {k.encode(): v for k, v in fields.items()}  # as XREAD hands them back


def test_live_events_reach_only_agents_who_may_read_the_queue() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    routed = _as_read(
        encode_routed(
            [
                Routed("c1", "m1", "security", 90, "log", "1-0"),
                Routed("c2", "m2", "general", 30, "log", "2-0"),
            ],
            at,
        )
    )
    update = _as_read(encode_event(Event("conversation.updated", "c3", queue="security", at=at)))
    amy = Reader("amy", frozenset({"general"}))
    sue = Reader("sue", None)

    amy_frames = [*_frames(amy, "5-0", routed), *_frames(amy, "6-0", update)]
    sue_frames = list(_frames(sue, "6-0", update))

    assert '"c2"' in amy_frames[0]
    assert '"c1"' not in amy_frames[0]
    assert amy_frames[1] == "id: 6-0\n\n"  # position moves on, nothing about c3
    assert '"c3"' in sue_frames[0]
