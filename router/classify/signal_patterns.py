"""How the urgency signals are written and matched: case folding and regrouped alternations."""

from __future__ import annotations

import re


def fold_case(text: str) -> str:
    """``text`` lower-cased the way ``re.IGNORECASE`` compares, keeping every offset.

    The signals are matched against this instead of with ``re.IGNORECASE``, which stops
    ``re`` from scanning for a pattern's literal opening and is several times slower.
    ``str.lower`` turns "İ" into two characters, so it is mapped first; dotless "ı" and
    long "ſ" match "i" and "s" under ``re.IGNORECASE``, so they fold to them here.
    """
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


def any_of(*patterns: str) -> re.Pattern[str]:
    """One pattern for case-folded text (see ``fold_case``): its literal characters are
    folded the same way, escapes (``\\W``, ``\\S``, ``\\B``) keep their case and meaning.

    The alternatives are regrouped to match the same text faster. ``re`` tries a pattern's
    alternatives one by one at every position of the message, so its cost grows with their
    number; alternatives opening with the same character share it ("stolen|stole|scam" is
    tried as "s(?:tolen|tole|cam)"), and those opening with a word boundary share one.
    """
    alternatives = [fold_pattern(a) for p in patterns for a in _top_level(p)]
    bounded = [a[2:] for a in alternatives if a.startswith("\\b")]
    rest = [a for a in alternatives if not a.startswith("\\b")]
    joined = [f"\\b(?:{_grouped(bounded)})"] if bounded else []
    return re.compile("|".join([*joined, _grouped(rest)]))


def _grouped(alternatives: list[str]) -> str:
    """``alternatives`` as one alternation, those opening with the same literal character
    sharing it. Only alternatives opening with the character at a position can match there,
    so the regrouping does not change which one matches first."""
    by_first: dict[str, list[str]] = {}
    others = []
    for a in (d for alternative in alternatives for d in _distributed(alternative)):
        if a and a[0] not in _SPECIAL and a[1:2] not in _QUANTIFIERS:
            by_first.setdefault(a[0], []).append(a[1:])
        else:
            others.append(a)
    shared = [
        f"{first}(?:{'|'.join(tails)})" if len(tails) > 1 else first + tails[0]
        for first, tails in by_first.items()
    ]
    return "|".join([*others, *shared])


def _distributed(alternative: str) -> list[str]:
    """An alternative opening with a group of plain words, "(?:a|bc)rest", as the
    alternatives "arest" and "bcrest", which open with a literal like the others."""
    opening = _WORD_GROUP.match(alternative)
    if opening is None:
        return [alternative]
    rest = alternative[opening.end() :]
    return [word + rest for word in opening.group(1).split("|")]


def _top_level(pattern: str) -> list[str]:
    """``pattern`` split at each ``|`` outside groups and character classes."""
    parts: list[str] = []
    depth, in_class, start, i = 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character is a literal
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith("^", i + 1):
                i += 1
            if pattern.startswith("]", i + 1):  # "[]...]": the first "]" is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def fold_pattern(pattern: str) -> str:
    return _LITERALS.sub(lambda m: m.group(1) or fold_case(m.group(2)), pattern)


_LITERALS = re.compile(r"(\\.)|([^\\]+)")
_SPECIAL = frozenset("\\()[].^$|?*+{")
_QUANTIFIERS = frozenset("?*+{")
# "(?:" plain words separated by "|" ")", not followed by a quantifier.
_WORD_GROUP = re.compile(r"\(\?:((?:[^\\()\[\].^$|?*+{}]+\|)+[^\\()\[\].^$|?*+{}]+)\)(?![?*+{])")
