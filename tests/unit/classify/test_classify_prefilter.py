"""Skipping the patterns a text cannot match must never change what is found."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from router.classify import signals
from router.classify.prefilter import PatternFilter, required_literals

pytestmark = pytest.mark.classify

SIGNALS = [v for k, v in vars(signals).items() if isinstance(v, re.Pattern) and k.isupper()]
FILTER = PatternFilter(SIGNALS)
LITERALS = sorted({lit for p in SIGNALS for lit in required_literals(p) or ()})


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"hacked", {"hacked"}),
        (r"\bstole\b", {"stole"}),
        (r"hack(?:ed|er)?(?![a-z])", {"hack"}),
        (r"stolen|被盗|도용", {"stolen", "被盗", "도용"}),
        (r"someone\b(?:\s+\w+){0,3}?\s+logged", {"someone"}),
        (r"(?:i|we) did(?:n't| not) make", {" make"}),
        (r"(?:withdraw|deposit)(?:al)? pending", {" pending"}),
        (r"(?:ab)+c", {"ab"}),
        (r"x*yz", {"yz"}),
    ],
)
def test_literals_every_match_contains(pattern: str, literals: set[str]) -> None:
    assert required_literals(re.compile(pattern)) == literals


@pytest.mark.parametrize(
    "pattern",
    [r"\d+\s*h", r"[a-z]+", r"a?", r"(?:x|\d)", r"(?i)hacked", r"(?i:hack)ed?"],
)
def test_no_literal_means_always_searched(pattern: str) -> None:
    compiled = re.compile(pattern)
    found = required_literals(compiled)
    assert found is None or all(lit.islower() or not lit.isalpha() for lit in found)
    assert required_literals(re.compile("hacked", re.IGNORECASE)) is None
    if found is None:
        scan = PatternFilter([compiled]).scan("HACK 12 h")
        assert (scan.search(compiled) is None) == (compiled.search("HACK 12 h") is None)


def _same_as_plain_search(text: str) -> None:
    folded = signals.fold_case(text)
    scan = FILTER.scan(folded)
    for pattern in SIGNALS:
        assert (scan.search(pattern) is None) == (pattern.search(folded) is None), pattern
        assert [m.span() for m in scan.finditer(pattern)] == [
            m.span() for m in pattern.finditer(folded)
        ]


def test_real_messages_find_what_plain_search_finds(config_dir: Path) -> None:
    for path in sorted((config_dir / "samples").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                _same_as_plain_search(f"{record.get('subject', '')}\n{record['text']}")


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(LITERALS), st.text(alphabet=" abdehklnorstuy'’!?0123", max_size=6)
        ),
        max_size=12,
    )
)
def test_any_mix_of_the_signals_wording_finds_what_plain_search_finds(pieces: list[str]) -> None:
    # Overlapping and adjacent literals, partial words, negations: the skip is exact.
    _same_as_plain_search("".join(pieces))
    _same_as_plain_search(" ".join(pieces))
