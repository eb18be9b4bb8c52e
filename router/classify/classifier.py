"""The one entry point: secrets redacted first, then language, topic, urgency and entities.

Everything after redaction sees only the redacted text, so no later step (nor its
reasons, nor the entities shown to agents) can carry a seed phrase or key onward.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from router.classify.bip39 import Bip39Wordlists
from router.classify.entities import Entity, extract_entities
from router.classify.language import DEFAULT_LANGUAGES, LanguageDetector, LanguageHints
from router.classify.secrets import SecretScanner
from router.classify.topic_model import UNKNOWN, TopicModel, TopicPrediction
from router.classify.topic_rules import TopicConfig, load_topic_config
from router.classify.training import default_model
from router.classify.urgency import UrgencyInput, assess_urgency
from router.models import Classification, Urgency

_MARKER = re.compile(r"\[redacted: [a-z ]+\]")


@dataclass(frozen=True, slots=True)
class Hints:
    """What the channel and the customer record tell the classifier besides the text."""

    languages: tuple[str, ...] = ()  # Telegram language_code, browser, Content-Language
    customer_language: str = ""
    vip: bool = False
    repeat_contacts: int = 0


@dataclass(frozen=True, slots=True)
class Result:
    language: str
    language_confidence: float
    language_reason: str
    topic: str
    topic_confidence: float
    topic_reason: str
    urgency: Urgency
    urgency_reasons: tuple[str, ...]
    entities: tuple[Entity, ...]
    secrets: tuple[str, ...]  # kinds found, e.g. ("seed phrase",)
    redacted_text: str
    redacted_subject: str = ""
    reasons: tuple[str, ...] = field(default=())

    def to_classification(self) -> Classification:
        return Classification(
            language=self.language,
            language_confidence=self.language_confidence,
            topic=self.topic,
            topic_confidence=self.topic_confidence,
            urgency=self.urgency,
            reasons=self.reasons,
        )

    def to_json(self) -> dict[str, Any]:
        """The fields ``switchboard classify`` writes (issue 4), JSON-ready."""
        return {
            "language": self.language,
            "language_confidence": self.language_confidence,
            "topic": self.topic,
            "topic_confidence": self.topic_confidence,
            "urgency": self.urgency.value,
            "urgency_reasons": list(self.urgency_reasons),
            "entities": [asdict(e) for e in self.entities],
            "secrets": list(self.secrets),
            "redacted_text": self.redacted_text,
        }


class Classifier:
    """Built once at start-up (``Classifier.load``) and shared; ``classify`` is pure."""

    def __init__(
        self,
        scanner: SecretScanner,
        languages: LanguageDetector,
        topics: TopicConfig,
        model: TopicModel | None,
    ) -> None:
        self._scanner = scanner
        self._languages = languages
        self._topics = topics
        self._model = model

    @classmethod
    def load(
        cls,
        config_dir: Path,
        cache_dir: Path,
        languages: tuple[str, ...] = DEFAULT_LANGUAGES,
        model_path: Path | None = None,
    ) -> Classifier:
        """Read ``topics.yaml``, load ``model_path`` or the default exchange model (trained
        into ``cache_dir`` on first start), and the BIP39 and language models."""
        topics = load_topic_config(config_dir / "topics.yaml")
        if model_path is not None:
            model = TopicModel.load(model_path, topics.threshold)
        else:
            model = default_model(config_dir, cache_dir, topics.threshold)
        return cls(SecretScanner(Bip39Wordlists.load()), LanguageDetector(languages), topics, model)

    def classify(
        self, text: str, subject: str = "", channel: str = "", hints: Hints | None = None
    ) -> Result:
        hints = hints or Hints()
        body = self._scanner.redact(text)
        heading = self._scanner.redact(subject)
        clean = body.redacted_text
        whole = f"{heading.redacted_text}\n{clean}" if subject else clean
        language_hints = LanguageHints(hints.languages, hints.customer_language)
        # The English redaction markers must not vote on the language of a Spanish message.
        plain = _MARKER.sub(" ", clean if clean.strip() else whole)
        language = self._languages.detect(plain, language_hints)
        topic = self._topic(whole)
        secrets = tuple(dict.fromkeys((*body.kinds, *heading.kinds)))
        urgency = assess_urgency(
            whole, UrgencyInput(topic.topic, secrets, hints.vip, hints.repeat_contacts)
        )
        channel_note = f" ({channel})" if channel else ""
        return Result(
            language=language.code,
            language_confidence=language.confidence,
            language_reason=language.reason,
            topic=topic.topic,
            topic_confidence=topic.confidence,
            topic_reason=topic.reason,
            urgency=urgency.level,
            urgency_reasons=urgency.reasons,
            entities=tuple(extract_entities(clean)),
            secrets=secrets,
            redacted_text=clean,
            redacted_subject=heading.redacted_text,
            reasons=(
                f"language {language.code or '?'}{channel_note}: {language.reason}",
                f"topic {topic.topic}: {topic.reason}",
                *(f"urgency {urgency.level.value}: {r}" for r in urgency.reasons),
                *(f"secret redacted: {kind}" for kind in secrets),
            ),
        )

    def _topic(self, text: str) -> TopicPrediction:
        rule = self._topics.match(text)
        if rule is not None:
            return TopicPrediction(rule.topic, 1.0, f"rule {rule.name}")
        if self._model is None:
            return TopicPrediction(UNKNOWN, 0.0, "no topic model loaded")
        return self._model.predict(text)
