"""The official BIP39 word lists (from trezor's ``mnemonic`` package) and phrase checks."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from mnemonic import Mnemonic

# Users type without accents ("abaco" for "ábaco"), so both the lists and the input are
# folded the same way before comparing.
_LATIN_LISTS = ("english", "spanish", "french", "italian", "portuguese", "czech", "turkish")
_VALID_LENGTHS = frozenset({12, 15, 18, 21, 24})


def fold(word: str) -> str:
    """Lower-case ``word`` and drop combining marks (NFKD), as BIP39 itself normalizes."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True, slots=True)
class Wordlist:
    language: str
    index: dict[str, int]
    # Maps a word and each of its one-letter deletions to the word: symmetric-delete lookup
    # finds every word within one edit (and most transpositions) without scanning the list.
    near: dict[str, str]

    def exact(self, token: str) -> bool:
        return token in self.index

    def closest(self, token: str) -> str | None:
        """A list word one typo away from ``token`` (a word of four or more letters)."""
        if len(token) < 4:
            return None
        for candidate in (token, *_deletions(token)):
            found = self.near.get(candidate)
            if found is not None:
                return found
        return None

    def checksum_valid(self, words: list[str]) -> bool:
        """True if ``words`` (folded, all in this list) form a phrase with a valid checksum."""
        if len(words) not in _VALID_LENGTHS or any(w not in self.index for w in words):
            return False
        bits = "".join(format(self.index[w], "011b") for w in words)
        checksum_len = len(bits) // 33
        entropy_bits = bits[: len(bits) - checksum_len]
        entropy = int(entropy_bits, 2).to_bytes(len(entropy_bits) // 8, "big")
        digest = hashlib.sha256(entropy).digest()
        expected = format(digest[0], "08b")[:checksum_len]
        return bits[-checksum_len:] == expected


class Bip39Wordlists:
    """All BIP39 languages, loaded once and passed to ``SecretScanner``."""

    def __init__(self, lists: tuple[Wordlist, ...]) -> None:
        self.lists = lists
        # One set over every list lets a message with too few list words be skipped at once.
        self.all_words = frozenset(w for wl in lists for w in wl.index)

    @classmethod
    def load(cls) -> Bip39Wordlists:
        lists = tuple(_load(language) for language in Mnemonic.list_languages())
        return cls(lists)


def _load(language: str) -> Wordlist:
    words = [fold(w) for w in Mnemonic(language).wordlist]
    index = {w: i for i, w in enumerate(words)}
    near: dict[str, str] = {}
    if language in _LATIN_LISTS:
        for word in words:
            near.setdefault(word, word)
            for deleted in _deletions(word):
                near.setdefault(deleted, word)
    return Wordlist(language=language, index=index, near=near)
