"""Password hashes: argon2id through argon2-cffi's defaults (RFC 9106 low-memory profile)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(hash: str, password: str) -> bool:
    """False for a wrong password and for a malformed or empty stored hash alike."""
    try:
        return _HASHER.verify(hash, password)
    except (VerificationError, InvalidHashError):
        return False
