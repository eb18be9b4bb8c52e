"""A fitted TF-IDF vectorizer as plain data, and its analyzers without sklearn.

Inference must not import sklearn (about 76 MB of the router's memory), so a model file
keeps only what ``TfidfVectorizer.transform`` reads: the vocabulary, the idf weights and
how text becomes terms. The n-gram functions below repeat sklearn's ``_char_wb_ngrams``
(one word at a time, see ``term_ids``) and ``_word_ngrams`` step for step, with the
project's ``normalize`` as the preprocessor; ``tests`` compare the terms with sklearn's
analyzer and the features with its ``transform``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np

Analyzer = Literal["word", "char_wb"]

_CONTRACTIONS = (
    (re.compile(r"n['’]t\b"), " not"),
    (re.compile(r"['’]m\b"), " am"),
    (re.compile(r"['’]re\b"), " are"),
    (re.compile(r"['’]ve\b"), " have"),
    (re.compile(r"\b(can|don|won|didn|isn|doesn)t\b"), r"\1 not"),
    (re.compile(r"\d"), "0"),
)
_WHITE_SPACES = re.compile(r"\s\s+")  # sklearn's _VectorizerMixin._white_spaces


def normalize(text: str) -> str:
    """Lower-case, spell out English contractions and blank digits (amounts, IDs, dates)."""
    text = text.lower()
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True, slots=True, eq=False)
class FittedTfidf:
    """What one fitted ``TfidfVectorizer(preprocessor=normalize, norm="l2")`` computes with.

    ``token_pattern`` matters to the "word" analyzer only. ``eq=False``: identity is the
    only useful equality between arrays of 10^5 weights.
    """

    vocabulary: dict[str, int]
    idf: np.ndarray[Any, Any]
    analyzer: Analyzer
    ngram_range: tuple[int, int]
    sublinear_tf: bool
    token_pattern: str = ""

    @property
    def width(self) -> int:
        return len(self.vocabulary)

    def tokenizer(self) -> Callable[[str], list[str]]:
        """sklearn's ``build_tokenizer()``: the token pattern's ``findall``."""
        return re.compile(self.token_pattern).findall

    def to_dict(self) -> dict[str, Any]:
        """Plain data for a model file: a dict, a numpy array, strings and numbers."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FittedTfidf:
        low, high = data["ngram_range"]
        return cls(
            vocabulary=data["vocabulary"],
            idf=np.asarray(data["idf"]),
            analyzer=_analyzer(data["analyzer"]),
            ngram_range=(int(low), int(high)),
            sublinear_tf=bool(data["sublinear_tf"]),
            token_pattern=str(data["token_pattern"]),
        )

    @classmethod
    def from_sklearn(cls, vectorizer: Any) -> FittedTfidf:
        """Convert a fitted ``TfidfVectorizer``; refuse settings the analyzers here lack."""
        _check_supported(vectorizer)
        low, high = vectorizer.ngram_range
        return cls(
            vocabulary=dict(vectorizer.vocabulary_),
            idf=np.asarray(vectorizer.idf_),
            analyzer=_analyzer(vectorizer.analyzer),
            ngram_range=(int(low), int(high)),
            sublinear_tf=bool(vectorizer.sublinear_tf),
            token_pattern=vectorizer.token_pattern if vectorizer.analyzer == "word" else "",
        )


def _analyzer(name: object) -> Analyzer:
    if name == "word":
        return "word"
    if name == "char_wb":
        return "char_wb"
    raise ValueError(f"unsupported TF-IDF analyzer {name!r}")


def _check_supported(vectorizer: Any) -> None:
    # Anything else would make these analyzers silently compute different features.
    expected = {
        "preprocessor": normalize, "tokenizer": None, "stop_words": None, "input": "content",
        "norm": "l2", "use_idf": True, "binary": False,
    }  # fmt: skip
    for name, value in expected.items():
        actual = getattr(vectorizer, name)
        if actual is not value and actual != value:
            raise ValueError(f"unsupported TfidfVectorizer setting {name}={actual!r}")


def words_of(text: str) -> list[str]:
    """The words ``char_wb`` takes n-grams of, as sklearn splits them."""
    return _WHITE_SPACES.sub(" ", text).split()


def padded_word_ngrams(word: str, low: int, high: int) -> list[str]:
    """One word's ``char_wb`` n-grams: the word padded with a space each side, its
    ``low``- to ``high``-grams; a word shorter than ``n`` counts once. sklearn's own loop:
    with a comprehension per ``n`` instead, n-grams took twice as long."""
    ngrams: list[str] = []
    append = ngrams.append
    padded = f" {word} "
    size = len(padded)
    for n in range(low, high + 1):
        offset = 0
        append(padded[:n])
        while offset + n < size:
            offset += 1
            append(padded[offset : offset + n])
        if offset == 0:
            break
    return ngrams


def word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    """sklearn's ``_word_ngrams`` without stop words: ``low``- to ``high``-grams of tokens
    joined by a space, all unigrams first, then all bigrams, and so on."""
    terms = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        terms += map(" ".join, zip(*(tokens[i:] for i in range(n)), strict=False))
    return terms
