"""TF-IDF of a batch of messages from fitted vectorizers, the same numbers as ``transform``.

The router classifies a batch of up to 512 messages at once. sklearn's ``transform``
spends most of its time producing character n-grams in Python, one message at a time;
a ``char_wb`` n-gram never crosses a word boundary, so a message's n-grams are those of
its words, and the words of support traffic repeat ("withdrawal", "pending", "usdt").
So each distinct word's known n-gram indices are computed once and kept (up to a bound);
counting, sublinear tf x idf and the L2 norm then run over the whole batch in numpy.
``tests`` check the result matches ``transform``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

_WORD_CACHE = 50_000  # distinct words kept; a few hundred bytes each
_EMPTY = np.zeros(0, dtype=np.int64)

Ids = np.ndarray[Any, Any]


class _Part:
    """One fitted vectorizer: text -> the vocabulary indices of its terms (with repeats)."""

    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.idf: np.ndarray[Any, Any] = vectorizer.idf_
        self.width = len(self.vocabulary)
        self.sublinear = bool(vectorizer.sublinear_tf)
        # Shared by parts with the same preprocessor: the batch preprocesses each text once.
        self.preprocess: Callable[[str], str] = vectorizer.build_preprocessor()
        self._by_word = vectorizer.analyzer == "char_wb"
        self._word_ngrams: Callable[[str], list[str]] = vectorizer._char_wb_ngrams
        low, high = vectorizer.ngram_range
        self._plain_words = (
            vectorizer.analyzer == "word" and vectorizer.stop_words is None and low == 1
        )
        self._tokenize: Callable[[str], list[str]] = vectorizer.build_tokenizer()
        self._longest = high
        self._analyze: Callable[[str], list[str]] = vectorizer.build_analyzer()
        self._words: dict[str, Ids] = {}

    def ids(self, text: str, preprocessed: str | None = None) -> Ids:
        """The terms' indices; ``preprocessed`` is ``self.preprocess(text)`` if known."""
        if self._by_word:
            words = (self.preprocess(text) if preprocessed is None else preprocessed).split()
            if not words:
                return _EMPTY
            parts = [self._word(w) for w in words]
            return parts[0] if len(parts) == 1 else np.concatenate(parts)
        if self._plain_words:
            tokens = self._tokenize(self.preprocess(text) if preprocessed is None else preprocessed)
            return self._lookup(_word_ngrams(tokens, self._longest))
        return self._lookup(self._analyze(text))

    def _word(self, word: str) -> Ids:
        found = self._words.get(word)
        if found is None:
            found = self._lookup(self._word_ngrams(word))
            if len(self._words) >= _WORD_CACHE:
                self._words.clear()  # rare; cheaper than tracking recency on every hit
            self._words[word] = found
        return found

    def _lookup(self, terms: list[str]) -> Ids:
        get = self.vocabulary.get
        return np.fromiter((j for j in map(get, terms) if j is not None), dtype=np.int64)

    def entries(
        self, texts: Sequence[str], preprocessed: Sequence[str] | None = None
    ) -> tuple[Ids, Ids, np.ndarray[Any, Any]]:
        """(row, column, value) of L2-normalized tf-idf, sorted by row then column: the
        numbers ``TfidfVectorizer.transform`` gives."""
        if preprocessed is None:
            ids = [self.ids(t) for t in texts]
        else:
            ids = [self.ids(t, p) for t, p in zip(texts, preprocessed, strict=True)]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        flat = np.concatenate(ids) if ids else _EMPTY
        # One sort over the whole batch counts every (message, term) pair.
        keys, counts = np.unique(rows * self.width + flat, return_counts=True)
        row_of, columns = np.divmod(keys, self.width)
        tf = counts.astype(np.float64)
        if self.sublinear:
            tf = 1.0 + np.log(tf)
        values = tf * self.idf[columns]
        norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(texts)))
        values /= np.where(norms == 0, 1.0, norms)[row_of]
        return row_of, columns, values


class BatchTfidf:
    """The horizontal stack of several fitted vectorizers' tf-idf, for a batch of texts."""

    def __init__(self, vectorizers: Sequence[TfidfVectorizer]) -> None:
        self._parts = [_Part(v) for v in vectorizers]
        self.width = sum(p.width for p in self._parts)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """float32 CSR, one row per text, columns in ascending order within each row."""
        rows, columns, values = [], [], []
        offset = 0
        prepared: dict[Callable[[str], str], list[str]] = {}
        for part in self._parts:
            if part.preprocess not in prepared:
                prepared[part.preprocess] = [part.preprocess(t) for t in texts]
            r, c, v = part.entries(texts, prepared[part.preprocess])
            rows.append(r)
            columns.append(c + offset)
            values.append(v)
            offset += part.width
        row_of = np.concatenate(rows)
        # Each part is sorted by (row, column) and its columns follow the previous part's,
        # so a stable sort by row alone orders the stack.
        order = np.argsort(row_of, kind="stable")
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of, minlength=len(texts)))])
        data = np.concatenate(values)[order].astype(np.float32)
        return sp.csr_matrix(
            (data, np.concatenate(columns)[order], indptr), shape=(len(texts), self.width)
        )


def _word_ngrams(tokens: list[str], longest: int) -> list[str]:
    """Tokens and their 2- to ``longest``-grams joined by spaces, as sklearn's word analyzer."""
    terms = list(tokens)
    for n in range(2, min(longest, len(tokens)) + 1):
        terms += map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))
    return terms
