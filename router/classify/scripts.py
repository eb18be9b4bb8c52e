"""Which writing system a message is in: the cheapest and surest language evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Script(StrEnum):
    HANGUL = "hangul"
    KANA = "kana"
    HAN = "han"
    THAI = "thai"
    DEVANAGARI = "devanagari"
    ARABIC = "arabic"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    HEBREW = "hebrew"
    LATIN = "latin"
    NONE = "none"


_RANGES: tuple[tuple[Script, tuple[tuple[int, int], ...]], ...] = (
    (Script.HANGUL, ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    (Script.KANA, ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF66, 0xFF9F))),
    (Script.HAN, ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF))),
    (Script.THAI, ((0x0E00, 0x0E7F),)),
    (Script.DEVANAGARI, ((0x0900, 0x097F),)),
    (Script.ARABIC, ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    (Script.CYRILLIC, ((0x0400, 0x04FF),)),
    (Script.GREEK, ((0x0370, 0x03FF),)),
    (Script.HEBREW, ((0x0590, 0x05FF),)),
    (Script.LATIN, ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))),
)


def _table() -> bytes:
    """Script index + 1 of each BMP code point (0: not a letter we count)."""
    table = bytearray(0x10000)
    for i, (_, ranges) in enumerate(_RANGES):
        for low, high in ranges:
            table[low : high + 1] = bytes([i + 1]) * (high - low + 1)
    return bytes(table)


_TABLE = _table()

# Which configured language a script alone decides, and which languages share a script.
SCRIPT_LANGUAGES: dict[Script, tuple[str, ...]] = {
    Script.HANGUL: ("ko",),
    Script.KANA: ("ja",),
    Script.HAN: ("zh", "ja"),
    Script.THAI: ("th",),
    Script.DEVANAGARI: ("hi", "mr", "ne"),
    Script.ARABIC: ("ar", "fa", "ur"),
    Script.CYRILLIC: ("ru", "uk", "bg", "sr", "mk", "be", "kk", "mn"),
    Script.GREEK: ("el",),
    Script.HEBREW: ("he",),
}


@dataclass(frozen=True, slots=True)
class Marker:
    """Letters that, among the languages lingua knows, only ``language`` and ``shared_with`` use.

    A marker decides only when none of ``shared_with`` is configured: "ş" means Turkish
    for a router that also reads Romanian only if Romanian is not among its languages.
    """

    language: str
    letters: re.Pattern[str]
    shared_with: frozenset[str] = frozenset()


MARKERS: tuple[Marker, ...] = (
    Marker("uk", re.compile(r"[іїєґІЇЄҐ]"), frozenset({"be"})),
    Marker("ru", re.compile(r"[ыэъёЫЭЪЁ]"), frozenset({"be", "kk", "mn"})),
    # Persian and Arabic keyboards type different code points for kaf and yeh (ک/ك, ی/ي).
    Marker("fa", re.compile(r"[پچژگکی]"), frozenset({"ur", "ps", "ku"})),
    Marker("ar", re.compile(r"[ةيكىإ]")),
    Marker("vi", re.compile(r"[ơưƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")),
    Marker("tr", re.compile(r"[ğĞıİşŞ]"), frozenset({"az", "ro", "ku"})),
    Marker("pl", re.compile(r"[łŁńŃśŚźŹżŻąĄęĘ]"), frozenset({"hr", "sl", "lt", "mt", "sr"})),
    Marker("de", re.compile(r"[ßẞäÄ]"), frozenset({"fi", "sv", "et", "sk", "lb"})),
    Marker("es", re.compile(r"[ñÑ¿¡]"), frozenset({"gl", "eu", "tl", "ca"})),
)


_KANA_SLOT = 1 + next(i for i, (s, _) in enumerate(_RANGES) if s is Script.KANA)
_HAN_SLOT = 1 + next(i for i, (s, _) in enumerate(_RANGES) if s is Script.HAN)
_LATIN_SLOT = len(_RANGES)
# Slots of the non-Latin scripts in priority order, with their Script.
_NON_LATIN = tuple((i + 1, s) for i, (s, _) in enumerate(_RANGES) if s is not Script.LATIN)


def dominant_script(text: str) -> Script:
    """The script of a message; a non-Latin script wins from two letters or a fifth on.

    Exchange chat mixes Latin tickers and brand names into CJK, Cyrillic or Arabic text
    ("USDT 充值没到账"), so a plain majority vote would call much of it Latin. This runs on
    every message, so it is one pass over the characters with a lookup table.
    """
    if text.isascii():
        return Script.LATIN if any(c.isalpha() for c in text) else Script.NONE
    tally = [0] * (len(_RANGES) + 1)
    for char in text:
        code = ord(char)
        if code < 0x10000:
            tally[_TABLE[code]] += 1
    total = sum(tally) - tally[0]
    for slot, script in _NON_LATIN:
        n = tally[slot]
        # Japanese writes kanji with kana; any kana decides for Japanese.
        if n and (n >= 2 or n * 5 >= total) and not (slot == _HAN_SLOT and tally[_KANA_SLOT]):
            return script
    return Script.LATIN if tally[_LATIN_SLOT] else Script.NONE


_ANY_MARKER = re.compile("|".join(m.letters.pattern for m in MARKERS))


def marker_language(text: str, candidates: tuple[str, ...]) -> str | None:
    """A candidate language some letter of ``text`` belongs only to, if exactly one does."""
    if not _ANY_MARKER.search(text):  # most text has none: one search instead of nine
        return None
    found = {
        m.language
        for m in MARKERS
        if m.language in candidates
        and not m.shared_with.intersection(candidates)
        and m.letters.search(text)
    }
    return found.pop() if len(found) == 1 else None
