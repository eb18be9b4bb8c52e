"""Nearest training examples as a third vote beside the SVM and the regression.

Used only with sentence embeddings: a message whose closest training sentences share a
label is likely that label even where the linear models' margins are close. Per label,
the score is the mean cosine similarity of its ``k`` most similar training examples.
"""

from __future__ import annotations

from typing import Any

import numpy as np

_POOL = 256  # look at the most similar few hundred examples only: the rest cannot rank


class NeighbourVote:
    def __init__(
        self, vectors: np.ndarray[Any, Any], labels: np.ndarray[Any, Any], n_labels: int, k: int
    ) -> None:
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._labels = labels.astype(np.int64)
        self._n_labels = n_labels
        self._k = k

    def scores(self, vector: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
        """One score per label for a unit-length ``vector``."""
        similarities = self._vectors @ vector.astype(np.float32)
        pool = min(_POOL, len(similarities))
        top = np.argpartition(-similarities, pool - 1)[:pool]
        top = top[np.argsort(-similarities[top])]
        floor = float(similarities[top[-1]])  # labels absent from the pool score at most this
        sums = [0.0] * self._n_labels
        counts = [0] * self._n_labels
        for label, similarity in zip(
            self._labels[top].tolist(), similarities[top].tolist(), strict=True
        ):
            if counts[label] < self._k:
                sums[label] += similarity
                counts[label] += 1
        filled = [(s + (self._k - c) * floor) / self._k for s, c in zip(sums, counts, strict=True)]
        return np.asarray(filled, dtype=np.float32)
