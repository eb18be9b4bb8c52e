"""The classifiers behind the rules: what a message says, with its secrets taken out.

:class:`ClassifierUnderstand` is the :class:`~router.rules_decider.Understand` the router
uses when classification is on. It returns the message as it will be stored: text and
subject redacted (``[redacted: seed phrase]``), and the HTML version dropped when secrets
were found, since only the plain text is scanned. Everything after this point — the
store, events, logs, the API, agents — sees only the redacted message.

The pipeline hands it a whole batch first (:meth:`ClassifierUnderstand.for_batch`): what
the messages say by themselves is classified at once, outside the batch's transaction;
each message's conversation is then weighed in one cheap step per message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from router.classify.classifier import Analysis, Classifier, Hints, Result, Text
from router.decide import ConversationContext
from router.models import Message
from router.rules_decider import Understand, Understanding


class ClassifierUnderstand:
    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier

    def __call__(self, message: Message, context: ConversationContext) -> Understanding:
        analysis = self.classifier.analyze([_text(message)])[0]
        return _understanding(message, self.classifier.finish(analysis, _hints(message, context)))

    def for_batch(self, messages: Sequence[Message]) -> Understand:
        """Analyze ``messages`` together; the result understands each of them cheaply."""
        analyses = self.classifier.analyze([_text(m) for m in messages])
        return _Analyzed(self, {m.id: a for m, a in zip(messages, analyses, strict=True)})


class _Analyzed:
    """One batch's analyses; a message not among them is classified on its own."""

    def __init__(self, whole: ClassifierUnderstand, analyses: Mapping[str, Analysis]) -> None:
        self._whole = whole
        self._analyses = analyses

    def __call__(self, message: Message, context: ConversationContext) -> Understanding:
        analysis = self._analyses.get(message.id)
        if analysis is None:
            return self._whole(message, context)
        result = self._whole.classifier.finish(analysis, _hints(message, context))
        return _understanding(message, result)

    def for_batch(self, messages: Sequence[Message]) -> Understand:
        return self._whole.for_batch(messages)


def _text(message: Message) -> Text:
    return Text(message.text, message.subject, message.channel)


def _hints(message: Message, context: ConversationContext) -> Hints:
    return Hints(
        languages=message.language_hints,
        customer_language=context.customer.language,
        vip=bool(context.customer.vip_tier),
        repeat_contacts=context.message_count,
    )


def _understanding(message: Message, result: Result) -> Understanding:
    stored = message
    if result.secrets:
        stored = replace(
            message, text=result.redacted_text, subject=result.redacted_subject, html=""
        )
    return Understanding(
        classification=result.to_classification(),
        message=stored,
        entities=frozenset(e.kind for e in result.entities),
        secrets=frozenset(result.secrets),
    )
