"""The precise language pass: letter n-grams learnt from word lists, kept compact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from router.classify.char_ngrams import CharNgramModel, _encode, _window_keys
from router.classify.language import LanguageDetector

pytestmark = pytest.mark.classify

_RUNS = re.compile(r"[^\W\d_]+")


@pytest.fixture(scope="module")
def small_model() -> CharNgramModel:
    return CharNgramModel.build(("en", "de", "tr"), words_per_language=3000)


# Letters in and out of the alphabet, digits, punctuation, spaces, emoji, other scripts.
_TEXT = st.text(alphabet="aeinrstzßüöçşığ ŋXYZ09.,'-\n🙂日й", max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_a_message_is_scored_on_the_n_grams_the_model_was_counted_on(
    small_model: CharNgramModel, text: str
) -> None:
    # Scoring one message (plain Python) and counting the word lists (numpy) must agree
    # on what the n-grams are, or the model would be scored on n-grams it never counted.
    runs = _RUNS.findall(text.lower())
    counted = _window_keys(_encode(runs, small_model._codes))[0] if runs else []
    assert sorted(small_model._keys_of(text)) == sorted(int(k) for k in counted)


def test_short_lines_get_their_language(small_model: CharNgramModel) -> None:
    for text, code in (("Auszahlung", "de"), ("withdrawal", "en"), ("çekim işlemi", "tr")):
        scores = small_model.scores(text, ("en", "de", "tr"))
        assert max(scores, key=scores.__getitem__) == code, text
        assert sum(scores.values()) == pytest.approx(1.0)
    assert small_model.scores("12345 ...", ("en", "de")) == {}


def test_built_once_into_the_cache_then_loaded(tmp_path: Path) -> None:
    languages = ("en", "nl")
    built = CharNgramModel.cached(languages, tmp_path)
    path = CharNgramModel.path_in(tmp_path, languages)
    assert path.is_file()
    assert not list(tmp_path.glob("*.partial"))
    loaded = CharNgramModel.cached(languages, tmp_path)
    for text in ("betaling", "payment", "niet ontvangen"):
        assert loaded.scores(text, languages) == built.scores(text, languages)
    assert CharNgramModel.path_in(tmp_path, ("en", "de")) != path


def test_the_precise_pass_is_small() -> None:
    # lingua's precise models took about 25 MB per language, 290 MB for these eleven.
    latin = ("en", "es", "fr", "vi", "de", "pt", "tr", "id", "it", "pl", "nl")
    assert CharNgramModel.cached(latin, None).nbytes < 40 * 2**20


def test_a_language_without_a_word_list_keeps_lingua_precise_pass() -> None:
    # Afrikaans has no wordfreq list: its group falls back to lingua's high-accuracy mode.
    detector = LanguageDetector(["en", "de", "af"])
    assert detector.detect("Ek het nog nie my geld ontvang nie").code == "af"
    assert detector.detect("Auszahlung").code == "de"
