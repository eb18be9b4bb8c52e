"""TF-IDF of a single message from fitted vectorizers, without sklearn's per-call checks.

sklearn's ``transform`` spends most of a one-message call on input validation and
dataframe detection; the router classifies one message at a time, so this recomputes the
same numbers (sublinear tf x idf, L2-normalized per vectorizer) from the fitted
vocabulary and idf directly. ``tests`` check it matches ``transform``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

SparseRow = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]  # (feature indices, values)


class SingleTextTfidf:
    def __init__(self, vectorizers: Sequence[TfidfVectorizer]) -> None:
        self._parts: list[tuple[Callable[[str], list[str]], dict[str, int], Any, int]] = []
        offset = 0
        for vectorizer in vectorizers:
            analyzer = vectorizer.build_analyzer()
            self._parts.append((analyzer, vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)

    def transform(self, text: str) -> SparseRow:
        indices: list[np.ndarray[Any, Any]] = []
        values: list[np.ndarray[Any, Any]] = []
        for analyzer, vocabulary, idf, offset in self._parts:
            known = [j for j in map(vocabulary.get, analyzer(text)) if j is not None]
            features, counts = np.unique(np.asarray(known, dtype=np.int64), return_counts=True)
            weights = (1.0 + np.log(counts)) * idf[features]
            norm = float(np.sqrt(weights @ weights)) or 1.0
            indices.append(features + offset)
            values.append((weights / norm).astype(np.float32))
        # np.unique sorts and offsets grow, so the row is in CSR (ascending) order.
        return np.concatenate(indices), np.concatenate(values)
