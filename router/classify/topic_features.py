"""TF-IDF of a single message from fitted vectorizers, without sklearn's per-call checks.

sklearn's ``transform`` spends most of a one-message call on input validation and
dataframe detection; the router classifies one message at a time, so this recomputes the
same numbers (tf or sublinear tf x idf, L2-normalized per vectorizer) from the fitted
vocabulary and idf directly, with ``TermIds``'s per-word n-gram indices.
``tests`` check it matches ``transform``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from router.classify.term_ids import TermIds
from router.classify.tfidf import FittedTfidf, normalize

SparseRow = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]  # (feature indices, values)


class SingleTextTfidf:
    def __init__(self, vectorizers: Sequence[FittedTfidf]) -> None:
        self._parts: list[tuple[TermIds, int]] = []  # with the offset of its first column
        offset = 0
        for fitted in vectorizers:
            self._parts.append((TermIds(fitted), offset))
            offset += fitted.width

    def transform(self, text: str) -> SparseRow:
        preprocessed = normalize(text)  # every part shares the one preprocessor
        indices: list[np.ndarray[Any, Any]] = []
        values: list[np.ndarray[Any, Any]] = []
        for terms, offset in self._parts:
            features, counts = np.unique(terms.ids(preprocessed), return_counts=True)
            tf = 1.0 + np.log(counts) if terms.fitted.sublinear_tf else counts
            weights = tf * terms.fitted.idf[features]
            norm = float(np.sqrt(weights @ weights)) or 1.0
            indices.append(features + offset)
            values.append((weights / norm).astype(np.float32))
        # np.unique sorts and offsets grow, so the row is in CSR (ascending) order.
        return np.concatenate(indices), np.concatenate(values)
