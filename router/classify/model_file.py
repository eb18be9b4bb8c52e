"""Topic model files: what a trained model is made of, and how it is read and written.

Version 3 files hold plain data only (dicts, numpy arrays, strings, numbers), so loading
one imports neither sklearn nor scipy: the router keeps about 95 MB of memory that those
libraries take. Versions 1 and 2 pickled the fitted sklearn objects themselves;
unpickling them imports sklearn, and they are converted to the same plain parts.
Model files are pickles all the same: load only files this router or its admins wrote.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, fields
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from router.classify.errors import ModelFormatError, ModelNotFoundError
from router.classify.tfidf import FittedTfidf

MODEL_FORMAT = "switchboard-topic-model"
# 3: plain data instead of pickled sklearn objects; 2: optional sentence encoder.
MODEL_VERSION = 3
_READABLE_VERSIONS = (1, 2, 3)
_SKLEARN_OBJECTS = (1, 2)

# A two-class model as (low label, high label, feature indices, weights, bias).
Pair = tuple[int, int, np.ndarray[Any, Any], np.ndarray[Any, Any], float]


def sklearn_version() -> str:
    """The installed scikit-learn's version, without importing it (that costs ~76 MB)."""
    return version("scikit-learn")


@dataclass(frozen=True, slots=True, eq=False)
class LinearWeights:
    """A fitted linear classifier: ``coef @ x + intercept`` per class, as sklearn has it
    (a two-class model keeps one row, for ``classes[1]``)."""

    coef: np.ndarray[Any, Any]  # float32, (classes or 1) x features
    intercept: np.ndarray[Any, Any]
    classes: np.ndarray[Any, Any]  # str

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearWeights:
        return cls(data["coef"], data["intercept"], data["classes"])

    @classmethod
    def from_sklearn(cls, model: Any) -> LinearWeights:
        """From a fitted ``LinearSVC`` or ``LogisticRegression``. float32 halves the file;
        inference multiplies in float32 anyway."""
        return cls(
            np.asarray(model.coef_, dtype=np.float32),
            np.asarray(model.intercept_, dtype=np.float32),
            np.asarray([str(c) for c in model.classes_]),
        )


@dataclass(frozen=True, slots=True, eq=False)
class ModelParts:
    """Everything a trained topic model is; ``TopicModel`` predicts with it."""

    words: FittedTfidf
    chars: FittedTfidf
    svm: LinearWeights
    logreg: LinearWeights
    pairs: dict[tuple[int, int], Pair]
    data_hash: str
    encoder: dict[str, Any] | None = None  # the sentence encoder's files (embeddings extra)
    neighbours: dict[str, Any] | None = None  # ``neighbours.neighbour_parts``

    def to_dict(self) -> dict[str, Any]:
        """The version 3 file's contents."""
        return {
            "format": MODEL_FORMAT, "version": MODEL_VERSION, "sklearn": sklearn_version(),
            "data_hash": self.data_hash,
            "words": self.words.to_dict(), "chars": self.chars.to_dict(),
            "svm": self.svm.to_dict(), "logreg": self.logreg.to_dict(),
            "pairs": self.pairs, "encoder": self.encoder, "neighbours": self.neighbours,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelParts:
        return cls(
            FittedTfidf.from_dict(data["words"]),
            FittedTfidf.from_dict(data["chars"]),
            LinearWeights.from_dict(data["svm"]),
            LinearWeights.from_dict(data["logreg"]),
            data["pairs"],
            data["data_hash"],
            data.get("encoder"),
            data.get("neighbours"),
        )

    @classmethod
    def from_sklearn(cls, data: dict[str, Any]) -> ModelParts:
        """From fitted sklearn objects, laid out as ``train_model`` fits them and version
        1 and 2 files pickled them (pairs as (low, high, 1 x features CSR, bias))."""
        pairs = {
            key: (low, high, weights.indices.astype(np.int64), weights.data, float(bias))
            for key, (low, high, weights, bias) in data["pairs"].items()
        }
        return cls(
            FittedTfidf.from_sklearn(data["words"]),
            FittedTfidf.from_sklearn(data["chars"]),
            LinearWeights.from_sklearn(data["svm"]),
            LinearWeights.from_sklearn(data["logreg"]),
            pairs,
            data["data_hash"],
            data.get("encoder"),
            data.get("neighbours"),
        )


def read_model(path: Path) -> ModelParts:
    if not path.is_file():
        raise ModelNotFoundError(f"no topic model at {path}")
    with path.open("rb") as f:
        try:
            data = pickle.load(f)
        except (pickle.UnpicklingError, EOFError, AttributeError) as exc:
            raise ModelFormatError(f"{path} is not a topic model: {exc}") from exc
    _check_header(path, data)
    old = data["version"] in _SKLEARN_OBJECTS
    convert = ModelParts.from_sklearn if old else ModelParts.from_dict
    try:
        return convert(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFormatError(f"{path} is not a usable topic model: {exc!r}") from exc


def _check_header(path: Path, data: object) -> None:
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelFormatError(f"{path} is not a {MODEL_FORMAT} file")
    if data.get("version") not in _READABLE_VERSIONS:
        raise ModelFormatError(
            f"{path} has version {data.get('version')}, need one of {_READABLE_VERSIONS}"
        )


def write_model(parts: ModelParts, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    with partial.open("wb") as f:
        pickle.dump(parts.to_dict(), f, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # readers never see half a file
