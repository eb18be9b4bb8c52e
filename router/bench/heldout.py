"""Topic and urgency of the shipped classifier on a labelled held-out set of exchange messages.

The set (``config/samples/heldout_exchange.jsonl``) is written apart from the training
examples and never copied into them: it says how the default model and the urgency rules
do on messages they have not seen, per language, topic, channel and urgency level.
Each line: ``id``, ``channel``, ``language``, ``text``, optional ``subject``, and the
expected ``topic`` and ``urgency``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from router.classify.classifier import Classifier

HELDOUT = Path("samples") / "heldout_exchange.jsonl"


@dataclass(frozen=True, slots=True)
class Outcome:
    record: dict[str, Any]
    topic: str
    urgency: str

    @property
    def topic_ok(self) -> bool:
        return self.topic == str(self.record["topic"])

    @property
    def urgency_ok(self) -> bool:
        return self.urgency == str(self.record["urgency"])


def read_heldout(path: Path) -> list[dict[str, Any]]:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        missing = {"text", "language", "topic", "urgency"} - set(record)
        if missing:
            raise ValueError(f"{path}:{number} lacks {sorted(missing)}")
        records.append(record)
    return records


def run_heldout(classifier: Classifier, records: list[dict[str, Any]]) -> list[Outcome]:
    outcomes = []
    for record in records:
        result = classifier.classify(
            record["text"],
            subject=str(record.get("subject") or ""),
            channel=str(record.get("channel") or ""),
        )
        outcomes.append(Outcome(record, result.topic, result.urgency.value))
    return outcomes


def report(outcomes: list[Outcome], misses: bool = False) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "messages": len(outcomes),
        "topic_accuracy": _share(o.topic_ok for o in outcomes),
        "urgency_accuracy": _share(o.urgency_ok for o in outcomes),
        "topic_by_language": _grouped(outcomes, "language", topic=True),
        "topic_by_topic": _grouped(outcomes, "topic", topic=True),
        "topic_by_channel": _grouped(outcomes, "channel", topic=True),
        "urgency_by_language": _grouped(outcomes, "language", topic=False),
        "urgency_by_level": _grouped(outcomes, "urgency", topic=False),
    }
    if misses:
        summary["misses"] = [
            {
                "id": o.record.get("id"),
                "text": o.record["text"][:120],
                "topic": [o.record["topic"], o.topic],
                "urgency": [o.record["urgency"], o.urgency],
            }
            for o in outcomes
            if not (o.topic_ok and o.urgency_ok)
        ]
    return summary


def _grouped(outcomes: list[Outcome], key: str, topic: bool) -> dict[str, float]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for outcome in outcomes:
        ok = outcome.topic_ok if topic else outcome.urgency_ok
        groups[str(outcome.record.get(key) or "?")].append(ok)
    return {name: _share(oks) for name, oks in sorted(groups.items())}


def _share(oks: Any) -> float:
    values = list(oks)
    return round(sum(values) / len(values), 4) if values else 0.0


def bench_heldout(
    config_dir: Path, cache_dir: Path, data: Path | None = None, misses: bool = False
) -> dict[str, Any]:
    classifier = Classifier.load(config_dir, cache_dir)
    records = read_heldout(data or config_dir / HELDOUT)
    return report(run_heldout(classifier, records), misses)
