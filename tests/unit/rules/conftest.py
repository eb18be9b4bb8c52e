"""The ``build`` fixture: compile a list of rules on top of the small base document."""

from __future__ import annotations

from typing import Any

import pytest
from rules_support import Build, document

from routing_rules import Ruleset, load


@pytest.fixture
def build() -> Build:
    def _build(*rules: dict[str, Any]) -> Ruleset:
        return load(document(list(rules)), "test.yaml")

    return _build
