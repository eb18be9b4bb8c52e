"""The shipped default model and urgency rules on the labelled held-out exchange messages."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from router.bench.heldout import HELDOUT, read_heldout, report, run_heldout
from router.classify.classifier import Classifier

pytestmark = pytest.mark.classify

LANGUAGES = {"en", "zh", "ko", "ja", "ru", "es", "fr", "vi", "tr", "pt", "id", "de", "ar"}


@pytest.mark.parametrize("name", [HELDOUT.name, "heldout_exchange_fresh.jsonl"])
def test_heldout_sets_cover_every_language_topic_and_level(config_dir: Path, name: str) -> None:
    records = read_heldout(config_dir / "samples" / name)
    assert {r["language"] for r in records} == LANGUAGES
    assert {r["urgency"] for r in records} == {"critical", "high", "normal", "low"}
    assert len({r["topic"] for r in records}) == 10


def test_heldout_messages_are_not_training_examples(config_dir: Path) -> None:
    with (config_dir / "training" / "exchange_examples.csv").open(encoding="utf-8") as f:
        training = {row["text"].strip().lower() for row in csv.DictReader(f)}
    for name in (HELDOUT.name, "heldout_exchange_fresh.jsonl"):
        for record in read_heldout(config_dir / "samples" / name):
            text = record["text"].strip().lower()
            # A bare greeting ("hello") is the same everywhere; anything longer is new.
            assert len(text.split()) <= 2 or text not in training, record["id"]


@pytest.mark.parametrize("name", [HELDOUT.name, "heldout_exchange_fresh.jsonl"])
def test_default_classifier_on_heldout(classifier: Classifier, config_dir: Path, name: str) -> None:
    summary = report(run_heldout(classifier, read_heldout(config_dir / "samples" / name)))
    json.dumps(summary)  # `bench heldout` prints it
    assert set(summary["topic_by_language"]) == LANGUAGES
    # Floors well under today's figures (see README): a regression guard, not a target.
    assert summary["topic_accuracy"] >= 0.9
    assert summary["urgency_accuracy"] >= 0.9


def test_bad_heldout_line_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    path.write_text('{"text": "hi", "language": "en"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"h.jsonl:1 lacks \['topic', 'urgency'\]"):
        read_heldout(path)
