"""The one entry point: secrets redacted first, then language, topic, urgency and entities.

Everything after redaction sees only the redacted text, so no later step (nor its
reasons, nor the entities shown to agents) can carry a seed phrase or key onward.

Two steps, so the router can do the costly one for a whole batch: ``analyze`` reads what
messages say by themselves (redaction, language evidence, topic, entities, the urgency of
the words), ``finish`` weighs one message's context (channel and customer language, VIP,
repeat contacts). ``classify`` is both for one message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from router.classify.bip39 import Bip39Wordlists
from router.classify.entities import Entity, extract_entities
from router.classify.language import (
    DEFAULT_LANGUAGES,
    LanguageDetector,
    LanguageDraft,
    LanguageHints,
)
from router.classify.prepare import prepare_apart
from router.classify.secrets import Redaction, SecretScanner
from router.classify.topic_model import UNKNOWN, TopicModel, TopicPrediction
from router.classify.topic_rules import TopicConfig, load_topic_config
from router.classify.training import default_model
from router.classify.urgency import UrgencyResult, raise_for_customer, text_urgency
from router.models import Classification, Urgency

_MARKER = re.compile(r"\[redacted: [a-z ]+\]")
_NOTHING = Redaction("", ())  # most messages have no subject


@dataclass(frozen=True, slots=True)
class Hints:
    """What the channel and the customer record tell the classifier besides the text."""

    languages: tuple[str, ...] = ()  # Telegram language_code, browser, Content-Language
    customer_language: str = ""
    vip: bool = False
    repeat_contacts: int = 0


@dataclass(frozen=True, slots=True)
class Text:
    """One message as the classifier reads it."""

    text: str
    subject: str = ""
    channel: str = ""


@dataclass(frozen=True, slots=True)
class Analysis:
    """What a message says by itself, redacted; ``Classifier.finish`` adds its context."""

    channel: str
    redacted_text: str
    redacted_subject: str
    secrets: tuple[str, ...]
    language: LanguageDraft
    topic: TopicPrediction
    said: UrgencyResult  # from the words alone
    entities: tuple[Entity, ...]


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
        preload_languages: bool = False,
    ) -> Classifier:
        """Read ``topics.yaml``, load ``model_path`` or the default exchange model (trained
        into ``cache_dir`` on first start, by a child process), and the BIP39 and language
        models (each lingua model on first use, unless ``preload_languages``)."""
        topics = load_topic_config(config_dir / "topics.yaml")
        prepare_apart(config_dir, cache_dir, languages, topic_model=model_path is None)
        if model_path is not None:
            model = TopicModel.load(model_path, topics.threshold)
        else:
            model = default_model(config_dir, cache_dir, topics.threshold)
        detector = LanguageDetector(languages, preload=preload_languages, cache_dir=cache_dir)
        return cls(SecretScanner(Bip39Wordlists.load()), detector, topics, model)

    def classify(
        self, text: str, subject: str = "", channel: str = "", hints: Hints | None = None
    ) -> Result:
        """One message; the same as ``classify_many`` on a batch of one."""
        return self.finish(self.analyze([Text(text, subject, channel)])[0], hints)

    def classify_many(
        self, texts: Sequence[Text], hints: Sequence[Hints | None] | None = None
    ) -> list[Result]:
        analyses = self.analyze(texts)
        every = hints if hints is not None else [None] * len(analyses)
        return [self.finish(a, h) for a, h in zip(analyses, every, strict=True)]

    def analyze(self, texts: Sequence[Text]) -> list[Analysis]:
        """What each message says by itself, for a whole batch at once.

        Secrets are redacted first; every later step sees only the redacted text. The
        topic model scores the batch in one pass, which is most of the saving.
        """
        redacted = [(self._redact(t.text), self._redact(t.subject)) for t in texts]
        wholes = [
            f"{heading.redacted_text}\n{body.redacted_text}" if t.subject else body.redacted_text
            for t, (body, heading) in zip(texts, redacted, strict=True)
        ]
        topics = self._topics_of(wholes)
        analyses = []
        for t, (body, heading), whole, topic in zip(texts, redacted, wholes, topics, strict=True):
            clean = body.redacted_text
            # The English redaction markers must not vote on the language of a Spanish message.
            language = self._languages.draft(_MARKER.sub(" ", clean if clean.strip() else whole))
            secrets = tuple(dict.fromkeys((*body.kinds, *heading.kinds)))
            analyses.append(
                Analysis(
                    channel=t.channel,
                    redacted_text=clean,
                    redacted_subject=heading.redacted_text,
                    secrets=secrets,
                    language=language,
                    topic=topic,
                    said=text_urgency(whole, topic.topic, secrets),
                    entities=tuple(extract_entities(clean)),
                )
            )
        return analyses

    def finish(self, a: Analysis, hints: Hints | None = None) -> Result:
        """Weigh what the channel and the conversation say: language hints, VIP, repeats."""
        hints = hints or Hints()
        language_hints = LanguageHints(hints.languages, hints.customer_language)
        language = self._languages.decide(a.language, language_hints)
        urgency = raise_for_customer(a.said, hints.vip, hints.repeat_contacts)
        channel_note = f" ({a.channel})" if a.channel else ""
        topic = a.topic
        return Result(
            language=language.code,
            language_confidence=language.confidence,
            language_reason=language.reason,
            topic=topic.topic,
            topic_confidence=topic.confidence,
            topic_reason=topic.reason,
            urgency=urgency.level,
            urgency_reasons=urgency.reasons,
            entities=a.entities,
            secrets=a.secrets,
            redacted_text=a.redacted_text,
            redacted_subject=a.redacted_subject,
            reasons=(
                f"language {language.code or '?'}{channel_note}: {language.reason}",
                f"topic {topic.topic}: {topic.reason}",
                *(f"urgency {urgency.level.value}: {r}" for r in urgency.reasons),
                *(f"secret redacted: {kind}" for kind in a.secrets),
            ),
        )

    def _redact(self, text: str) -> Redaction:
        return self._scanner.redact(text) if text else _NOTHING

    def _topics_of(self, texts: list[str]) -> list[TopicPrediction]:
        topics: list[TopicPrediction | None] = []
        for text in texts:
            rule = self._topics.match(text)
            topics.append(
                None if rule is None else TopicPrediction(rule.topic, 1.0, f"rule {rule.name}")
            )
        rest = [t for t, topic in zip(texts, topics, strict=True) if topic is None]
        if self._model is None:
            predicted = [TopicPrediction(UNKNOWN, 0.0, "no topic model loaded")] * len(rest)
        else:
            predicted = self._model.predict_batch(rest)
        found = iter(predicted)
        return [topic if topic is not None else next(found) for topic in topics]
