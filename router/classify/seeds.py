"""Find BIP39 seed phrases: runs of word-list words, typos and numbering tolerated."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from router.classify.bip39 import Bip39Wordlists, Wordlist, fold

# A Han character is one BIP39 word in the Chinese lists, so each is its own token.
# Combining marks are part of the word: pasted phrases are often NFKD ("e\u0301nergie").
# U+FFFD too: mnemonic 0.21's Russian list has one word with it ("сно\ufffd\ufffdа"),
# which wallets built on that list will show to their users.
_TOKEN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff]|(?:[^\W\d_]|[\u0300-\u036f\u3099-\u309c\ufffd])+|\d+"
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTEXT = re.compile(
    r"seed|mnemonic|recovery|secret phrase|backup phrase|(?:12|24)\s*words|助记词|助記詞|种子|"
    r"種子|시드|니모닉|복구\s*(?:문구|구문)|シード|ニーモニック|復元フレーズ|сид|мнемони|"
    r"фраза восстановления|semilla|frase de recupera|phrase de r[ée]cup[ée]ration|mn[ée]monique|"
    r"c[ụu]m t[ừu] kh[ôo]i ph[ụu]c|kurtarma|gizli kelime|frase semente|frasa pemulihan|"
    r"wiederherstellung|عبارة الاسترداد|العبارة السرية",
    re.IGNORECASE,
)
_MIN_WORDS = 12
_MIN_WORDS_WITH_CONTEXT = 8
# The fewest exact list words a run ``_judge`` accepts can have: its shortest length less
# the most misses it allows at that length.
_MIN_EXACT = _MIN_WORDS - _MIN_WORDS // 8
_MIN_EXACT_WITH_CONTEXT = _MIN_WORDS_WITH_CONTEXT - max(1, _MIN_WORDS_WITH_CONTEXT // 6)
_FOLDED_CACHE = 1 << 16


@functools.lru_cache(maxsize=_FOLDED_CACHE)
def _fold(word: str) -> str:
    # Chat repeats its words; NFKD per token was most of the time of a clean message.
    return fold(word)


@dataclass(frozen=True, slots=True)
class SeedMatch:
    start: int
    end: int
    words: int
    language: str
    confidence: float
    reason: str


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    han: bool


class SeedPhraseFinder:
    def __init__(self, wordlists: Bip39Wordlists) -> None:
        self._lists = wordlists.lists
        self._all_words = wordlists.all_words

    def find(self, text: str) -> list[SeedMatch]:
        # Every message passes here and few hold a phrase: count list words first, cheaply.
        words = [_fold(w) for w in _TOKEN.findall(text) if not w.isdigit()]
        fewest = _MIN_WORDS_WITH_CONTEXT - 2
        if len(words) < fewest:
            return []
        known = sum(w in self._all_words for w in words)
        if known < fewest:
            return []
        has_context = bool(_CONTEXT.search(text))
        if known < (_MIN_WORDS_WITH_CONTEXT if has_context else _MIN_WORDS) - 2:
            return []
        # A phrase is mostly exact words of one list (see ``_judge``): skip lists with too few.
        needed = _MIN_EXACT_WITH_CONTEXT if has_context else _MIN_EXACT
        lists = [wl for wl in self._lists if sum(w in wl.index for w in words) >= needed]
        if not lists:
            return []
        tokens = [
            _Token(_fold(m.group()), m.start(), m.end(), bool(_HAN.fullmatch(m.group())))
            for m in _TOKEN.finditer(text)
            if not m.group().isdigit()  # numbering ("1. abandon 2. ability") is neutral
        ]
        matches: list[SeedMatch] = []
        for wordlist in lists:
            matches.extend(_find_in(text, tokens, wordlist, has_context))
        return matches


def _classify(token: _Token, wordlist: Wordlist) -> str:
    if wordlist.exact(token.text):
        return "E"
    if wordlist.closest(token.text) is not None:
        return "F"
    return "U"


def _runs(classes: list[str]) -> list[tuple[int, int]]:
    """Spans [first, last] that start and end on exact words; two misses in a row end one."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(classes):
        if classes[i] != "E":
            i += 1
            continue
        last_exact, j, misses_in_row = i, i + 1, 0
        while j < len(classes) and misses_in_row < 2:
            if classes[j] == "E":
                last_exact, misses_in_row = j, 0
            else:
                misses_in_row += 1
            j += 1
        runs.append((i, last_exact))
        i = last_exact + 1
    return runs


def _find_in(
    text: str, tokens: list[_Token], wordlist: Wordlist, has_context: bool
) -> list[SeedMatch]:
    classes = [_classify(t, wordlist) for t in tokens]
    found: list[SeedMatch] = []
    for first, last in _runs(classes):
        run = tokens[first : last + 1]
        kinds = classes[first : last + 1]
        match = _judge(text, run, kinds, wordlist, has_context)
        if match is not None:
            found.append(match)
    return found


def _judge(
    text: str, run: list[_Token], kinds: list[str], wordlist: Wordlist, has_context: bool
) -> SeedMatch | None:
    length, misses = len(run), sum(k != "E" for k in kinds)
    if length < (_MIN_WORDS_WITH_CONTEXT if has_context else _MIN_WORDS):
        return None
    # Prose is full of list words ("have", "fee", "about"); one typo per eight words is
    # what real pasted phrases show, more is allowed only when the text speaks of a seed.
    if misses > (max(1, length // 6) if has_context else length // 8):
        return None
    # Ordinary Chinese prose is mostly list characters; a phrase is written spaced out.
    if run[0].han and not has_context and not _mostly_spaced(text, run):
        return None
    words = [t.text for t in run]
    if _any_checksum_valid(words, wordlist):
        confidence, reason = 0.99, "valid checksum"
    elif has_context:
        confidence, reason = 0.9, "seed-phrase wording nearby"
    elif misses == 0:
        confidence, reason = 0.85, "all words in the list"
    else:
        confidence, reason = 0.7, f"{misses} mistyped or unknown word(s)"
    return SeedMatch(
        start=run[0].start,
        end=run[-1].end,
        words=length,
        language=wordlist.language,
        confidence=confidence,
        reason=f"{length} BIP39 {wordlist.language} words, {reason}",
    )


def _any_checksum_valid(words: list[str], wordlist: Wordlist) -> bool:
    """A valid phrase inside a longer run (neighbouring prose words that are list words)."""
    return any(
        wordlist.checksum_valid(words[i : i + size])
        for size in (12, 15, 18, 21, 24)
        for i in range(len(words) - size + 1)
    )


def _mostly_spaced(text: str, run: list[_Token]) -> bool:
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(run)]
    return sum(bool(g.strip(" \u3000\t\n,，、.;") == "" and g) for g in gaps) >= len(gaps) * 0.8
