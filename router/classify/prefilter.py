"""Skip the regular expressions a text cannot match, found in one pass over the text.

The urgency signals are long alternations of multilingual wording ("hacked", "被盗",
"도용", ...). ``re`` has no literal to scan for in such a pattern, so it tries every
alternative at every position: about 10 µs per pattern on a chat line, a fifth of the
router's time. But every match of such a pattern contains one of a few literal strings
(each alternative has one), so one Aho-Corasick pass over the text for all the patterns'
literals at once tells which patterns can match at all; only those are searched.

The literals are read from the patterns themselves (``re``'s own parser), so the signals
stay written as plain regular expressions. Where a pattern has no such literal, or uses
flags that would make a literal comparison inexact (``IGNORECASE``), it is always searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

Literals = frozenset[str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_INEXACT = re.IGNORECASE | re.VERBOSE


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Strings one of which every match of ``pattern`` contains; None if none are known."""
    if pattern.flags & _INEXACT:
        return None
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & _INEXACT:  # inline (?i) at the start
        return None
    return _sequence(list(parsed))


def _sequence(items: Sequence[tuple[Any, Any]]) -> Literals | None:
    """Of all the necessary literal sets a sequence of items has, the most selective."""
    found: list[Literals | None] = []
    run: list[str] = []
    for op, av in items:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if op is sre.AT:  # \b, ^, $: consume nothing, so the literals around stay adjacent
            continue
        if run:
            found.append(frozenset({"".join(run)}))
            run = []
        found.append(_item(op, av))
    if run:
        found.append(frozenset({"".join(run)}))
    return _most_selective(found)


def _item(op: Any, av: Any) -> Literals | None:
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & _INEXACT else _sequence(list(body))
    if op is sre.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*(b for b in branches if b is not None))
    if op in _REPEATS and av[0] >= 1:  # at least once: its literals are there
        return _sequence(list(av[2]))
    return None


def _most_selective(candidates: Iterable[Literals | None]) -> Literals | None:
    known = [c for c in candidates if c]
    if not known:
        return None
    # Longer literals occur in fewer texts; fewer of them, fewer chances to occur.
    return max(known, key=lambda c: (min(map(len, c)), -len(c)))


class PatternFilter:
    """Built once over a set of patterns; ``scan`` tells which of them a text may match."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self._filtered: set[re.Pattern[str]] = set()
        owners: dict[str, set[re.Pattern[str]]] = {}
        for pattern in patterns:
            literals = required_literals(pattern)
            if literals is None:
                continue
            self._filtered.add(pattern)
            for literal in literals:
                owners.setdefault(literal, set()).add(pattern)
        self._automaton = ahocorasick.Automaton()
        for literal, patterns_with_it in owners.items():
            self._automaton.add_word(literal, frozenset(patterns_with_it))
        if owners:
            self._automaton.make_automaton()

    def scan(self, text: str) -> TextScan:
        possible: set[re.Pattern[str]] = set()
        if self._filtered:
            for _end, patterns in self._automaton.iter(text):
                possible |= patterns
        return TextScan(text, frozenset(self._filtered - possible))


class TextScan:
    """One text and the filtered patterns it cannot match; searches skip those."""

    __slots__ = ("_ruled_out", "text")

    def __init__(self, text: str, ruled_out: frozenset[re.Pattern[str]]) -> None:
        self.text = text
        self._ruled_out = ruled_out

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return None if pattern in self._ruled_out else pattern.search(self.text)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return iter(()) if pattern in self._ruled_out else pattern.finditer(self.text)
