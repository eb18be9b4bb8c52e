"""TF-IDF of a batch of messages from fitted vectorizers, the same numbers as ``transform``.

The router classifies a batch of up to 512 messages at once. Each message's terms come
from ``TermIds`` (which keeps each word's n-gram indices); counting, sublinear tf x idf
and the L2 norm then run over the whole batch in numpy.
``tests`` check the result matches ``transform``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from router.classify.sparse_rows import SparseRows
from router.classify.term_ids import Ids, TermIds
from router.classify.tfidf import FittedTfidf, normalize

_EMPTY = np.zeros(0, dtype=np.int64)


class _Part:
    """One fitted vectorizer's share of the batch."""

    def __init__(self, fitted: FittedTfidf) -> None:
        self.terms = TermIds(fitted)
        self.idf = fitted.idf
        self.width = fitted.width
        self.sublinear = fitted.sublinear_tf

    def entries(self, preprocessed: Sequence[str]) -> tuple[Ids, Ids, np.ndarray[Any, Any]]:
        """(row, column, value) of L2-normalized tf-idf of ``normalize``d texts, sorted by
        row then column: the numbers ``TfidfVectorizer.transform`` gives."""
        ids = [self.terms.ids(p) for p in preprocessed]
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
