"""Passwords and API secrets stated in text: "my password is X", "pw: X", "api secret: X"."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PASSWORD_LABEL = (
    r"password|passwd|passcode|pass|pwd|pw|mật khẩu|mat khau|contraseña|contrasena|"
    r"mot de passe|mdp|senha|passwort|kennwort|şifre(?:m|mi)?|sifre(?:m|mi)?|"
    r"kata sandi|sandi|пароль|密码|密碼|비밀번호|비번|パスワード|كلمة (?:المرور|السر)"
)
_SECRET_LABEL = (
    r"api[\s_-]*secret(?:[\s_-]*key)?|secret[\s_-]*key|client[\s_-]*secret|apisecret|"
    r"secret|シークレット(?:キー)?|시크릿\s*키|секретн\w*\s+ключ|clave secreta|cl[ée] secr[èe]te"
)
# "is"-like words and particles between the label and the value, in the 13 languages.
_CONNECTOR = (
    r"\s*(?:[:=：]|-|\bis\b|\bwas\b|\bes\b|\best\b|\bé\b|\bist\b|\blà\b|\badalah\b|"
    r"\bsaya\b|\bera\b|是|为|為|는|은|は|:)?\s*"
)
_VALUE = r"(?P<value>[!-~]{4,64})"
_PASSWORD = re.compile(
    rf"(?<![A-Za-z])(?:{_PASSWORD_LABEL})(?![A-Za-z])(?P<conn>{_CONNECTOR}){_VALUE}", re.IGNORECASE
)
_SECRET = re.compile(
    rf"(?<![A-Za-z])(?:{_SECRET_LABEL})(?![A-Za-z])(?P<conn>{_CONNECTOR}){_VALUE}", re.IGNORECASE
)
_SECRET_VALUE = re.compile(r"[A-Za-z0-9+/=_-]{16,}")

# Words that follow "password is"/"password:" and describe it instead of being it.
_NOT_A_PASSWORD = frozenset(
    [
        "not",
        "wrong",
        "incorrect",
        "correct",
        "invalid",
        "expired",
        "locked",
        "blocked",
        "reset",
        "changed",
        "lost",
        "forgotten",
        "forgot",
        "stolen",
        "compromised",
        "leaked",
        "hacked",
        "required",
        "rejected",
        "accepted",
        "denied",
        "declined",
        "refused",
        "disabled",
        "working",
        "work",
        "works",
        "too",
        "very",
        "still",
        "same",
        "different",
        "weak",
        "strong",
        "being",
        "been",
        "the",
        "and",
        "for",
        "reset,",
        "change",
        "please",
        "field",
        "box",
        "page",
        "form",
        "help",
        "issue",
        "problem",
        "recovery",
        "manager",
        "protected",
        "updated",
        "does",
        "doesn't",
        "isn't",
        "wasn't",
        "don't",
        "can't",
        "won't",
        "will",
        "would",
        "should",
        "could",
        "has",
        "have",
        "had",
        "is",
        "was",
        "are",
        "were",
        "it",
        "that",
        "this",
        "with",
        "from",
        "into",
        "when",
        "after",
        "before",
        "again",
        "now",
        "here",
        "there",
        "also",
        "only",
        "just",
        "ok",
        "okay",
        "fine",
        "right",
        "good",
        "bad",
        "long",
        "short",
        "new",
        "old",
        "mine",
        "yours",
        "their",
        "correctly",
        "anymore",
        "since",
    ]
)


@dataclass(frozen=True, slots=True)
class CredentialMatch:
    kind: str
    start: int
    end: int
    confidence: float
    reason: str


def find_credentials(text: str) -> list[CredentialMatch]:
    found: list[CredentialMatch] = []
    for match in _SECRET.finditer(text):
        value = _trim(match.group("value"))
        if _SECRET_VALUE.fullmatch(value):
            start = match.start("value")
            found.append(
                CredentialMatch("api secret", start, start + len(value), 0.95, "api secret stated")
            )
    for match in _PASSWORD.finditer(text):
        value = _trim(match.group("value"))
        if _looks_like_password(value, match.group("conn")):
            start = match.start("value")
            found.append(
                CredentialMatch("password", start, start + len(value), 0.9, "password stated")
            )
    return found


def _trim(value: str) -> str:
    # Sentence punctuation after a password is nearly always punctuation, not password.
    return value.rstrip(".,!?;)\"'")


def _looks_like_password(value: str, connector: str) -> bool:
    if len(value) < 4 or value.lower() in _NOT_A_PASSWORD:
        return False
    has_symbol_or_digit = any(not c.isalpha() for c in value)
    mixed_case = value != value.lower() and value != value.upper()
    if has_symbol_or_digit or mixed_case:
        return True
    # A plain lower-case word needs an explicit "is"/":" before it, and some length, so
    # "password reset" or "password please" are not taken as the password itself.
    return bool(connector.strip()) and len(value) >= 6
