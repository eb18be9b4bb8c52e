"""The router classifies a whole batch at once: it must say exactly what one-by-one does."""

from __future__ import annotations

import csv
import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from router.classify.classifier import Classifier, Hints, Text
from router.classify.language import LanguageDetector
from router.classify.sparse_rows import SparseRows
from router.classify.term_ids import TermIds
from router.classify.tfidf import FittedTfidf, normalize
from router.classify.topic_batch import BatchTfidf
from router.classify.topic_features import SingleTextTfidf
from router.decide import ConversationContext
from router.models import ConversationStatus, CustomerProfile, Message, Sender
from router.understanding import ClassifierUnderstand

pytestmark = pytest.mark.classify

SEED = "abandon ability able about above absent absorb abstract absurd abuse access accident"
WITH_SECRETS = [
    Text(f"my seed phrase is {SEED}, someone drained my wallet", "HELP", "email"),
    Text("private key 4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
    Text("pw: Tr0ub4dor&3 and my withdrawal is stuck for 3 days", channel="telegram"),
]


def _lines(data: Path, per_file: int) -> list[str]:
    rng = random.Random(11)
    lines: list[str] = []
    for path in sorted((data / "langid").glob("*/*.txt")):
        rows = [x for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        lines += rng.sample(rows, min(per_file, len(rows)))
    with (data / "banking77" / "test.csv").open(encoding="utf-8") as f:
        lines += [row["text"] for row in csv.DictReader(f)][::10]
    return lines


def _hints(i: int) -> Hints:
    # Every kind of context in turn: none, a channel language, a customer language, VIP.
    languages = ("en", "de", "ru", "ja", "pt")
    return Hints(
        languages=(languages[i % 5],) if i % 3 == 1 else (),
        customer_language=languages[(i + 2) % 5] if i % 4 == 2 else "",
        vip=i % 7 == 0,
        repeat_contacts=i % 5,
    )


def test_batch_equals_one_by_one_on_real_data(classifier: Classifier, shared_data: Path) -> None:
    texts = [Text(t, channel="webchat") for t in _lines(shared_data, 8)] + WITH_SECRETS
    hints = [_hints(i) for i in range(len(texts))]
    batch = classifier.classify_many(texts, hints)
    single = [
        classifier.classify(t.text, t.subject, t.channel, h)
        for t, h in zip(texts, hints, strict=True)
    ]
    assert batch == single
    assert {r.language for r in batch} >= {"en", "zh", "ja", "ru", "ar", "th", "de", "vi"}
    assert [r.secrets for r in batch[-3:]] == [
        ("seed phrase",),
        ("private key",),
        ("password",),
    ]


def test_batch_of_512_in_any_order_says_the_same(classifier: Classifier) -> None:
    texts = [Text(t) for t in ("hi", "мой вывод завис", "出金が反映されません", "ok danke")]
    texts = [*texts, *WITH_SECRETS] * 64
    forward = classifier.classify_many(texts)
    backward = classifier.classify_many(texts[::-1])
    assert forward == backward[::-1]


def _fitted_vectorizers(config_dir: Path) -> list[TfidfVectorizer]:
    """The topic model's two vectorizers, fitted on the shipped examples."""
    with (config_dir / "training" / "exchange_examples.csv").open(encoding="utf-8") as f:
        train = [row["text"] for row in csv.DictReader(f)]
    words = TfidfVectorizer(
        preprocessor=normalize, ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
    ).fit(train)
    chars = TfidfVectorizer(
        preprocessor=normalize, analyzer="char_wb", ngram_range=(1, 6), sublinear_tf=True
    ).fit(train)
    return [words, chars]


def _texts(shared_data: Path) -> list[str]:
    odd = ["", "   ", "12345", "a", "I can't\t\tlog  in\n\nplease", "x y\u00a0\u00a0z"]
    return [*_lines(shared_data, 3), *odd]


def _csr(rows: SparseRows) -> sp.csr_matrix:
    return sp.csr_matrix((rows.data, rows.indices, rows.indptr), shape=rows.shape)


def test_batch_tfidf_matches_sklearn(config_dir: Path, shared_data: Path) -> None:
    vectorizers = _fitted_vectorizers(config_dir)
    fitted = [FittedTfidf.from_sklearn(v) for v in vectorizers]
    texts = _texts(shared_data)
    expected = sp.hstack([v.transform(texts) for v in vectorizers], format="csr")
    got = BatchTfidf(fitted).transform(texts)
    assert got.shape == expected.shape
    assert abs(_csr(got) - expected).max() < 1e-6
    # Twice: the second time the per-word n-gram cache answers.
    assert np.array_equal(BatchTfidf(fitted).transform(texts).indices, got.indices)


def test_single_text_tfidf_matches_sklearn(config_dir: Path, shared_data: Path) -> None:
    vectorizers = _fitted_vectorizers(config_dir)
    single = SingleTextTfidf([FittedTfidf.from_sklearn(v) for v in vectorizers])
    texts = _texts(shared_data)
    expected = sp.hstack([v.transform(texts) for v in vectorizers], format="csr")
    for i, text in enumerate(texts):
        indices, values = single.transform(text)
        row = expected[i]
        assert np.array_equal(indices, row.indices), text
        assert np.abs(values - row.data).max(initial=0.0) < 1e-6, text


@pytest.mark.parametrize(
    "settings",
    [
        {"analyzer": "word", "ngram_range": (1, 3), "token_pattern": r"(?u)\b\w+\b"},
        {"analyzer": "word", "ngram_range": (2, 2), "token_pattern": r"(?u)\b\w\w+\b"},
        {"analyzer": "char_wb", "ngram_range": (1, 6)},
        {"analyzer": "char_wb", "ngram_range": (3, 5)},
    ],
)
def test_terms_are_sklearns_in_order(settings: dict[str, object], shared_data: Path) -> None:
    texts = _texts(shared_data)
    vectorizer = TfidfVectorizer(preprocessor=normalize, **settings).fit(texts)
    terms = TermIds(FittedTfidf.from_sklearn(vectorizer))
    analyze, vocabulary = vectorizer.build_analyzer(), vectorizer.vocabulary_
    for text in texts:
        expected = [vocabulary[t] for t in analyze(text) if t in vocabulary]
        assert terms.ids(normalize(text)).tolist() == expected, text


def test_unsupported_vectorizer_settings_are_refused() -> None:
    for settings in ({"stop_words": "english"}, {"analyzer": "char"}, {"norm": "l1"}, {}):
        vectorizer = TfidfVectorizer(**settings).fit(["withdrawal pending", "deposit missing"])
        with pytest.raises(ValueError, match="unsupported"):
            FittedTfidf.from_sklearn(vectorizer)


def test_sparse_product_is_scipys_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    for width in (4, 154):
        dense = rng.random((40, 300), dtype=np.float32) * (rng.random((40, 300)) < 0.05)
        dense[[0, 7, 39]] = 0  # empty rows, the last one too
        matrix = sp.csr_matrix(dense)
        rows = SparseRows(
            matrix.indptr.astype(np.int64), matrix.indices.astype(np.int64), matrix.data, 300
        )
        weights = rng.standard_normal((300, width)).astype(np.float32)
        assert np.array_equal(rows.dot(weights), matrix @ weights)


def test_word_vote_settles_common_words(language_detector: LanguageDetector) -> None:
    for text, code in (("nicht", "de"), ("saya", "id"), ("obrigado", "pt"), ("withdrawal", "en")):
        result = language_detector.detect(text)
        assert (result.code, result.reason) == (code, "word frequencies"), text
    # A word no list knows goes on to lingua.
    assert language_detector.detect("Wärmebelastungszeug").reason != "word frequencies"


def _message(n: int, text: str, hints: tuple[str, ...] = ()) -> Message:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    return Message(
        channel="telegram",
        external_id=f"m{n}",
        thread_key=f"t{n}",
        sender=Sender(external_id=f"c{n}"),
        text=text,
        sent_at=now,
        received_at=now,
        language_hints=hints,
    )


def _context(n: int, language: str = "", vip: str = "") -> ConversationContext:
    return ConversationContext(
        conversation_id=f"conv{n}",
        is_new=n % 2 == 0,
        status=ConversationStatus.OPEN,
        queue="",
        priority=0,
        assignee_id="",
        message_count=n,
        customer=CustomerProfile(id=f"c{n}", vip_tier=vip, language=language),
    )


def test_router_understanding_of_a_batch_equals_one_by_one(classifier: Classifier) -> None:
    understand = ClassifierUnderstand(classifier)
    messages = [
        _message(0, "ok", ("de",)),
        _message(1, f"wallet words: {SEED}"),
        _message(2, "Почему мой вывод до сих пор не пришёл?"),
        _message(3, "my account got hacked, someone is withdrawing my BTC right now!!"),
    ]
    contexts = [_context(0), _context(1), _context(2, "en"), _context(3, "en", "gold")]
    batch = understand.for_batch(messages)
    for message, context in zip(messages, contexts, strict=True):
        assert batch(message, context) == understand(message, context)
    assert SEED not in batch(messages[1], contexts[1]).message.text
    # A message the batch did not include is still understood (on its own).
    extra = _message(9, "hola")
    assert batch(extra, _context(9)) == understand(extra, _context(9))


def test_word_vote_never_speaks_for_a_language_without_a_list() -> None:
    # wordfreq has no Afrikaans list: "die" must not be voted German or English by words.
    detector = LanguageDetector(["en", "de", "af"])
    assert detector.detect("die").reason != "word frequencies"
    assert LanguageDetector(["en", "de"]).detect("nicht").reason == "word frequencies"
