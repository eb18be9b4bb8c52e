"""Topic models with MiniLM sentence embeddings (the optional ``embeddings`` extra)."""

from __future__ import annotations

import csv
import pickle
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from router.classify.embeddings import EncoderFiles, missing_modules
from router.classify.errors import ModelFormatError
from router.classify.topic_model import TopicModel, train, train_model

pytestmark = pytest.mark.classify

MISSING = missing_modules(export=True)
needs_extra = pytest.mark.skipif(
    bool(MISSING),
    reason=f'embeddings extra not installed (pip install -e ".[embeddings]"; missing: {MISSING})',
)

ROWS = [
    ("my deposit has not arrived", "deposit"),
    ("sent USDT an hour ago, balance still zero", "deposit"),
    ("the coins I transferred in are missing", "deposit"),
    ("withdrawal stuck in processing", "withdrawal"),
    ("I cannot take my money out, withdraw button fails", "withdrawal"),
    ("cash out to my bank was rejected", "withdrawal"),
    ("forgot my password", "account_access"),
    ("cannot sign in, 2fa code invalid", "account_access"),
    ("locked out of my login", "account_access"),
]


@pytest.fixture(scope="module")
def embedded_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[TopicModel, Path]:
    folder = tmp_path_factory.mktemp("embedded")
    data = folder / "train.csv"
    with data.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("text", "category"), *ROWS])
    model = train(data, "text", "category", folder / "model.pkl", embeddings=True)
    return model, folder / "model.pkl"


@needs_extra
def test_embedded_model_round_trips_and_says_what_it_is(
    embedded_model: tuple[TopicModel, Path],
) -> None:
    model, path = embedded_model
    loaded = TopicModel.load(path)
    assert "all-MiniLM-L6-v2" in loaded.description
    assert "int8" in loaded.description
    # Paraphrases with few shared words: the sentence embedding carries them.
    assert loaded.predict("my funds never showed up after I sent them in").topic == "deposit"
    assert loaded.predict("I can't get into my account").topic == "account_access"
    assert model.data_hash == loaded.data_hash


@needs_extra
def test_single_message_path_matches_batch_path(
    embedded_model: tuple[TopicModel, Path],
) -> None:
    model, _ = embedded_model
    texts = ["deposit missing", "withdraw failed again", "zzz", "password reset mail not coming"]
    batch = model.predict_many(texts)
    single = [model.predict(t) for t in texts]
    assert [p.topic for p in batch] == [p.topic for p in single]
    assert np.allclose([p.confidence for p in batch], [p.confidence for p in single], atol=2e-3)


class _StandInEncoder:
    """Hashed bags of words as "embeddings": the feature and vote plumbing, without ONNX."""

    dimensions = 16

    def encode_one(self, text: str) -> np.ndarray[Any, Any]:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in text.lower().split():
            vector[zlib.crc32(word.encode()) % self.dimensions] += 1.0
        return vector / max(float(np.linalg.norm(vector)), 1e-12)

    def encode(self, texts: list[str]) -> np.ndarray[Any, Any]:
        return np.vstack([self.encode_one(t) for t in texts])


def test_embedding_features_and_vote_survive_the_model_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("router.classify.topic_model._encoder", lambda _: _StandInEncoder())
    texts, labels = [t for t, _ in ROWS], [label for _, label in ROWS]
    model = train_model(texts, labels, "0" * 64, EncoderFiles("stand-in", b"", "{}"))
    model.save(tmp_path / "m.pkl")
    loaded = TopicModel.load(tmp_path / "m.pkl")
    probes = ["deposit missing", "withdraw failed again", "zzz", "", "password reset"]
    many = loaded.predict_many(probes)
    assert many == [loaded.predict(t) for t in probes]
    assert many == model.predict_batch(probes)
    assert loaded.predict("my deposit has not arrived").topic == "deposit"


def test_plain_model_does_not_import_the_extra(tmp_path: Path) -> None:
    data = tmp_path / "t.csv"
    with data.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("text", "category"), *ROWS])
    model = train(data, "text", "category", tmp_path / "m.pkl")
    assert "embedding" not in model.description
    with (tmp_path / "m.pkl").open("rb") as f:
        assert pickle.load(f)["encoder"] is None


def test_model_needing_the_extra_fails_clearly_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "t.csv"
    with data.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([("text", "category"), *ROWS])
    train(data, "text", "category", tmp_path / "m.pkl")
    with (tmp_path / "m.pkl").open("rb") as f:
        parts = pickle.load(f)
    parts["encoder"] = {"name": "x", "onnx": b"", "tokenizer_json": "{}"}
    with (tmp_path / "m.pkl").open("wb") as f:
        pickle.dump(parts, f)
    monkeypatch.setattr(
        "router.classify.embeddings.missing_modules", lambda export=False: ["onnxruntime"]
    )
    with pytest.raises(ModelFormatError, match=r"embeddings\]"):
        TopicModel.load(tmp_path / "m.pkl")


@needs_extra
@pytest.mark.slow
def test_banking77_with_embeddings(shared_data: Path, tmp_path: Path) -> None:
    from router.classify.cli import eval_topics, train_topics

    out = tmp_path / "b77.pkl"
    train_topics(shared_data / "banking77" / "train.csv", "text", "category", out, "yes")
    report = eval_topics(out, shared_data / "banking77" / "test.csv")
    assert report["accuracy"] >= 0.94  # time per message: `topics eval`, not a timed test
