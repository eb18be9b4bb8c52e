"""What a first start builds, built in a child process.

Training the default topic model and counting the word lists' n-grams take a few hundred
megabytes for a few seconds. glibc keeps freed pages, so a router that built its own
models would go on running at that size; one that only loads what a child process built
does not. ``python -m router.classify.prepare CONFIG_DIR CACHE_DIR [LANG ...]`` does the
building alone (``Classifier.load`` starts it when the cache lacks something).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from router.classify.char_ngrams import CharNgramModel
from router.classify.errors import ConfigError
from router.classify.language import precise_groups
from router.classify.training import default_model, default_model_path


def prepared(
    config_dir: Path, cache_dir: Path, languages: Sequence[str], topic_model: bool = True
) -> bool:
    """Whether ``cache_dir`` holds everything ``Classifier.load`` needs."""
    if topic_model and not default_model_path(config_dir, cache_dir).is_file():
        return False
    return all(
        CharNgramModel.path_in(cache_dir, group).is_file() for group in precise_groups(languages)
    )


def prepare(
    config_dir: Path, cache_dir: Path, languages: Sequence[str], topic_model: bool = True
) -> None:
    """Build into ``cache_dir`` whatever it lacks, in this process."""
    if topic_model:
        default_model(config_dir, cache_dir)
    for group in precise_groups(languages):
        CharNgramModel.cached(group, cache_dir)


def prepare_apart(
    config_dir: Path, cache_dir: Path, languages: Sequence[str], topic_model: bool = True
) -> None:
    """``prepare`` in a child process, unless the cache is complete already."""
    if prepared(config_dir, cache_dir, languages, topic_model):
        return
    command = [sys.executable, "-m", __name__, str(config_dir), str(cache_dir), *languages]
    if not topic_model:
        command.append("--no-topic-model")
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        raise ConfigError(f"building the classifier's models into {cache_dir} failed (see above)")


def main(argv: Sequence[str]) -> int:
    config_dir, cache_dir, *rest = argv
    languages = [a for a in rest if not a.startswith("--")]
    prepare(Path(config_dir), Path(cache_dir), languages, "--no-topic-model" not in rest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
