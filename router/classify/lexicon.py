"""The cheap language pass: how often each configured language uses the message's words.

Most chat lines are made of common words, and a common word usually tells its language
outright ("saya", "nicht", "withdrawal") or at least narrows it. A naive-Bayes vote over
the most frequent words of each language (``wordfreq``'s lists, built from Wikipedia,
subtitles, news, books, web and social text) settles most messages in a few dictionary
lookups; a message with unknown words or a close vote goes on to lingua.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from router.classify.wordlists import most_frequent, word_list_paths

WORDS_PER_LANGUAGE = 10_000
# Below the rarest kept word of any list: a word another language uses that often, but
# this one does not at all, counts strongly against this one.
_ABSENT = 1e-8
# Up to this many words the product of frequencies stays far from float64's underflow.
_PRODUCT_WORDS = 20
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class WordVote:
    posteriors: dict[str, float]  # language -> probability, over the candidates asked
    known: int  # words found in some list
    words: int


class WordLexicon:
    """Frequencies of each language's most frequent words; build once, share."""

    def __init__(self, languages: Sequence[str], per_language: int = WORDS_PER_LANGUAGE) -> None:
        lists = word_list_paths("small")
        self.languages = tuple(c for c in languages if c in lists)
        self._column = {c: i for i, c in enumerate(self.languages)}
        rows: dict[str, int] = {}
        columns: list[tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]] = []
        for code in self.languages:
            words = most_frequent(lists[code], per_language)
            where = np.fromiter((rows.setdefault(w, len(rows)) for w, _ in words), np.int64)
            columns.append((where, np.fromiter((f for _, f in words), np.float32)))
        table = np.full((len(rows), len(self.languages)), _ABSENT, dtype=np.float32)
        for column, (where, frequencies) in enumerate(columns):
            table[where, column] = frequencies
        self._rows = rows
        self._columns: dict[tuple[str, ...], tuple[tuple[str, int], ...]] = {}
        self._table: np.ndarray[Any, Any] = table

    def vote(self, text: str, candidates: tuple[str, ...]) -> WordVote | None:
        """Posterior over ``candidates``; None unless the lexicon has a list for each."""
        columns = self._columns.get(candidates)
        if columns is None:
            columns = self._columns[candidates] = tuple(
                (c, self._column[c]) for c in candidates if c in self._column
            )
        # A language without a list cannot be voted for, so the vote cannot rule it out.
        if len(columns) < 2 or len(columns) < len(candidates):
            return None
        words = _WORD.findall(text.lower())
        rows = [r for r in map(self._rows.get, words) if r is not None]
        if not rows:
            return WordVote({}, 0, len(words))
        if len(rows) <= _PRODUCT_WORDS:
            # A few words: multiply their frequencies directly (no logs, no exp).
            total = self._table[rows[0]].astype(np.float64)
            for row in rows[1:]:
                total *= self._table[row]
        else:
            logs = np.log(self._table[rows].astype(np.float64)).sum(axis=0)
            total = np.exp(logs - logs.max())
        values = total.tolist()
        norm = sum(values[column] for _, column in columns)
        posteriors = {code: values[column] / norm for code, column in columns}
        return WordVote(posteriors, len(rows), len(words))
