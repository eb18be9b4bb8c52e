"""Model files: version 3 is plain data, so inference never imports sklearn or scipy (the
router's memory budget); version 1 and 2 files, pickled sklearn objects, still load."""

from __future__ import annotations

import csv
import itertools
import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from router.classify.errors import ModelFormatError
from router.classify.topic_model import TopicModel, normalize
from router.classify.training import default_model, default_model_path

pytestmark = pytest.mark.classify

PROBES = [
    "withdrawal pending since monday", "deposit missing", "Mon retrait est bloqué", "??", "",
    "API 키 오류", "my futures position got liquidated", "what's the taker fee", "hi",
]  # fmt: skip


def _examples(config_dir: Path) -> tuple[list[str], np.ndarray[Any, Any]]:
    with (config_dir / "training" / "exchange_examples.csv").open(encoding="utf-8") as f:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(f)]
    return [t for t, _ in rows], np.asarray([label for _, label in rows])


def _version_2_parts(texts: list[str], labels: np.ndarray[Any, Any]) -> dict[str, Any]:
    """What ``train_model`` pickled before version 3: the fitted sklearn objects."""
    words = TfidfVectorizer(
        preprocessor=normalize, ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
    )
    chars = TfidfVectorizer(
        preprocessor=normalize, analyzer="char_wb", ngram_range=(1, 6), sublinear_tf=True
    )
    features = sp.hstack([words.fit_transform(texts), chars.fit_transform(texts)], format="csr")
    svm = LinearSVC(C=0.5, class_weight="balanced").fit(features, labels)
    logreg = LogisticRegression(C=30.0, max_iter=3000, class_weight="balanced")
    logreg.fit(features, labels)
    classes = svm.classes_
    pairs = {}
    for low, high in itertools.combinations(range(len(classes)), 2):
        mask = np.isin(labels, [classes[low], classes[high]])
        pair = LinearSVC(C=0.5).fit(features[mask], labels[mask] == classes[high])
        weights = sp.csr_matrix(pair.coef_, dtype=np.float32)
        pairs[(low, high)] = (low, high, weights, float(pair.intercept_[0]))
    return {
        "format": "switchboard-topic-model", "version": 2, "sklearn": sklearn.__version__,
        "data_hash": "0" * 64, "words": words, "chars": chars, "svm": svm, "logreg": logreg,
        "pairs": pairs, "encoder": None, "neighbours": None,
    }  # fmt: skip


def _predictions(model: TopicModel, texts: list[str]) -> list[object]:
    return [
        model.predict_batch(texts),
        [model.predict(t) for t in texts],
        model.predict_many(texts, threshold=0.0),
    ]


def _plain(value: object) -> bool:
    """Whether a model file's contents are builtins and numeric/str numpy arrays only."""
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "biufU"
    return value is None or isinstance(value, str | int | float | bool)


def test_version_2_file_loads_and_predicts_as_its_version_3(
    config_dir: Path, tmp_path: Path
) -> None:
    texts, labels = _examples(config_dir)
    parts = _version_2_parts(texts, labels)
    with (tmp_path / "v2.pkl").open("wb") as f:
        pickle.dump(parts, f)
    old = TopicModel.load(tmp_path / "v2.pkl")
    old.save(tmp_path / "v3.pkl")
    with (tmp_path / "v3.pkl").open("rb") as f:
        saved = pickle.load(f)
    assert saved["version"] == 3
    assert _plain(saved)
    new = TopicModel.load(tmp_path / "v3.pkl")
    assert (new.labels, new.data_hash) == (old.labels, old.data_hash)
    probes = PROBES + texts[::7]
    assert _predictions(new, probes) == _predictions(old, probes)
    # The conversion kept the SVM's orientation: its labels mostly win the vote.
    voted = [p.topic for p in old.predict_many(texts, threshold=0.0)]
    features = sp.hstack([parts["words"].transform(texts), parts["chars"].transform(texts)])
    svm = parts["svm"].predict(features)
    assert np.mean(np.asarray(voted) == svm) > 0.95


def test_unknown_version_and_missing_parts_are_refused(tmp_path: Path) -> None:
    for version, message in ((9, "version 9"), (3, "not a usable")):
        with (tmp_path / "m.pkl").open("wb") as f:
            pickle.dump({"format": "switchboard-topic-model", "version": version}, f)
        with pytest.raises(ModelFormatError, match=message):
            TopicModel.load(tmp_path / "m.pkl")


_INFERENCE = """
    import json, sys
    from pathlib import Path

    import router.services
    from router.classify.classifier import Classifier, Text
    from router.classify.topic_model import TopicModel

    model = TopicModel.load(Path(sys.argv[1]))
    model.predict_batch(["withdrawal pending since monday", "ok", ""])
    model.predict("deposit missing")
    print(model.description, model.labels, model.threshold, model.data_hash, file=sys.stderr)
    classifier = Classifier.load(Path(sys.argv[2]), Path(sys.argv[3]))
    classifier.classify_many([Text("my deposit is missing"), Text("hola")])
    classifier.classify("withdrawal stuck")
    heavy = sorted(m for m in sys.modules if m.partition(".")[0] in ("sklearn", "scipy"))
    print(json.dumps(heavy))
"""


def test_inference_imports_neither_sklearn_nor_scipy(
    config_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    cache = tmp_path_factory.getbasetemp() / "model-cache"
    default_model(config_dir, cache)  # trained here if need be, so the child only loads
    path = default_model_path(config_dir, cache)
    command = [sys.executable, "-c", textwrap.dedent(_INFERENCE), str(path), str(config_dir)]
    done = subprocess.run(
        [*command, str(cache)], capture_output=True, text=True, timeout=90, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
