"""Shared fixtures for the classify tests: built once per session, like the router does."""

from __future__ import annotations

from pathlib import Path

import pytest

from router.classify.bip39 import Bip39Wordlists
from router.classify.classifier import Classifier
from router.classify.language import LanguageDetector
from router.classify.secrets import SecretScanner
from router.classify.topic_rules import load_topic_config
from router.classify.training import default_model

DATA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The public evaluation data next to the repo; tests using it skip where it is absent."""
    if not DATA_DIR.is_dir():
        pytest.skip(f"shared evaluation data not present at {DATA_DIR}")
    return DATA_DIR


@pytest.fixture(scope="session")
def wordlists() -> Bip39Wordlists:
    return Bip39Wordlists.load()


@pytest.fixture(scope="session")
def scanner(wordlists: Bip39Wordlists) -> SecretScanner:
    return SecretScanner(wordlists)


@pytest.fixture(scope="session")
def language_detector() -> LanguageDetector:
    return LanguageDetector()


@pytest.fixture(scope="session")
def config_dir() -> Path:
    return Path(__file__).resolve().parents[3] / "config"


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A models directory that starts empty, as on a first start, shared by the session."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="session")
def classifier(
    config_dir: Path,
    model_cache: Path,
    scanner: SecretScanner,
    language_detector: LanguageDetector,
) -> Classifier:
    # The default exchange model, trained once into a fresh cache as on a first start.
    topics = load_topic_config(config_dir / "topics.yaml")
    model = default_model(config_dir, model_cache, topics.threshold)
    return Classifier(scanner, language_detector, topics, model)
