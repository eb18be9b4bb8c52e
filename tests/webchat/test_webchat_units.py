"""The pure parts of the web chat: tokens, spam, business hours, languages, file types."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from connectors.webchat.abuse import spam_reason
from connectors.webchat.hours import parse_hours
from connectors.webchat.identity import (
    IdentityError,
    hmac_hex,
    new_visitor,
    sign_user,
    verify_user,
    verify_visitor,
)
from connectors.webchat.runtime import Texts
from connectors.webchat.server import sniff
from routing_rules.calendar import CalendarSyntaxError

pytestmark = pytest.mark.webchat

SECRET = "shared"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday


def test_a_host_site_token_is_hex_hmac_of_user_id_and_expiry() -> None:
    expires = NOW + timedelta(minutes=5)
    token = sign_user(SECRET, "acct-9", expires)
    payload = f"acct-9.{int(expires.timestamp())}"
    assert token == f"{payload}.{hmac_hex(SECRET, payload)}"
    identity = verify_user(SECRET, token, NOW)
    assert (identity.sender_id, identity.verified, identity.user_id) == ("u:acct-9", True, "acct-9")


def test_user_ids_may_contain_dots() -> None:
    token = sign_user(SECRET, "a.b.c", NOW + timedelta(minutes=5))
    assert verify_user(SECRET, token, NOW).user_id == "a.b.c"


@pytest.mark.parametrize(
    ("token", "reason"),
    [
        (sign_user("other", "acct-9", NOW + timedelta(minutes=5)), "signature"),
        (sign_user(SECRET, "acct-9", NOW), "expired"),
        (sign_user(SECRET, "acct-9", NOW - timedelta(days=1)), "expired"),
        ("acct-9", "malformed"),
        ("acct-9.soon.abc", "malformed"),
        ("", "malformed"),
    ],
)
def test_bad_user_tokens_are_refused_with_the_reason(token: str, reason: str) -> None:
    with pytest.raises(IdentityError, match=reason):
        verify_user(SECRET, token, NOW)


def test_a_changed_expiry_breaks_the_signature() -> None:
    token = sign_user(SECRET, "acct-9", NOW + timedelta(minutes=5))
    user, expiry, mac = token.split(".")
    with pytest.raises(IdentityError, match="signature"):
        verify_user(SECRET, f"{user}.{int(expiry) + 86400}.{mac}", NOW)


def test_verified_identity_off_without_a_secret() -> None:
    with pytest.raises(IdentityError, match="not enabled"):
        verify_user("", sign_user("x", "acct-9", NOW + timedelta(minutes=5)), NOW)


def test_visitor_tokens_cannot_be_made_up() -> None:
    visitor = new_visitor(SECRET)
    assert verify_visitor(SECRET, visitor.visitor_token).sender_id == visitor.sender_id
    assert visitor.sender_id.startswith("v:")
    forged = visitor.visitor_token.split(".")[0] + ".AAAA"
    with pytest.raises(IdentityError):
        verify_visitor(SECRET, forged)
    with pytest.raises(IdentityError):
        verify_visitor("another-deployment", visitor.visitor_token)


@pytest.mark.parametrize(
    ("text", "recent", "spam"),
    [
        ("My deposit of 0.5 BTC is missing", [], False),
        ("see https://a.io https://b.io https://c.io", [], False),
        ("see https://a.io https://b.io https://c.io www.d.io", [], True),
        ("!" * 30, [], True),
        ("hello?", ["hello?", "hello?"], True),
        ("hello?", ["HELLO?", "hello?  "], True),
        ("hello?", ["hello?", "something else"], False),
        ("hello?", ["hello?"], False),
    ],
)
def test_spam_heuristics(text: str, recent: list[str], spam: bool) -> None:
    assert bool(spam_reason(text, recent)) is spam


def test_business_hours() -> None:
    calendar = parse_hours("mon-fri 08:00-20:00; sat 10:00-14:00", "Europe/Berlin")
    assert calendar.is_open(NOW)  # Tuesday 11:00 in Berlin
    assert not calendar.is_open(NOW.replace(hour=20))  # 21:00 in Berlin
    assert calendar.is_open(NOW + timedelta(days=4))  # Saturday 11:00
    assert not calendar.is_open(NOW + timedelta(days=5))  # Sunday
    assert parse_hours("", "UTC").is_open(NOW + timedelta(days=5))


def test_bad_business_hours_fail_naming_the_problem() -> None:
    with pytest.raises(CalendarSyntaxError, match="bad day"):
        parse_hours("mon-fry 08:00-20:00", "UTC")
    with pytest.raises(CalendarSyntaxError, match="time zone"):
        parse_hours("", "Mars/Olympus")


@pytest.mark.parametrize(
    ("browser", "chosen"),
    [(["de-CH", "en"], "de"), (["pt-BR"], "en"), (["fr"], "fr"), ([], "en"), (["zh"], "en")],
)
def test_texts_follow_the_browser_language(browser: list[str], chosen: str) -> None:
    texts = Texts({"en": {"send": "Send"}, "de": {}, "fr": {"send": "Envoyer"}}, ())
    assert texts.pick(browser, ("en", "de", "fr")) == chosen
    assert texts.for_language("de")["send"] == "Send"  # a missing text falls back to English


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"GIF89a", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"%PDF-1.7", "application/pdf"),
        (b"MZ\x90\x00", ""),
        (b"<svg onload=alert(1)>", ""),
    ],
)
def test_uploads_are_typed_by_their_bytes(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_every_configured_language_has_every_text() -> None:
    from connectors.webchat.runtime import load_texts
    from router.settings import DEFAULT_CONFIG_DIR, Settings

    texts = load_texts(DEFAULT_CONFIG_DIR)
    english = set(texts.by_language["en"])
    for lang in Settings().webchat_languages:
        assert set(texts.by_language[lang]) == english, lang


async def test_production_refuses_the_development_visitor_secret() -> None:
    from connectors.webchat.process import run_webchat
    from router.settings import SettingsError, load_settings

    settings = load_settings(env="production", redis_url="redis://127.0.0.1:1/0")
    with pytest.raises(SettingsError, match="SWITCHBOARD_WEBCHAT_SECRET"):
        await run_webchat(settings, asyncio.Event())
