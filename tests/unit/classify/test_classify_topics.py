from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from router.classify.cli import eval_topics, train_topics
from router.classify.errors import (
    ConfigError,
    ModelFormatError,
    ModelNotFoundError,
    TrainingDataError,
)
from router.classify.topic_model import TopicModel, train
from router.classify.topic_rules import load_topic_config
from router.classify.training import default_model, default_model_path

pytestmark = pytest.mark.classify

TAXONOMY = {
    "account_access", "security", "deposit", "withdrawal", "kyc",
    "trading", "fees", "api", "p2p", "general",
}  # fmt: skip


def write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "category"])
        writer.writerows(rows)
    return path


def test_shipped_examples_cover_exactly_the_taxonomy(config_dir: Path) -> None:
    with (config_dir / "training" / "exchange_examples.csv").open(encoding="utf-8") as f:
        labels = {row["label"] for row in csv.DictReader(f)}
    assert labels == TAXONOMY
    assert set(load_topic_config(config_dir / "topics.yaml").taxonomy) == TAXONOMY


def test_default_model_is_cached_by_data_hash(config_dir: Path, tmp_path: Path) -> None:
    first = default_model(config_dir, tmp_path)
    path = default_model_path(config_dir, tmp_path)
    assert path.is_file()
    stamp = path.stat().st_mtime_ns
    second = default_model(config_dir, tmp_path)
    assert path.stat().st_mtime_ns == stamp  # loaded, not retrained
    assert first.data_hash == second.data_hash
    assert set(first.labels) == TAXONOMY


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("I lost my authenticator app and can't sign in", "account_access"),
        ("someone withdrew my ETH without permission", "security"),
        ("sent SOL two hours ago still not credited to my balance", "deposit"),
        ("withdrawal pending since monday", "withdrawal"),
        ("the selfie check rejected my passport", "kyc"),
        ("my futures position got liquidated unfairly", "trading"),
        ("what's the taker fee", "fees"),
        ("websocket keeps disconnecting my bot", "api"),
        ("paid the seller on P2P, still waiting for release", "p2p"),
        ("hey there 👋", "general"),
        ("提币审核了两天", "withdrawal"),
        ("입금이 반영되지 않았어요", "deposit"),
        ("Olvidé mi contraseña", "account_access"),
    ],
)
def test_default_model_routes_unseen_messages(
    config_dir: Path, model_cache: Path, text: str, topic: str
) -> None:
    model = default_model(config_dir, model_cache)
    assert model.predict(text).topic == topic


def test_single_message_path_matches_batch_path(config_dir: Path, model_cache: Path) -> None:
    model = default_model(config_dir, model_cache)
    texts = ["deposit missing", "Mon retrait est bloqué", "??", "API 키 오류"]
    batch = model.predict_many(texts)
    single = [model.predict(t) for t in texts]
    assert [p.topic for p in batch] == [p.topic for p in single]
    assert np.allclose([p.confidence for p in batch], [p.confidence for p in single], atol=1e-3)


def test_low_confidence_is_unknown(tmp_path: Path) -> None:
    data = write_csv(
        tmp_path / "t.csv",
        [("deposit not credited", "deposit")] * 3 + [("withdrawal pending", "withdrawal")] * 3,
    )
    model = train(data, "text", "category", tmp_path / "m.pkl")
    strict = TopicModel.load(tmp_path / "m.pkl", threshold=0.99)
    assert strict.predict("zebra").topic == "unknown"
    assert "below" in strict.predict("zebra").reason
    assert model.predict("my deposit is not credited").topic == "deposit"


def test_train_and_eval_round_trip(tmp_path: Path, config_dir: Path) -> None:
    data = config_dir / "training" / "exchange_examples.csv"
    out = tmp_path / "model.pkl"
    summary = train_topics(data, "text", "label", out, embeddings="no")
    assert summary["labels"] == len(TAXONOMY)
    report = eval_topics(out, data, "text", "label")
    json.dumps(report)  # the CLI prints it as JSON
    assert report["accuracy"] > 0.95  # its own training data
    assert {"accuracy", "macro_f1", "per_message_us"} <= set(report)


def test_bad_inputs_raise_package_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFoundError):
        TopicModel.load(tmp_path / "missing.pkl")
    (tmp_path / "junk.pkl").write_bytes(b"not a pickle")
    with pytest.raises(ModelFormatError):
        TopicModel.load(tmp_path / "junk.pkl")
    with pytest.raises(TrainingDataError, match="column"):
        train(write_csv(tmp_path / "x.csv", [("a", "b")]), "body", "category", tmp_path / "o")
    (tmp_path / "topics.yaml").write_text("rules:\n  - topic: api\n    patterns: ['(']\n")
    with pytest.raises(ConfigError, match="bad pattern"):
        load_topic_config(tmp_path / "topics.yaml")


@pytest.mark.slow
def test_banking77_accuracy(shared_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "b77.pkl"
    train_topics(shared_data / "banking77" / "train.csv", "text", "category", out, "no")
    report = eval_topics(out, shared_data / "banking77" / "test.csv")
    assert report["accuracy"] >= 0.92
    assert report["per_message_us"] <= 2000


def test_rule_words_glued_to_cjk_text_still_match(config_dir: Path) -> None:
    """Code-mixed chat glues Latin words to Han or Hangul ("P2P付完款"), where \\b fails."""
    topics = load_topic_config(config_dir / "topics.yaml")
    for text, topic in (("P2P付完款商家不放币", "p2p"), ("ADL了我的仓位", "trading")):
        rule = topics.match(text)
        assert rule is not None, text
        assert rule.topic == topic, text
    assert topics.match("laptop2p backup") is None
