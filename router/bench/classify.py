"""Classifier throughput and memory: one process, the default model, 20 languages.

Messages are a mix of the shipped exchange examples, Banking77 test lines and langid
sentences, word pairs and single words in all 20 languages, every language model loaded
at start. Timed twice: one message at a time (``classify``, as ``switchboard classify``
does) and in batches of 512 (``analyze`` then ``finish``, as the router does).
"""

from __future__ import annotations

import csv
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

import psutil

from router.classify.classifier import Classifier, Text

BATCH = 512


def sample_messages(config_dir: Path, data_dir: Path, per_source: int = 300) -> list[str]:
    rng = random.Random(4)
    with (config_dir / "training" / "exchange_examples.csv").open(encoding="utf-8") as f:
        messages = [row["text"] for row in csv.DictReader(f)]
    banking = data_dir / "banking77" / "test.csv"
    if banking.is_file():
        with banking.open(encoding="utf-8") as f:
            messages += rng.sample([row["text"] for row in csv.DictReader(f)], per_source)
    langid = data_dir / "langid"
    for path in sorted(langid.glob("*/*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        messages += rng.sample(lines, min(per_source // 10, len(lines)))
    rng.shuffle(messages)
    return messages


def _rss_mb() -> float:
    rss: float = psutil.Process().memory_info().rss
    return round(rss / 2**20, 1)


def bench_classify(config_dir: Path, data_dir: Path, cache_dir: Path) -> dict[str, Any]:
    start = time.perf_counter()
    # As a long-running router should: every model of every language in memory at once.
    classifier = Classifier.load(config_dir, cache_dir, preload_languages=True)
    load_s = time.perf_counter() - start
    rss_loaded = _rss_mb()
    messages = sample_messages(config_dir, data_dir)
    for text in messages:  # warm-up
        classifier.classify(text)
    timings = []
    for text in messages:
        start = time.perf_counter()
        classifier.classify(text)
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    for i in range(0, len(messages), BATCH):
        classifier.classify_many([Text(t) for t in messages[i : i + BATCH]])
    batch_s = time.perf_counter() - start
    return {
        "messages": len(messages),
        "load_s": round(load_s, 2),
        "single_median_us": round(statistics.median(timings) * 1e6, 1),
        "single_p95_us": round(sorted(timings)[int(len(timings) * 0.95)] * 1e6, 1),
        "single_messages_per_s": round(len(timings) / sum(timings), 1),
        "batch_us_per_message": round(batch_s / len(messages) * 1e6, 1),
        "batch_messages_per_s": round(len(messages) / batch_s, 1),
        "rss_mb_every_language_model_loaded": rss_loaded,
        "rss_mb_after_all_20_languages_used": _rss_mb(),
    }


if __name__ == "__main__":
    import sys

    print(json.dumps(bench_classify(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))))
