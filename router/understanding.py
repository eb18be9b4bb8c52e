"""The classifiers behind the rules: what a message says, with its secrets taken out.

:class:`ClassifierUnderstand` is the :class:`~router.rules_decider.Understand` the router
uses when classification is on. It returns the message as it will be stored: text and
subject redacted (``[redacted: seed phrase]``), and the HTML version dropped when secrets
were found, since only the plain text is scanned. Everything after this point — the
store, events, logs, the API, agents — sees only the redacted message.
"""

from __future__ import annotations

from dataclasses import replace

from router.classify.classifier import Classifier, Hints
from router.decide import ConversationContext
from router.models import Message
from router.rules_decider import Understanding


class ClassifierUnderstand:
    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier

    def __call__(self, message: Message, context: ConversationContext) -> Understanding:
        hints = Hints(
            languages=message.language_hints,
            customer_language=context.customer.language,
            vip=bool(context.customer.vip_tier),
            repeat_contacts=context.message_count,
        )
        result = self.classifier.classify(message.text, message.subject, message.channel, hints)
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
