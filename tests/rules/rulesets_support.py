"""Shared by the rule set tooling tests: small rule documents that differ in one place.

A plainly named module rather than ``conftest`` so tests can import from it by name.
"""

from __future__ import annotations

from datetime import UTC, datetime

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def rules_text(withdrawals_to: str = "withdrawals", general_priority: int = 30) -> str:
    """Security, withdrawals and everything else; the candidate moves one topic or priority."""
    return f"""\
version: 1
default_language: en
languages: [en]
triage_queue: triage
queues:
  triage: {{priority: 10}}
  general: {{priority: {general_priority}}}
  withdrawals: {{priority: 60}}
  payments: {{priority: 65}}
  security: {{priority: 90}}
rules:
  - name: stolen-funds
    when: {{topic: account_takeover}}
    then: {{route: security}}
  - name: withdrawals
    when: {{topic: withdrawal}}
    then: {{route: {withdrawals_to}}}
  - name: everything-else
    when: {{channel: [email, telegram, x, webchat, log]}}
    then: {{route: general}}
"""


# Line 14 routes to a queue that is not declared; validate says where.
BROKEN_TEXT = rules_text().replace("then: {route: security}", "then: {route: securty}")
