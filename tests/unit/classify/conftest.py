"""Shared fixtures for the classify tests: built once per session, like the router does."""

from __future__ import annotations

from pathlib import Path

import pytest

from router.classify.bip39 import Bip39Wordlists
from router.classify.language import LanguageDetector
from router.classify.secrets import SecretScanner

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
