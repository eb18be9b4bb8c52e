"""The classifier's share of the router's memory, with every language loaded.

Issue 4 gives the router 600 MB with twenty languages loaded. Without the classifier a
router that has just stored a burst of 20,000 messages takes about 210 MB (SQLite's 64 MB
page cache included; ``switchboard bench pipeline --routing default`` reports it), so a
classifier within 300 MB keeps the router near 500 with room to spare. Measured in a
fresh process, as the router starts: load everything (every lingua model preloaded),
classify batches in all twenty languages, read the peak resident size.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.classify

BUDGET_MB = 300

_CHILD = """
import json, sys
from pathlib import Path
from router.classify.classifier import Classifier, Text

config_dir, cache_dir, lines_path = sys.argv[1:4]
classifier = Classifier.load(Path(config_dir), Path(cache_dir), preload_languages=True)
texts = [Text(line) for line in Path(lines_path).read_text(encoding="utf-8").splitlines()]
for start in range(0, len(texts), 512):
    classifier.classify_many(texts[start : start + 512])
status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
print(json.dumps({"peak_kb": int(status["VmHWM"].split()[0]),
                  "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _lines(shared_data: Path, per_file: int) -> list[str]:
    lines = []
    for folder in ("sentences", "word-pairs", "single-words"):
        for path in sorted((shared_data / "langid" / folder).glob("*.txt")):
            lines += path.read_text(encoding="utf-8").splitlines()[:per_file]
    return lines


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc (Linux)")
def test_classifier_with_every_language_loaded_stays_within_budget(
    config_dir: Path, model_cache: Path, shared_data: Path, tmp_path: Path
) -> None:
    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join(_lines(shared_data, 100)), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(config_dir), str(model_cache), str(lines)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["peak_kb"] / 1024 <= BUDGET_MB
