"""TF-IDF of a single message from fitted vectorizers, without sklearn's per-call checks.

sklearn's ``transform`` spends most of a one-message call on input validation and
dataframe detection; the router classifies one message at a time, so this recomputes the
same numbers (tf or sublinear tf x idf, L2-normalized per vectorizer) from the fitted
vocabulary and idf directly. ``tests`` check it matches ``transform``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from router.classify.tfidf import FittedTfidf

SparseRow = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]  # (feature indices, values)


@dataclass(frozen=True, slots=True)
class _Part:
    analyze: Callable[[str], list[str]]
    fitted: FittedTfidf
    offset: int  # of its first column in the stack


class SingleTextTfidf:
    def __init__(self, vectorizers: Sequence[FittedTfidf]) -> None:
        self._parts: list[_Part] = []
        offset = 0
        for fitted in vectorizers:
            self._parts.append(_Part(fitted.build_analyzer(), fitted, offset))
            offset += fitted.width

    def transform(self, text: str) -> SparseRow:
        indices: list[np.ndarray[Any, Any]] = []
        values: list[np.ndarray[Any, Any]] = []
        for part in self._parts:
            get = part.fitted.vocabulary.get
            known = [j for j in map(get, part.analyze(text)) if j is not None]
            features, counts = np.unique(np.asarray(known, dtype=np.int64), return_counts=True)
            tf = 1.0 + np.log(counts) if part.fitted.sublinear_tf else counts
            weights = tf * part.fitted.idf[features]
            norm = float(np.sqrt(weights @ weights)) or 1.0
            indices.append(features + part.offset)
            values.append((weights / norm).astype(np.float32))
        # np.unique sorts and offsets grow, so the row is in CSR (ascending) order.
        return np.concatenate(indices), np.concatenate(values)
