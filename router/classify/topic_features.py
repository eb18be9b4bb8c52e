"""TF-IDF of a single message from fitted vectorizers, without sklearn's per-call checks.

sklearn's ``transform`` spends most of a one-message call on input validation and
dataframe detection; the router classifies one message at a time, so this recomputes the
same numbers (sublinear tf x idf, L2-normalized per vectorizer) from the fitted
vocabulary and idf directly. ``tests`` check it matches ``transform``.
"""

from __future__ import annotations

import math
from collections import Counter
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
        indices: list[int] = []
        values: list[float] = []
        for analyzer, vocabulary, idf, offset in self._parts:
            counts = Counter(
                j for term in analyzer(text) if (j := vocabulary.get(term)) is not None
            )
            weights = {j: (1.0 + math.log(n)) * float(idf[j]) for j, n in counts.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for j, w in weights.items():
                indices.append(j + offset)
                values.append(w / norm)
        return np.asarray(indices, dtype=np.int64), np.asarray(values, dtype=np.float32)
