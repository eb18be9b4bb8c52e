"""The routing rule language: load, validate and evaluate — pure, no I/O.

Facts and ``now`` go in, a :class:`Decision` with its trace comes out. Nothing in this
package reads a clock, a store or the network, or logs: the caller (``router/``) owns
all of that. Texts come in as strings; ``filename`` is only used in messages.

    ruleset = load(text, "config/rules.yaml")          # raises InvalidRules
    decision = evaluate(ruleset, facts, now)           # never raises for a broken rule
    problems = validate(text, "config/rules.yaml")     # [] when publishable

Exceptions::

    RulesError                 base of everything raised here
    ├── InvalidRules           a document that cannot be activated; .problems (file:line:col)
    └── InvalidInput           (also ValueError) bad call, e.g. a naive ``now``

A rule that raises while being tested does not raise out of :func:`evaluate`: the
decision's outcome is ``Outcome.ERROR`` (triage queue, ``error`` and the trace say which
rule and why), so a broken rule is loud and counted rather than a silent "no".
"""

from routing_rules.compile import compile_rules, load
from routing_rules.decision import AutoReply, Decision, Outcome, RouteStep
from routing_rules.document import Document, parse
from routing_rules.errors import InvalidInput, InvalidRules, Problem, RulesError
from routing_rules.evaluate import evaluate
from routing_rules.facts import ConversationFacts, CustomerFacts, Facts, MessageFacts
from routing_rules.ruleset import Queue, Rule, Ruleset
from routing_rules.sample import facts_from_mapping
from routing_rules.validate import validate

__all__ = [
    "AutoReply",
    "ConversationFacts",
    "CustomerFacts",
    "Decision",
    "Document",
    "Facts",
    "InvalidInput",
    "InvalidRules",
    "MessageFacts",
    "Outcome",
    "Problem",
    "Queue",
    "RouteStep",
    "Rule",
    "RulesError",
    "Ruleset",
    "compile_rules",
    "evaluate",
    "facts_from_mapping",
    "load",
    "parse",
    "validate",
]
