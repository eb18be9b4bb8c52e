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

from collections.abc import Sequence
from typing import Any

import numpy as np

from router.classify.sparse_rows import SparseRows
from router.classify.tfidf import FittedTfidf, normalize, padded_word_ngrams, word_ngrams, words_of

_WORD_CACHE = 50_000  # distinct words kept; a few hundred bytes each
_EMPTY = np.zeros(0, dtype=np.int64)

Ids = np.ndarray[Any, Any]


class _Part:
    """One fitted vectorizer: text -> the vocabulary indices of its terms (with repeats)."""

    def __init__(self, fitted: FittedTfidf) -> None:
        self.vocabulary = fitted.vocabulary
        self.idf = fitted.idf
        self.width = fitted.width
        self.sublinear = fitted.sublinear_tf
        self._by_word = fitted.analyzer == "char_wb"
        self._low, self._high = fitted.ngram_range
        self._tokenize = fitted.tokenizer()
        self._words: dict[str, Ids] = {}

    def ids(self, preprocessed: str) -> Ids:
        """The indices of the terms of a ``normalize``d text."""
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
        get = self.vocabulary.get
        return np.fromiter((j for j in map(get, terms) if j is not None), dtype=np.int64)

    def entries(self, preprocessed: Sequence[str]) -> tuple[Ids, Ids, np.ndarray[Any, Any]]:
        """(row, column, value) of L2-normalized tf-idf of ``normalize``d texts, sorted by
        row then column: the numbers ``TfidfVectorizer.transform`` gives."""
        ids = [self.ids(p) for p in preprocessed]
        lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
        rows = np.repeat(np.arange(len(preprocessed), dtype=np.int64), lengths)
        flat = np.concatenate(ids) if ids else _EMPTY
        # One sort over the whole batch counts every (message, term) pair.
        keys, counts = np.unique(rows * self.width + flat, return_counts=True)
        row_of, columns = np.divmod(keys, self.width)
        tf = counts.astype(np.float64)
        if self.sublinear:
            tf = 1.0 + np.log(tf)
        values = tf * self.idf[columns]
        norms = np.sqrt(np.bincount(row_of, weights=values * values, minlength=len(preprocessed)))
        values /= np.where(norms == 0, 1.0, norms)[row_of]
        return row_of, columns, values


class BatchTfidf:
    """The horizontal stack of several fitted vectorizers' tf-idf, for a batch of texts."""

    def __init__(self, vectorizers: Sequence[FittedTfidf]) -> None:
        self._parts = [_Part(v) for v in vectorizers]
        self.width = sum(p.width for p in self._parts)

    def transform(self, texts: Sequence[str]) -> SparseRows:
        """float32 rows, one per text, columns in ascending order within each row."""
        # Every part shares the one preprocessor, so each text is normalized once.
        preprocessed = [normalize(t) for t in texts]
        rows, columns, values = [], [], []
        offset = 0
        for part in self._parts:
            r, c, v = part.entries(preprocessed)
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
        return SparseRows(indptr, np.concatenate(columns)[order], data, self.width)
