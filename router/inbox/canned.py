"""Canned responses per language, with variables, from ``config/canned.yaml``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

FILE_NAME = "canned.yaml"
FALLBACK_LANGUAGE = "en"
_VARIABLE = re.compile(r"\{([a-z_]+)\}")


class CannedError(ValueError):
    """The canned responses file is malformed (the message says where)."""


@dataclass(frozen=True, slots=True)
class Canned:
    id: str
    title: str
    texts: Mapping[str, str]  # language -> text with {variables}

    def text_for(self, language: str) -> tuple[str, str] | None:
        """(language used, text) in ``language``, else in English, else None."""
        for lang in (language, FALLBACK_LANGUAGE):
            if lang in self.texts:
                return lang, self.texts[lang]
        return None


def parse(raw: str, source: str) -> list[Canned]:
    doc = yaml.safe_load(raw) or {}
    items = doc.get("responses", []) if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise CannedError(f"{source}: expected a 'responses' list")
    found: list[Canned] = []
    for n, item in enumerate(items):
        if not (isinstance(item, dict) and isinstance(item.get("text"), dict) and item.get("id")):
            raise CannedError(f"{source}: response #{n + 1} needs an id and a text per language")
        texts = {str(k): str(v) for k, v in item["text"].items()}
        found.append(Canned(str(item["id"]), str(item.get("title", item["id"])), texts))
    return found


def load(config_dir: Path) -> list[Canned]:
    path = config_dir / FILE_NAME
    if not path.is_file():
        return []
    return parse(path.read_text(encoding="utf-8"), str(path))


def fill(text: str, variables: Mapping[str, str]) -> str:
    """Replace known ``{name}``s; an unknown one stays as written, so a typo shows."""
    return _VARIABLE.sub(lambda m: variables.get(m.group(1), m.group(0)), text)
