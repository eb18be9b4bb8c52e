"""The trainable topic classifier: TF-IDF words and characters, a linear SVM and a
logistic regression voting together, the regression's probability as the confidence.
Optionally (the ``embeddings`` extra, ``embeddings.py``) a sentence embedding of the
message is appended to the TF-IDF features, which both models then weigh like any other.

Characters carry typos, inflection and the languages written without spaces; words carry
phrasing. The SVM is the more accurate ranker, the regression's softmax the better
calibrated confidence, so the label comes from both and the confidence from the latter.
Inference (loading a model, predicting) imports neither sklearn nor scipy, to keep the
router's memory down (``model_file``); training imports them where it needs them.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import math
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from threadpoolctl import ThreadpoolController

from router.classify.errors import TrainingDataError
from router.classify.model_file import (
    MODEL_FORMAT,
    MODEL_VERSION,
    ModelParts,
    Pair,
    read_model,
    sklearn_version,
    write_model,
)
from router.classify.neighbours import NeighbourVote, neighbour_parts
from router.classify.sparse_rows import SparseRows

# Version 1 and 2 files pickled the preprocessor as router.classify.topic_model.normalize.
from router.classify.tfidf import normalize as normalize
from router.classify.topic_batch import BatchTfidf
from router.classify.topic_features import SingleTextTfidf, SparseRow

if TYPE_CHECKING:
    import scipy.sparse as sp

    from router.classify.embeddings import EncoderFiles, SentenceEncoder

UNKNOWN = "unknown"
_PAIR_FOLDS = 5
_PAIR_MARGIN = 0.3
_PAIR_MIN_CASES = 3
DEFAULT_THRESHOLD = 0.3
# Scale of the unit-length embedding beside the unit-length TF-IDF blocks: the linear
# models are regularized per weight, so this sets how much the embedding may say.
_DENSE_WEIGHT = 3.0
_NEIGHBOURS = 3  # with an encoder: the k most similar examples per label vote ...
_NEIGHBOUR_WEIGHT = 0.3  # ... at this weight beside the SVM and the regression
PLAIN_DESCRIPTION = "tfidf word 1-3 + char_wb 1-6 -> LinearSVC + LogisticRegression vote"


@dataclass(frozen=True, slots=True)
class TopicPrediction:
    topic: str
    confidence: float
    reason: str


class TopicModel:
    """A trained topic model; build with ``train_model`` or ``TopicModel.load``."""

    def __init__(self, parts: ModelParts, threshold: float = DEFAULT_THRESHOLD) -> None:
        self._parts = parts
        svm, logreg = parts.svm, parts.logreg
        self.labels: tuple[str, ...] = tuple(str(c) for c in svm.classes)
        self._svm_w, self._svm_b = _columns(svm.coef, svm.intercept, centred=True)
        self._lr_w, self._lr_b = _columns(logreg.coef, logreg.intercept, centred=False)
        self._pairs: dict[tuple[int, int], Pair] = parts.pairs
        self._single = SingleTextTfidf([parts.words, parts.chars])
        self._batch = BatchTfidf([parts.words, parts.chars])
        self._both_w = np.ascontiguousarray(np.hstack([self._svm_w, self._lr_w]))
        self.data_hash: str = parts.data_hash
        self.threshold = threshold
        self._encoder_parts: dict[str, Any] | None = parts.encoder
        self._encoder: SentenceEncoder | None = None
        self._dense_indices = np.zeros(0, dtype=np.int64)
        self._neighbours: NeighbourVote | None = None
        if parts.neighbours is not None:
            self._neighbours = NeighbourVote(parts.neighbours, len(self.labels), _NEIGHBOURS)
        self._blas = None
        if self._encoder_parts is not None:
            # One message, one core: a multi-threaded BLAS matrix-vector product (the
            # neighbour vote) fights ONNX Runtime for the cores and costs milliseconds.
            self._blas = ThreadpoolController().select(user_api="blas")
            self._encoder = _encoder(self._encoder_parts)
            sparse_width = self._batch.width
            self._dense_indices = np.arange(
                sparse_width, sparse_width + self._encoder.dimensions, dtype=np.int64
            )

    @property
    def description(self) -> str:
        """What the model is, in words (``topics eval`` prints it)."""
        if self._encoder_parts is None:
            return PLAIN_DESCRIPTION
        return (
            f"{PLAIN_DESCRIPTION}; features + sentence embedding ({self._encoder_parts['name']}),"
            f" plus a {_NEIGHBOURS}-nearest-examples vote on its 128-dimension PCA projection"
        )

    @classmethod
    def load(cls, path: Path, threshold: float = DEFAULT_THRESHOLD) -> TopicModel:
        """Any readable version; a version 1 or 2 file imports sklearn to unpickle."""
        return cls(read_model(path), threshold)

    def save(self, path: Path) -> None:
        write_model(self._parts, path)

    def predict_many(
        self, texts: list[str], threshold: float | None = None
    ) -> list[TopicPrediction]:
        """One prediction per text; below ``threshold`` (default the model's) -> unknown."""
        cutoff = self.threshold if threshold is None else threshold
        features = self._batch.transform(texts)
        rows = [
            (features.indices[a:b], features.data[a:b])
            for a, b in itertools.pairwise(features.indptr.tolist())
        ]
        vectors: list[np.ndarray[Any, Any] | None] = [None] * len(texts)
        if self._encoder is not None:
            embedded = self._encoder.encode(texts)
            vectors = list(embedded)
            rows = [self._with_dense(row, v) for row, v in zip(rows, embedded, strict=True)]
        with self._one_core():
            return [
                self._predict_row(row, cutoff, vector)
                for row, vector in zip(rows, vectors, strict=True)
            ]

    def predict_batch(
        self, texts: Sequence[str], threshold: float | None = None
    ) -> list[TopicPrediction]:
        """``predict`` for many texts at once: one feature matrix, one product per model."""
        if not texts:
            return []
        cutoff = self.threshold if threshold is None else threshold
        if self._encoder is not None:
            # Embedding models (the optional extra) encode one text at a time anyway.
            return self.predict_many(list(texts), cutoff)
        features = self._batch.transform(texts)
        both = features.dot(self._both_w)
        margins = both[:, : len(self.labels)] + self._svm_b
        logits = both[:, len(self.labels) :] + self._lr_b
        top = logits.max(axis=1, keepdims=True)
        log_probabilities = logits - (top + np.log(np.exp(logits - top).sum(axis=1, keepdims=True)))
        votes = _zscore_rows(margins) + _zscore_rows(log_probabilities)
        best = self._rerank_rows(features, np.argsort(-votes, axis=1)[:, :2])
        confidences = np.exp(log_probabilities[np.arange(len(texts)), best])
        return [
            self._prediction(int(b), float(c), cutoff)
            for b, c in zip(best, confidences, strict=True)
        ]

    def _rerank_rows(
        self, features: SparseRows, firsts: np.ndarray[Any, Any]
    ) -> np.ndarray[Any, Any]:
        """``_rerank`` for every row: each confused pair's model scores its rows at once."""
        best: np.ndarray[Any, Any] = firsts[:, 0].copy()
        width = len(self.labels)
        keys = firsts.min(axis=1) * width + firsts.max(axis=1)
        row_of = features.row_of()
        for key in np.unique(keys):
            pair = self._pairs.get(divmod(int(key), width))
            if pair is None:
                continue
            low, high, pair_indices, pair_values, bias = pair
            chosen = keys[row_of] == key
            indices, values = features.indices[chosen], features.data[chosen]
            # Both index arrays are sorted (CSR order), so a binary search pairs them up.
            where = np.minimum(np.searchsorted(pair_indices, indices), len(pair_indices) - 1)
            shared = pair_indices[where] == indices
            products = values[shared] * pair_values[where[shared]]
            scores = np.bincount(row_of[chosen][shared], products, minlength=len(best)) + bias
            rows = np.flatnonzero(keys == key)
            best[rows] = np.where(scores[rows] > 0, high, low)
        return best

    def predict(self, text: str) -> TopicPrediction:
        with self._one_core():
            return self._predict_one(text)

    def _one_core(self) -> AbstractContextManager[Any]:
        return nullcontext() if self._blas is None else self._blas.limit(limits=1)

    def _predict_one(self, text: str) -> TopicPrediction:
        row = self._single.transform(text)
        vector = None
        if self._encoder is not None:
            vector = self._encoder.encode_one(text)
            row = self._with_dense(row, vector)
        return self._predict_row(row, self.threshold, vector)

    def _with_dense(self, row: SparseRow, vector: np.ndarray[Any, Any]) -> SparseRow:
        """The TF-IDF row with the weighted embedding appended as further columns."""
        dense = (vector * _DENSE_WEIGHT).astype(np.float32)
        # Dense columns follow the sparse ones, so the row stays in ascending order.
        return np.concatenate([row[0], self._dense_indices]), np.concatenate([row[1], dense])

    def _predict_row(
        self, row: SparseRow, cutoff: float, vector: np.ndarray[Any, Any] | None = None
    ) -> TopicPrediction:
        indices, values = row
        # Gather only the weight rows of the message's features: a few hundred of 10^5.
        margins = values @ self._svm_w[indices] + self._svm_b
        logits = values @ self._lr_w[indices] + self._lr_b
        log_probabilities = logits - _logsumexp(logits)
        votes = _zscore(margins) + _zscore(log_probabilities)
        if self._neighbours is not None and vector is not None:
            votes = votes + _NEIGHBOUR_WEIGHT * _zscore(self._neighbours.scores(vector))
        best = self._rerank(row, votes)
        return self._prediction(best, float(np.exp(log_probabilities[best])), cutoff)

    def _rerank(self, row: SparseRow, votes: np.ndarray[Any, Any]) -> int:
        """Let a two-class model settle a pair of topics the main models often confuse."""
        first, second = (int(i) for i in np.argsort(-votes)[:2])
        return self._rerank_top(row, first, second)

    def _rerank_top(self, row: SparseRow, first: int, second: int) -> int:
        pair = self._pairs.get((min(first, second), max(first, second)))
        if pair is None:
            return first
        low, high, pair_indices, pair_values, bias = pair
        # Both index arrays are sorted (CSR order), so a binary search pairs them up.
        where = np.minimum(np.searchsorted(pair_indices, row[0]), len(pair_indices) - 1)
        shared = pair_indices[where] == row[0]
        score = float(row[1][shared] @ pair_values[where[shared]]) + bias
        return high if score > 0 else low

    def _prediction(self, index: int, confidence: float, cutoff: float) -> TopicPrediction:
        label = self.labels[index]
        if confidence < cutoff:
            reason = f"model's best guess {label} at {confidence:.2f} is below {cutoff}"
            return TopicPrediction(UNKNOWN, round(confidence, 3), reason)
        return TopicPrediction(label, round(confidence, 3), f"model {self.data_hash[:8]}")


def _encoder(parts: dict[str, Any]) -> SentenceEncoder:
    from router.classify.embeddings import EncoderFiles, SentenceEncoder

    return SentenceEncoder(EncoderFiles(parts["name"], parts["onnx"], parts["tokenizer_json"]))


def _columns(
    coef: np.ndarray[Any, Any], intercept: np.ndarray[Any, Any], centred: bool
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Weights as a (features x labels) float32 matrix, one column per label.

    A two-label sklearn model keeps one row for the second label; the first label gets
    its negation (SVM margins) or zero (logistic logits), which ranks the same way.
    """
    if coef.shape[0] == 1:
        first = -coef if centred else np.zeros_like(coef)
        coef = np.vstack([first, coef])
        intercept = np.concatenate([-intercept if centred else np.zeros(1), intercept])
    weights = np.ascontiguousarray(coef.T, dtype=np.float32)
    return weights, intercept.astype(np.float32)


def _logsumexp(values: np.ndarray[Any, Any]) -> float:
    top = float(values.max())
    return top + math.log(float(np.exp(values - top).sum()))


def _zscore(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    spread = float(values.std()) or 1.0
    result: np.ndarray[Any, Any] = (values - values.mean()) / spread
    return result


def _zscore_rows(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    spread = values.std(axis=1, keepdims=True)
    result: np.ndarray[Any, Any] = (values - values.mean(axis=1, keepdims=True)) / np.where(
        spread == 0, 1.0, spread
    )
    return result


def read_examples(
    csv_path: Path, text_column: str, label_column: str
) -> tuple[list[str], list[str]]:
    if not csv_path.is_file():
        raise TrainingDataError(f"no such file: {csv_path}")
    with csv_path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = {text_column, label_column} - set(reader.fieldnames or ())
        if missing:
            raise TrainingDataError(f"{csv_path} lacks column(s) {sorted(missing)}")
        rows = [(r[text_column], r[label_column]) for r in reader if r[text_column].strip()]
    if len({label for _, label in rows}) < 2:
        raise TrainingDataError(f"{csv_path} needs examples of at least two labels")
    return [t for t, _ in rows], [label for _, label in rows]


def data_hash(csv_path: Path) -> str:
    """Identifies a model by what it was trained on and how (file bytes, format version)."""
    digest = hashlib.sha256(csv_path.read_bytes())
    digest.update(f"{MODEL_FORMAT}:{MODEL_VERSION}:{sklearn_version()}".encode())
    return digest.hexdigest()


def train_model(
    texts: list[str], labels: list[str], hash_: str, encoder: EncoderFiles | None = None
) -> TopicModel:
    # Training only: inference must not pay sklearn's and scipy's memory.
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    words = TfidfVectorizer(
        preprocessor=normalize, ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
    )
    chars = TfidfVectorizer(
        preprocessor=normalize, analyzer="char_wb", ngram_range=(1, 6), sublinear_tf=True,
        min_df=2 if len(texts) > 2000 else 1,
    )  # fmt: skip
    blocks = [words.fit_transform(texts), chars.fit_transform(texts)]
    encoder_parts = neighbours = None
    if encoder is not None:
        encoder_parts = {
            "name": encoder.name, "onnx": encoder.onnx, "tokenizer_json": encoder.tokenizer_json
        }  # fmt: skip
        embedded = _encoder(encoder_parts).encode(texts)
        blocks.append(sp.csr_matrix(embedded * _DENSE_WEIGHT))
        classes = sorted(set(labels))  # sklearn's order of classes_
        index = {label: i for i, label in enumerate(classes)}
        neighbours = neighbour_parts(embedded, np.asarray([index[y] for y in labels]))
    features = sp.hstack(blocks, format="csr")
    # Rare topics must not drown: support traffic is skewed, the costly topics are rare.
    svm = LinearSVC(C=0.5, class_weight="balanced").fit(features, labels)
    logreg = LogisticRegression(C=30.0, max_iter=3000, class_weight="balanced")
    logreg.fit(features, labels)
    # Pair models settle TF-IDF confusions; beside an embedding they cost accuracy
    # (Banking77: 93.9% without, 93.1% with), so an encoder model has none.
    pairs = {} if encoder is not None else _pair_models(features, np.asarray(labels), svm.classes_)
    parts = {
        "words": words, "chars": chars, "svm": svm, "logreg": logreg, "pairs": pairs,
        "data_hash": hash_, "encoder": encoder_parts, "neighbours": neighbours,
    }  # fmt: skip
    return TopicModel(ModelParts.from_sklearn(parts))


def _pair_models(
    features: sp.csr_matrix, labels: np.ndarray[Any, Any], classes: np.ndarray[Any, Any]
) -> dict[tuple[int, int], tuple[int, int, sp.csr_matrix, float]]:
    """Two-class SVMs for the topic pairs cross-validation shows the main SVM mixing up.

    Their weights are sparse (only words of the pair's examples are non-zero), so a few
    hundred pairs cost little memory; on Banking77 they add about half a point.
    """
    import scipy.sparse as sp
    from sklearn.model_selection import cross_val_predict
    from sklearn.svm import LinearSVC

    folds = min(_PAIR_FOLDS, int(min(np.unique(labels, return_counts=True)[1])))
    if folds < 2 or len(classes) < 3:
        return {}
    svm = LinearSVC(C=0.5, class_weight="balanced")
    margins = cross_val_predict(svm, features, labels, cv=folds, method="decision_function")
    index = {str(c): i for i, c in enumerate(classes)}
    confused: Counter[tuple[int, int]] = Counter()
    for row, (first, second) in enumerate(np.argsort(-margins, axis=1)[:, :2]):
        wrong = index[str(labels[row])] != first
        if wrong or margins[row, first] - margins[row, second] < _PAIR_MARGIN:
            confused[(min(first, second), max(first, second))] += 1
    pairs = {}
    for (low, high), count in confused.items():
        if count < _PAIR_MIN_CASES:
            continue
        mask = np.isin(labels, [classes[low], classes[high]])
        pair = LinearSVC(C=0.5).fit(features[mask], labels[mask] == classes[high])
        weights = sp.csr_matrix(pair.coef_, dtype=np.float32)
        pairs[(int(low), int(high))] = (int(low), int(high), weights, float(pair.intercept_[0]))
    return pairs


def train(
    csv_path: Path,
    text_column: str,
    label_column: str,
    out_path: Path,
    embeddings: bool = False,
) -> TopicModel:
    """Train on a CSV and save; ``embeddings`` adds MiniLM features (the extra must be in)."""
    texts, labels = read_examples(csv_path, text_column, label_column)
    encoder = None
    hash_ = data_hash(csv_path)
    if embeddings:
        from router.classify.embeddings import ENCODER_NAME, export_minilm

        encoder = export_minilm()
        hash_ = hashlib.sha256(f"{hash_}:{ENCODER_NAME}".encode()).hexdigest()
    model = train_model(texts, labels, hash_, encoder)
    model.save(out_path)
    return model


def evaluate(
    model_path: Path, csv_path: Path, text_column: str = "text", label_column: str = "category"
) -> dict[str, float | int | str]:
    from sklearn.metrics import accuracy_score, f1_score

    model = TopicModel.load(model_path)
    texts, labels = read_examples(csv_path, text_column, label_column)
    best = [p.topic for p in model.predict_many(texts, threshold=0.0)]
    kept = [p.topic != UNKNOWN for p in model.predict_many(texts)]
    timings = []
    for text in texts[:500]:
        start = time.perf_counter()
        model.predict(text)
        timings.append(time.perf_counter() - start)
    return {
        "model": model.description,
        "messages": len(texts),
        "accuracy": round(float(accuracy_score(labels, best)), 4),
        "macro_f1": round(float(f1_score(labels, best, average="macro")), 4),
        "threshold": model.threshold,
        "unknown_rate": round(1 - sum(kept) / len(kept), 4),
        "accuracy_when_known": _known_accuracy(labels, best, kept),
        "per_message_us": round(statistics.median(timings) * 1e6, 1),
    }


def _known_accuracy(labels: list[str], best: list[str], kept: list[bool]) -> float:
    pairs = [(y, p) for y, p, k in zip(labels, best, kept, strict=True) if k]
    return round(sum(y == p for y, p in pairs) / len(pairs), 4) if pairs else 0.0
