"""The default crypto-exchange topic model, trained from ``config/training`` on first start.

The cached file is named by a hash of the examples (and the model format), so editing the
examples or upgrading the model code retrains once, and every router process that shares
the cache directory agrees on which model is current.
"""

from __future__ import annotations

from pathlib import Path

from router.classify.topic_model import DEFAULT_THRESHOLD, TopicModel, data_hash, train

EXAMPLES = Path("training") / "exchange_examples.csv"
TEXT_COLUMN = "text"
LABEL_COLUMN = "label"


def default_model_path(config_dir: Path, cache_dir: Path) -> Path:
    return cache_dir / f"exchange-topics-{data_hash(config_dir / EXAMPLES)[:16]}.pkl"


def default_model(
    config_dir: Path, cache_dir: Path, threshold: float = DEFAULT_THRESHOLD
) -> TopicModel:
    """Load the cached default model, training it first if this version is not cached."""
    path = default_model_path(config_dir, cache_dir)
    if not path.is_file():
        train(config_dir / EXAMPLES, TEXT_COLUMN, LABEL_COLUMN, path)
    return TopicModel.load(path, threshold)
