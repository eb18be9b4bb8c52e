"""Find secrets in a message and redact them before anything stores or shows it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from router.classify.bip39 import Bip39Wordlists
from router.classify.keys import find_keys
from router.classify.passwords import find_credentials
from router.classify.seeds import SeedPhraseFinder


class SecretKind(StrEnum):
    SEED_PHRASE = "seed phrase"
    PRIVATE_KEY = "private key"
    PASSWORD = "password"
    API_SECRET = "api secret"


@dataclass(frozen=True, slots=True)
class Secret:
    kind: SecretKind
    start: int
    end: int
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class Redaction:
    redacted_text: str
    secrets: tuple[Secret, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        """Kinds found, each once, in order of first appearance."""
        return tuple(dict.fromkeys(s.kind.value for s in self.secrets))


class SecretScanner:
    """Finds seed phrases, private keys, passwords and API secrets; built once."""

    def __init__(self, wordlists: Bip39Wordlists) -> None:
        self._seeds = SeedPhraseFinder(wordlists)

    def find(self, text: str) -> list[Secret]:
        found = [
            Secret(SecretKind.SEED_PHRASE, m.start, m.end, m.confidence, m.reason)
            for m in self._seeds.find(text)
        ]
        found += [
            Secret(SecretKind.PRIVATE_KEY, k.start, k.end, k.confidence, k.reason)
            for k in find_keys(text)
        ]
        found += [
            Secret(SecretKind(c.kind), c.start, c.end, c.confidence, c.reason)
            for c in find_credentials(text)
        ]
        return _merge(found)

    def redact(self, text: str) -> Redaction:
        secrets = self.find(text)
        parts: list[str] = []
        cursor = 0
        for secret in secrets:
            parts.append(text[cursor : secret.start])
            parts.append(f"[redacted: {secret.kind.value}]")
            cursor = secret.end
        parts.append(text[cursor:])
        return Redaction(redacted_text="".join(parts), secrets=tuple(secrets))


def _merge(found: list[Secret]) -> list[Secret]:
    """Non-overlapping secrets in text order; of overlapping ones the widest span wins."""
    merged: list[Secret] = []
    for secret in sorted(found, key=lambda s: (s.start, -(s.end - s.start))):
        if merged and secret.start < merged[-1].end:
            last = merged[-1]
            if secret.end > last.end:
                merged[-1] = Secret(last.kind, last.start, secret.end, last.confidence, last.reason)
            continue
        merged.append(secret)
    return merged
