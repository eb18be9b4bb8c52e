"""Classifier throughput and memory: one process, the default model, 20 languages.

Messages are a mix of the shipped exchange examples, Banking77 test lines and langid
sentences and word pairs in all 20 languages, so every language model lingua has (fast
and precise) gets loaded before the resident memory is read.
"""

from __future__ import annotations

import csv
import json
import random
import statistics
import time
from pathlib import Path

import psutil

from router.classify.classifier import Classifier


def sample_messages(config_dir: Path, data_dir: Path, per_source: int = 300) -> list[str]:
    rng = random.Random(4)
    with (config_dir / "training" / "exchange_examples.csv").open(encoding="utf-8") as f:
        messages = [row["text"] for row in csv.DictReader(f)]
    banking = data_dir / "banking77" / "test.csv"
    if banking.is_file():
        with banking.open(encoding="utf-8") as f:
            messages += rng.sample([row["text"] for row in csv.DictReader(f)], per_source)
    langid = data_dir / "langid"
    for path in sorted([*langid.glob("sentences/*.txt"), *langid.glob("word-pairs/*.txt")]):
        lines = path.read_text(encoding="utf-8").splitlines()
        messages += rng.sample(lines, min(per_source // 10, len(lines)))
    rng.shuffle(messages)
    return messages


def bench_classify(config_dir: Path, data_dir: Path, cache_dir: Path) -> dict[str, float]:
    start = time.perf_counter()
    classifier = Classifier.load(config_dir, cache_dir)
    load_s = time.perf_counter() - start
    messages = sample_messages(config_dir, data_dir)
    for text in messages:  # warm-up: lingua loads language models on first use
        classifier.classify(text)
    timings = []
    for text in messages:
        start = time.perf_counter()
        classifier.classify(text)
        timings.append(time.perf_counter() - start)
    report = {
        "messages": len(messages),
        "load_s": round(load_s, 2),
        "median_us": round(statistics.median(timings) * 1e6, 1),
        "p95_us": round(sorted(timings)[int(len(timings) * 0.95)] * 1e6, 1),
        "messages_per_s": round(len(timings) / sum(timings), 1),
        "rss_mb": round(psutil.Process().memory_info().rss / 2**20, 1),
    }
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    import sys

    bench_classify(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
