"""Agent passwords: argon2 hashes, verified at sign-in."""

from __future__ import annotations

import pytest

from router.auth.passwords import hash_password, needs_rehash, verify_password

pytestmark = pytest.mark.inbox


def test_hash_verifies_only_the_same_password() -> None:
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "correct horsE")
    assert not needs_rehash(stored)


def test_same_password_hashes_differently() -> None:
    assert hash_password("pw") != hash_password("pw")


@pytest.mark.parametrize("stored", ["", "plain", "$argon2id$broken"])
def test_malformed_hash_never_verifies(stored: str) -> None:
    assert not verify_password(stored, "plain")


def test_empty_password_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_password("")
