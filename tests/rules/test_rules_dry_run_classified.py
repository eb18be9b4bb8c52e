"""`switchboard rules test` completes lines the way the router would, with the classifier."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.rules, pytest.mark.classify, pytest.mark.timeout(300)]

LINES = [
    {"id": "w", "channel": "email", "text": "my withdrawal of 0.5 BTC is pending for two days"},
    {"id": "k", "channel": "webchat", "text": "hello", "topic": "kyc"},
]


def dry_run(tmp_path: Path, models_dir: Path, *extra: str) -> dict[str, dict[str, object]]:
    path = tmp_path / "lines.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in LINES))
    result = subprocess.run(
        [sys.executable, "-m", "router", "rules", "test", "--messages", str(path), *extra],
        env={
            **os.environ,
            "SWITCHBOARD_MODELS_DIR": str(models_dir),
            "SWITCHBOARD_LOG_LEVEL": "WARNING",
        },
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {d["id"]: d for d in map(json.loads, result.stdout.splitlines())}


def test_missing_labels_are_classified_and_given_ones_kept(
    tmp_path: Path, models_dir: Path
) -> None:
    decided = dry_run(tmp_path, models_dir)
    assert decided["w"]["queue"] == "withdrawals"
    assert decided["k"]["queue"] == "kyc"


def test_without_classification_a_line_is_taken_as_given(tmp_path: Path, models_dir: Path) -> None:
    decided = dry_run(tmp_path, models_dir, "--no-classify")
    assert decided["w"]["queue"] == "triage"
    assert decided["k"]["queue"] == "kyc"
