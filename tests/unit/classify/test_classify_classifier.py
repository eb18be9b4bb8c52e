from __future__ import annotations

import json

import pytest

from router.classify.classifier import Classifier, Hints
from router.classify.cli import classify_lines
from router.models import Urgency

pytestmark = pytest.mark.classify

SEED = "legal winner thank year wave sausage worth useful legal winner thank yellow"


def test_seed_phrase_never_reaches_any_output_field(classifier: Classifier) -> None:
    line = json.dumps({"id": "m1", "channel": "telegram", "text": f"support asked for it: {SEED}",
                       "subject": f"re: {SEED}"})  # fmt: skip
    (out,) = list(classify_lines(classifier, [line]))
    assert "sausage" not in out
    assert "winner thank" not in out
    record = json.loads(out)
    assert record["secrets"] == ["seed phrase"]
    assert "[redacted: seed phrase]" in record["redacted_text"]
    assert record["urgency"] in {"high", "critical"}


def test_result_has_every_issue_field(classifier: Classifier) -> None:
    line = json.dumps({
        "id": 7, "channel": "email", "subject": "Withdrawal stuck",
        "text": "Sent 250 USDT via TRC20 two days ago, still pending. UID 12345678",
        "hints": {"content_language": "en"},
    })  # fmt: skip
    record = json.loads(next(classify_lines(classifier, [line])))
    assert set(record) == {
        "id", "language", "language_confidence", "topic", "topic_confidence", "urgency",
        "urgency_reasons", "entities", "secrets", "redacted_text",
    }  # fmt: skip
    assert record["id"] == 7
    assert record["language"] == "en"
    assert record["topic"] == "withdrawal"
    assert record["urgency"] == "high"
    assert {"kind": "amount", "value": "250 USDT"}.items() <= record["entities"][0].items()
    kinds = {e["kind"] for e in record["entities"]}
    assert {"amount", "network", "user_id"} <= kinds


def test_bad_lines_yield_errors_not_crashes(classifier: Classifier) -> None:
    out = [json.loads(x) for x in classify_lines(classifier, ["{oops", "[1]", "", '{"id": 3}'])]
    assert [o.get("error", "")[:7] for o in out] == ["invalid", "expecte", "expecte"]


def test_hints_and_customer_language(classifier: Classifier) -> None:
    result = classifier.classify("ok", channel="telegram", hints=Hints(languages=("tr",)))
    assert result.language == "tr"
    switched = classifier.classify(
        "Почему мой вывод до сих пор не пришёл уже два дня?", hints=Hints(customer_language="en")
    )
    assert switched.language == "ru"
    assert "switched from en" in switched.language_reason
    assert switched.urgency is Urgency.HIGH


def test_classification_record_for_the_router(classifier: Classifier) -> None:
    result = classifier.classify("my account was hacked, withdrawals I did not make")
    classification = result.to_classification()
    assert classification.urgency is Urgency.CRITICAL
    assert classification.topic == "security"
    assert any(r.startswith("urgency critical") for r in classification.reasons)


def test_redaction_markers_do_not_decide_the_language(classifier: Classifier) -> None:
    result = classifier.classify(f"ayuda, mi frase es {SEED}")
    assert result.secrets == ("seed phrase",)
    assert result.language == "es"
