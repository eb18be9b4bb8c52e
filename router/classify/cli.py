"""What ``switchboard classify`` and ``switchboard topics train/eval`` run (wired by the CLI).

``classify_lines`` maps JSONL in to JSONL out, one output line per input line; a line that
is not a JSON object with a string ``text`` yields ``{"id": ..., "error": ...}`` instead
of stopping the stream.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from router.classify.classifier import Classifier, Hints
from router.classify.embeddings import missing_modules
from router.classify.topic_model import evaluate, train

# Keys a connector may put under "hints", mapped to the language hint they carry.
_LANGUAGE_HINT_KEYS = ("language_code", "browser_language", "content_language", "language")


def hints_from_json(raw: Any) -> Hints:
    if not isinstance(raw, dict):
        return Hints()
    languages = tuple(str(raw[k]) for k in _LANGUAGE_HINT_KEYS if raw.get(k))
    return Hints(
        languages=languages,
        customer_language=str(raw.get("customer_language") or ""),
        vip=bool(raw.get("vip", False)),
        repeat_contacts=int(raw.get("repeat_contacts") or 0),
    )


def classify_record(classifier: Classifier, record: Any) -> dict[str, Any]:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        ident = record.get("id") if isinstance(record, dict) else None
        return {"id": ident, "error": "expected an object with a string 'text'"}
    result = classifier.classify(
        record["text"],
        subject=str(record.get("subject") or ""),
        channel=str(record.get("channel") or ""),
        hints=hints_from_json(record.get("hints")),
    )
    return {"id": record.get("id"), **result.to_json()}


def classify_lines(classifier: Classifier, lines: Iterable[str]) -> Iterator[str]:
    for line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield json.dumps({"id": None, "error": f"invalid JSON: {exc.msg}"})
            continue
        yield json.dumps(classify_record(classifier, record), ensure_ascii=False)


def train_topics(
    data: Path, text_column: str, label_column: str, out: Path, embeddings: str = "auto"
) -> dict[str, Any]:
    """``embeddings``: "yes", "no", or "auto" (yes when the ``embeddings`` extra is installed)."""
    use = embeddings == "yes" or (embeddings == "auto" and not missing_modules(export=True))
    model = train(data, text_column, label_column, out, embeddings=use)
    return {
        "model": str(out),
        "labels": len(model.labels),
        "data_hash": model.data_hash,
        "description": model.description,
    }


def eval_topics(
    model: Path, data: Path, text_column: str = "text", label_column: str = "category"
) -> dict[str, Any]:
    return dict(evaluate(model, data, text_column, label_column))
