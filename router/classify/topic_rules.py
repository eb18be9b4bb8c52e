"""Admin-defined topics: ordered regex rules from ``config/topics.yaml``, first match wins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from router.classify.errors import ConfigError
from router.classify.topic_model import DEFAULT_THRESHOLD


@dataclass(frozen=True, slots=True)
class TopicRule:
    name: str
    topic: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class TopicConfig:
    rules: tuple[TopicRule, ...]
    threshold: float = DEFAULT_THRESHOLD
    taxonomy: tuple[str, ...] = ()
    # Every pattern of every rule in one: most messages match none, and one search over
    # the text says so instead of one per pattern.
    any_rule: re.Pattern[str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        patterns = [p.pattern for rule in self.rules for p in rule.patterns]
        try:
            combined = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        except re.error:  # e.g. a pattern with its own global flags: check one by one
            combined = None
        object.__setattr__(self, "any_rule", combined if patterns else None)

    def match(self, text: str) -> TopicRule | None:
        """The first rule one of whose patterns occurs in ``text``, or None."""
        if self.any_rule is not None and not self.any_rule.search(text):
            return None
        for rule in self.rules:
            if any(p.search(text) for p in rule.patterns):
                return rule
        return None


def load_topic_config(path: Path) -> TopicConfig:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read topics file {path}: {exc}") from exc
    if not isinstance(document, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    taxonomy = tuple(str(t) for t in document.get("taxonomy") or ())
    rules = tuple(
        _rule(path, i, raw, taxonomy) for i, raw in enumerate(document.get("rules") or ())
    )
    threshold = document.get("threshold", DEFAULT_THRESHOLD)
    if not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise ConfigError(f"{path}: threshold must be a number between 0 and 1")
    return TopicConfig(rules=rules, threshold=float(threshold), taxonomy=taxonomy)


def _rule(path: Path, index: int, raw: Any, taxonomy: tuple[str, ...]) -> TopicRule:
    where = f"{path}: rules[{index}]"
    if not isinstance(raw, dict) or not raw.get("topic") or not raw.get("patterns"):
        raise ConfigError(f"{where} needs a topic and a list of patterns")
    topic = str(raw["topic"])
    if taxonomy and topic not in taxonomy:
        raise ConfigError(f"{where}: topic {topic!r} is not in the taxonomy")
    try:
        patterns = tuple(re.compile(str(p), re.IGNORECASE) for p in raw["patterns"])
    except re.error as exc:
        raise ConfigError(f"{where}: bad pattern: {exc}") from exc
    return TopicRule(name=str(raw.get("name") or f"rule {index}"), topic=topic, patterns=patterns)
