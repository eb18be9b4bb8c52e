"""A message's terms as vocabulary indices, for the batch and the single-message TF-IDF.

Producing character n-grams in Python is most of TF-IDF's cost. A ``char_wb`` n-gram
never crosses a word boundary, so a message's n-grams are those of its words, and the
words of support traffic repeat ("withdrawal", "pending", "usdt"): each distinct word's
known n-gram indices are computed once and kept (up to a bound).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from router.classify.tfidf import FittedTfidf, padded_word_ngrams, word_ngrams, words_of

_WORD_CACHE = 50_000  # distinct words kept; a few hundred bytes each
_EMPTY = np.zeros(0, dtype=np.int64)

Ids = np.ndarray[Any, Any]


class TermIds:
    """One fitted vectorizer: text -> the vocabulary indices of its terms (with repeats)."""

    def __init__(self, fitted: FittedTfidf) -> None:
        self.fitted = fitted
        self._vocabulary = fitted.vocabulary
        self._by_word = fitted.analyzer == "char_wb"
        self._low, self._high = fitted.ngram_range
        self._tokenize = fitted.tokenizer()
        self._words: dict[str, Ids] = {}

    def ids(self, preprocessed: str) -> Ids:
        """The indices of the terms of a ``normalize``d text, in sklearn's term order."""
        if not self._by_word:
            return self._lookup(word_ngrams(self._tokenize(preprocessed), self._low, self._high))
        words = words_of(preprocessed)
        if not words:
            return _EMPTY
        parts = [self._word(w) for w in words]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def _word(self, word: str) -> Ids:
        found = self._words.get(word)
        if found is None:
            found = self._lookup(padded_word_ngrams(word, self._low, self._high))
            if len(self._words) >= _WORD_CACHE:
                self._words.clear()  # rare; cheaper than tracking recency on every hit
            self._words[word] = found
        return found

    def _lookup(self, terms: list[str]) -> Ids:
        get = self._vocabulary.get
        return np.fromiter((j for j in map(get, terms) if j is not None), dtype=np.int64)
