"""The precise language pass for languages that share a script: how often each language
uses the message's letter 1- to 5-grams, learnt from ``wordfreq``'s word lists.

lingua's precise mode works the same way, but holds its n-gram tables as hash maps of about
25 MB per language: 300 MB for the eleven Latin-script default languages, half of what the
router may use. Here the n-grams of all languages share one sorted array of 40-bit keys
(up to five letters of 8 bits each, from an alphabet of the languages' 254 most used
letters) and one float16 table of log frequencies, about 2 MB a language; a message is
scored with a handful of numpy calls. On lingua's own test lines it decides the short
lines lingua's fast pass is unsure of a little better than lingua's precise mode does
(``switchboard bench language``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from router.classify.wordlists import most_frequent, word_list_paths

WORDS_PER_LANGUAGE = 100_000
# Each word counts by frequency^0.75: running text's n-grams, damped, so the rarer words'
# endings (the telling part of single words) are not drowned by "de" and "the".
WEIGHT_POWER = 0.75
# The relative frequency of an n-gram a language was never seen using.
FLOOR = 1e-10
LONGEST = 5
# Overlapping n-grams count each letter up to fifteen times, so summed log frequencies
# overstate the evidence and would leave a channel's language hint no say. Divided by this
# (chosen on lingua's test lines outside the benchmark's sample, with one hint in ten wrong)
# the probabilities weigh against hints as lingua's did; the ranking does not change.
TEMPERATURE = 16.0
_LETTERS = 254  # codes 1..254; 0 marks a letter outside the alphabet
_SPACE = 1  # the alphabet's first letter
_WORD = re.compile(r"[^\W\d_]+")
_BMP = 0x10000
_RECIPE = f"char-ngrams-1:{WORDS_PER_LANGUAGE}:{WEIGHT_POWER}:{FLOOR}:{LONGEST}:{_LETTERS}"

Array = np.ndarray[Any, Any]


class CharNgramModel:
    """Letter n-gram log frequencies of several languages; build once, share, read only."""

    def __init__(
        self, languages: tuple[str, ...], alphabet: str, keys: Array, log_frequencies: Array
    ) -> None:
        self.languages = languages
        self.alphabet = alphabet
        self._keys = keys
        self._table = log_frequencies
        self._column = {code: i for i, code in enumerate(languages)}
        self._codes = _code_table(alphabet)
        self._letter_codes = {letter: i for i, letter in enumerate(alphabet, 1)}

    @classmethod
    def build(
        cls, languages: Sequence[str], words_per_language: int = WORDS_PER_LANGUAGE
    ) -> CharNgramModel:
        """From each language's most frequent words (a few seconds for eleven languages)."""
        lists = word_list_paths("best")
        words = {
            code: _letter_runs(most_frequent(lists[code], words_per_language)) for code in languages
        }
        alphabet = _alphabet(words.values())
        codes = _code_table(alphabet)
        counted = [_log_frequencies(runs, codes) for runs in words.values()]
        keys = np.unique(np.concatenate([k for k, _ in counted]))
        table = np.full((len(keys), len(counted)), math.log(FLOOR), dtype=np.float16)
        for column, (language_keys, logs) in enumerate(counted):
            table[np.searchsorted(keys, language_keys), column] = logs
        return cls(tuple(words), alphabet, keys, table)

    @classmethod
    def cached(cls, languages: tuple[str, ...], cache_dir: Path | None) -> CharNgramModel:
        """Load from ``cache_dir`` (building and saving it there the first time); without a
        cache directory, build once per process."""
        if cache_dir is None:
            return _built(languages)
        path = cls.path_in(cache_dir, languages)
        if path.is_file():
            return cls.load(path)
        model = _built(languages)
        model.save(path)
        return model

    @staticmethod
    def path_in(cache_dir: Path, languages: tuple[str, ...]) -> Path:
        """Named by the recipe, the languages and wordfreq's version: any change rebuilds."""
        return cache_dir / f"char-ngrams-{_fingerprint(languages)}.npz"

    @classmethod
    def load(cls, path: Path) -> CharNgramModel:
        with np.load(path, allow_pickle=False) as f:
            languages = tuple(str(c) for c in f["languages"])
            return cls(languages, str(f["alphabet"]), f["keys"], f["log_frequencies"])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as f:
            np.savez(
                f,
                languages=np.asarray(self.languages),
                alphabet=np.asarray(self.alphabet),
                keys=self._keys,
                log_frequencies=self._table,
            )
        partial.replace(path)  # another router reading the cache never sees half a file

    @property
    def nbytes(self) -> int:
        return int(self._keys.nbytes + self._table.nbytes + self._codes.nbytes)

    def scores(self, text: str, candidates: Sequence[str]) -> dict[str, float]:
        """Probability of each candidate (each one of ``languages``); {} for no letters."""
        keys = self._keys_of(text)
        if not keys:
            return {}
        wanted = np.fromiter(keys, dtype=np.uint64, count=len(keys))
        where = np.minimum(np.searchsorted(self._keys, wanted), len(self._keys) - 1)
        # An n-gram no language uses weighs the same for all: leaving it out changes nothing.
        known = where[self._keys[where] == wanted]
        columns = [self._column[code] for code in candidates]
        sums = self._table[known][:, columns].sum(axis=0, dtype=np.float64)
        sums /= TEMPERATURE
        weights = np.exp(sums - sums.max())
        probabilities = weights / weights.sum()
        return dict(zip(candidates, probabilities.tolist(), strict=True))

    def _keys_of(self, text: str) -> list[int]:
        """The keys of a message's n-grams, as ``_window_keys`` gives them for a whole word
        list at once; for one short message plain Python is several times faster."""
        keys: list[int] = []
        get = self._letter_codes.get
        for run in _WORD.findall(text.lower()):
            codes = [_SPACE, *(get(letter, 0) for letter in run), _SPACE]
            for start in range(len(codes)):
                key = 0
                for end in range(start, min(start + LONGEST, len(codes))):
                    code = codes[end]
                    if code == 0:
                        break
                    key |= code << (8 * (end - start))
                    # Spaces pad each run, so only a lone space is not an n-gram.
                    if end > start or code != _SPACE:
                        keys.append(key)
        return keys


@cache
def _built(languages: tuple[str, ...]) -> CharNgramModel:
    return CharNgramModel.build(languages)


def _fingerprint(languages: tuple[str, ...]) -> str:
    recipe = f"{_RECIPE}:{version('wordfreq')}:{','.join(languages)}"
    return hashlib.sha256(recipe.encode()).hexdigest()[:16]


def has_word_lists(languages: Sequence[str]) -> bool:
    lists = word_list_paths("best")
    return all(code in lists for code in languages)


def _letter_runs(words: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The runs of letters of each listed word, as a message's text is split ("don't" ->
    "don", "t"), each weighted by the word's damped frequency."""
    return [
        (run, frequency**WEIGHT_POWER) for word, frequency in words for run in _WORD.findall(word)
    ]


def _alphabet(languages: Any) -> str:
    """The most used letters of all the languages, space first."""
    use: dict[str, float] = {}
    for runs in languages:
        for run, weight in runs:
            for letter in run:
                use[letter] = use.get(letter, 0.0) + weight
    ranked = sorted(use, key=lambda letter: -use[letter])
    return " " + "".join(ranked[: _LETTERS - 1])


def _code_table(alphabet: str) -> Array:
    """Letter code (1..254) of each BMP code point; 0 for everything else."""
    table = np.zeros(_BMP, dtype=np.uint64)
    points = np.fromiter(map(ord, alphabet), dtype=np.int64, count=len(alphabet))
    table[points] = np.arange(1, len(alphabet) + 1, dtype=np.uint64)
    return table


def _encode(runs: Sequence[str], codes: Array) -> Array:
    """The letter codes of `` run1  run2 ...``: each run padded by a space on both sides."""
    padded = "".join(f" {run} " for run in runs)
    points = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32)
    return codes[np.minimum(points, _BMP - 1)] * (points < _BMP)


def _window_keys(encoded: Array) -> tuple[Array, Array, Array]:
    """Every 1- to 5-gram inside one padded run, as (keys, start positions, orders).

    A key packs the letters' codes 8 bits apiece, so keys of different lengths never meet.
    A window may start or end on its run's padding but not hold a space inside, nor be only
    padding, nor hold a letter outside the alphabet.
    """
    space = (encoded == 1).astype(np.int64)
    unknown = (encoded == 0).astype(np.int64)
    spaces = np.concatenate([[0], np.cumsum(space)])
    unknowns = np.concatenate([[0], np.cumsum(unknown)])
    keys, starts, orders = [], [], []
    for n in range(1, LONGEST + 1):
        count = len(encoded) - n + 1
        if count <= 0:
            break
        start = np.arange(count)
        key = np.zeros(count, dtype=np.uint64)
        for i in range(n):
            key |= encoded[i : i + count] << np.uint64(8 * i)
        inside = spaces[start + n - 1] - spaces[start + 1] if n > 2 else np.zeros(count, np.int64)
        ends = space[start] + space[start + n - 1] if n > 1 else space[start]
        valid = (inside == 0) & (ends < n) & (unknowns[start + n] == unknowns[start])
        keys.append(key[valid])
        starts.append(start[valid])
        orders.append(np.full(int(valid.sum()), n, dtype=np.int64))
    return np.concatenate(keys), np.concatenate(starts), np.concatenate(orders)


def _log_frequencies(runs: list[tuple[str, float]], codes: Array) -> tuple[Array, Array]:
    """One language's n-grams (sorted keys) and the log of each one's share of its order."""
    encoded = _encode([run for run, _ in runs], codes)
    weight_at = np.repeat(
        np.fromiter((w for _, w in runs), dtype=np.float64, count=len(runs)),
        np.fromiter((len(r) + 2 for r, _ in runs), dtype=np.int64, count=len(runs)),
    )
    keys, starts, orders = _window_keys(encoded)
    unique, inverse = np.unique(keys, return_inverse=True)
    counts = np.bincount(inverse, weights=weight_at[starts], minlength=len(unique))
    order_of = np.zeros(len(unique), dtype=np.int64)
    order_of[inverse] = orders
    totals = np.bincount(orders, weights=weight_at[starts], minlength=LONGEST + 1)
    shares = np.maximum(counts / totals[order_of], FLOOR)
    return unique, np.log(shares).astype(np.float16)
