"""Language of one message: script first, then a vote of common words, lingua's fast
(trigram) pass, and a precise letter 1- to 5-gram pass (``char_ngrams``) only if unsure.

Hints (Telegram ``language_code``, the widget's browser language, email
``Content-Language``, the customer's known language) weigh in as a prior: strongly on
messages of a few words, where text alone is a guess, lightly on longer ones. A script that
only one configured language uses beats any hint.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from router.classify.char_ngrams import CharNgramModel, has_word_lists
from router.classify.errors import ConfigError
from router.classify.lexicon import WordLexicon, WordVote
from router.classify.scripts import SCRIPT_LANGUAGES, Script, dominant_script, marker_language

DEFAULT_LANGUAGES = (
    "en", "zh", "ja", "ko", "ru", "es", "fr", "vi", "de", "pt",
    "tr", "ar", "id", "it", "uk", "th", "hi", "fa", "pl", "nl",
)  # fmt: skip
# The fast pass is overconfident on a few words ("maintains contact" -> French at 0.99),
# so it only decides from five words on, and then only when sure. From 120 characters on
# lingua's precise mode uses trigrams only, i.e. gives the fast pass's answer anyway.
FAST_PASS_CONFIDENCE = 0.995
_FAST_PASS_MIN_WORDS = 5
_PRECISE_SAME_AS_FAST_CHARS = 120
_SHORT_WORDS = 3
_MAX_CHARS = 400
_SHORT_CHARS = 12  # for scripts written without spaces
_MEDIUM_WORDS = 8
# "ok", "hi", "thx": text says next to nothing, so the hint decides unless impossible.
_VERY_SHORT_CHARS = 8
_HINT_WEIGHT_VERY_SHORT = 1000.0
_HINT_WEIGHT_SHORT = 12.0
_HINT_WEIGHT_MEDIUM = 1.5
_SWITCH_CONFIDENCE = 0.8
# The word vote decides alone when this sure (after hints), with enough of the words known.
WORDS_CONFIDENCE = 0.95
_WORDS_KNOWN_SHARE = 0.75


@dataclass(frozen=True, slots=True)
class LanguageHints:
    """What the channel and the customer profile say about the language, if anything."""

    channel: tuple[str, ...] = ()
    customer: str = ""


@dataclass(frozen=True, slots=True)
class LanguageResult:
    code: str  # ISO 639-1; "" when unknown
    confidence: float
    reason: str


def normalize_code(tag: str) -> str:
    """ "pt-BR", "zh_Hans", "EN" -> "pt", "zh", "en"."""
    return tag.strip().replace("_", "-").split("-")[0].lower()


def _languages(codes: Iterable[str]) -> list[Language]:
    return [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in codes]


class PreciseScorer(Protocol):
    """The precise pass over one script's languages: a probability per candidate."""

    def scores(self, text: str, candidates: Sequence[str]) -> dict[str, float]: ...


class _LinguaPrecise:
    """lingua's high-accuracy mode: for script groups our word lists do not cover.

    It costs about 25 MB per language, where ``CharNgramModel`` costs about 2.
    """

    def __init__(self, codes: tuple[str, ...], preload: bool) -> None:
        self._detector = _builder(codes, preload).build()
        self._codes = {lang: code for code, lang in zip(codes, _languages(codes), strict=True)}

    def scores(self, text: str, candidates: Sequence[str]) -> dict[str, float]:
        values = self._detector.compute_language_confidence_values(text)
        return {self._codes[v.language]: v.value for v in values}


class _Pass:
    """lingua's fast (trigram) pass and a precise (1- to 5-gram) one over one script's
    languages. Only Latin script, which eleven of the default languages share, needs the
    precise one: Cyrillic and Arabic lines are mostly settled by their letters and words,
    and the fast pass is as accurate on the rest."""

    def __init__(
        self, codes: tuple[str, ...], precise: PreciseScorer | None, preload: bool
    ) -> None:
        self.fast = _builder(codes, preload).with_low_accuracy_mode().build()
        self.precise = precise


def _precise(codes: tuple[str, ...], cache_dir: Path | None, preload: bool) -> PreciseScorer:
    if has_word_lists(codes):
        return CharNgramModel.cached(codes, cache_dir)
    return _LinguaPrecise(codes, preload)


def precise_groups(languages: Sequence[str]) -> list[tuple[str, ...]]:
    """The language groups that get a precise pass (what a first start builds)."""
    groups = _script_groups(tuple(dict.fromkeys(normalize_code(c) for c in languages)))
    codes = groups.get(Script.LATIN, ())
    return [codes] if len(codes) > 1 else []


def _builder(codes: tuple[str, ...], preload: bool) -> LanguageDetectorBuilder:
    builder = LanguageDetectorBuilder.from_languages(*_languages(codes))
    return builder.with_preloaded_language_models() if preload else builder


@dataclass(frozen=True, slots=True)
class LanguageDraft:
    """What the text alone says about its language, before any hint is weighed.

    The router drafts every message of a batch at once and decides each later, when the
    conversation (the customer's known language) is known. lingua's scores are computed
    when a decision first needs them and kept, so deciding again with another hint costs
    a few dictionary operations.
    """

    text: str
    script: Script
    candidates: tuple[str, ...]
    settled: LanguageResult | None  # by script or letters: no hint can change it
    words: WordVote | None = None  # the cheap pass: how often each language uses its words
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # "fast"/"precise"


class LanguageDetector:
    """Detects the language of a message among configured ones; build once, reuse."""

    def __init__(
        self,
        languages: Sequence[str] = DEFAULT_LANGUAGES,
        preload: bool = False,
        cache_dir: Path | None = None,
    ) -> None:
        """``preload`` loads every lingua model now (a few seconds) instead of on first
        use: a long-running router must not stall mid-batch on a new language. The precise
        pass's model is read from ``cache_dir``, built there on first use (or, without a
        cache directory, built once per process: a few seconds)."""
        self.languages = tuple(dict.fromkeys(normalize_code(c) for c in languages))
        _check_codes(self.languages)
        self._groups = _script_groups(self.languages)
        precise = set(precise_groups(self.languages))
        self._passes = {
            s: _Pass(
                codes, _precise(codes, cache_dir, preload) if codes in precise else None, preload
            )
            for s, codes in self._groups.items()
            if len(codes) > 1
        }
        self._by_script = {
            s: LanguageResult(codes[0], 0.99, f"{s.value} script")
            for s, codes in self._groups.items()
            if len(codes) == 1
        }
        # Only languages that share a script need telling apart by their words.
        self._lexicon = WordLexicon([c for s in self._passes for c in self._groups[s]])
        self._codes = {
            lang: code
            for code, lang in zip(self.languages, _languages(self.languages), strict=True)
        }

    def detect(self, text: str, hints: LanguageHints | None = None) -> LanguageResult:
        return self.decide(self.draft(text), hints)

    def draft(self, text: str) -> LanguageDraft:
        # The opening of a long email (quoted history, signatures) says as much as all of it
        # and lingua's time grows with length.
        if len(text) > _MAX_CHARS:
            text = text[:_MAX_CHARS].rsplit(" ", 1)[0]
        script = dominant_script(text)
        candidates = self._groups.get(script, ())
        settled = self._by_script.get(script) if candidates else None
        if candidates and settled is None:
            # In Latin text a borrowed name ("an Ayşe überwiesen") must not outvote the rest;
            # Cyrillic and Arabic markers are keyboard letters and hold on any length.
            use_markers = script is not Script.LATIN or len(text.split()) <= _SHORT_WORDS
            marker = marker_language(text, candidates) if use_markers else None
            if marker is not None:
                settled = LanguageResult(marker, 0.95, f"letters only {marker} uses")
        words = None
        if settled is None and len(candidates) > 1 and script is not Script.HAN:
            words = self._lexicon.vote(text, candidates)
        return LanguageDraft(text, script, candidates, settled, words)

    def decide(self, draft: LanguageDraft, hints: LanguageHints | None = None) -> LanguageResult:
        if hints is None:
            return self._decide(draft, ())
        result = self._decide(draft, self._hinted(hints))
        return _note_switch(result, hints.customer)

    def _hinted(self, hints: LanguageHints) -> tuple[str, ...]:
        codes = (normalize_code(c) for c in (*hints.channel, hints.customer) if c)
        return tuple(dict.fromkeys(c for c in codes if c in self.languages))

    def _decide(self, draft: LanguageDraft, hinted: tuple[str, ...]) -> LanguageResult:
        if not draft.candidates:
            return _from_hint(hinted, f"no configured language writes {draft.script.value}")
        if draft.settled is not None:
            return draft.settled
        if draft.script is Script.HAN:
            return _han(hinted)
        return self._lingua(draft, [c for c in hinted if c in draft.candidates])

    def _lingua(self, draft: LanguageDraft, hinted: list[str]) -> LanguageResult:
        text, script = draft.text, draft.script
        prior = _prior(text, script, hinted)
        hint_note = f", hint {'/'.join(prior)}" if prior else ""
        if draft.words is not None and _words_can_decide(draft.words):
            code, score = _best(draft.words.posteriors, prior)
            if score >= WORDS_CONFIDENCE:
                return LanguageResult(code, round(score, 3), f"word frequencies{hint_note}")
        precise = self._passes[script].precise is not None
        if not precise or _fast_pass_can_decide(text):
            code, score = _best(self._scores(draft, "fast"), prior)
            sure = score >= FAST_PASS_CONFIDENCE or len(text) >= _PRECISE_SAME_AS_FAST_CHARS
            if sure or not precise:
                if not code:
                    return _from_hint(tuple(hinted), "no letters lingua can use")
                return LanguageResult(code, round(score, 3), f"fast pass{hint_note}")
        code, score = _best(self._scores(draft, "precise"), prior)
        if not code:
            return _from_hint(tuple(hinted), "no letters lingua can use")
        return LanguageResult(code, round(score, 3), f"precise pass{hint_note}")

    def _scores(self, draft: LanguageDraft, mode: str) -> dict[str, float]:
        found = draft.scores.get(mode)
        if found is None:
            passes = self._passes[draft.script]
            if mode == "precise" and passes.precise is not None:
                found = passes.precise.scores(draft.text, draft.candidates)
            else:
                values = passes.fast.compute_language_confidence_values(draft.text)
                found = {self._codes[v.language]: v.value for v in values}
            draft.scores[mode] = found
        return found


def _words_can_decide(vote: WordVote) -> bool:
    # A short line needs every word known: one unknown word may be the only telling one.
    if vote.words <= _SHORT_WORDS:
        return vote.known == vote.words
    return vote.known >= vote.words * _WORDS_KNOWN_SHARE


def _fast_pass_can_decide(text: str) -> bool:
    return len(text) >= _PRECISE_SAME_AS_FAST_CHARS or len(text.split()) >= _FAST_PASS_MIN_WORDS


def _check_codes(codes: Iterable[str]) -> None:
    for code in codes:
        try:
            IsoCode639_1.from_str(code)
        except ValueError as exc:
            raise ConfigError(f"unknown language code {code!r} in classifier languages") from exc


def _script_groups(languages: tuple[str, ...]) -> dict[Script, tuple[str, ...]]:
    groups = {
        script: tuple(c for c in codes if c in languages)
        for script, codes in SCRIPT_LANGUAGES.items()
    }
    non_latin = {c for codes in SCRIPT_LANGUAGES.values() for c in codes}
    groups[Script.LATIN] = tuple(c for c in languages if c not in non_latin)
    if "ja" in languages and "zh" not in languages:
        groups[Script.HAN] = ("ja",)
    return {s: codes for s, codes in groups.items() if codes}


def _han(hinted: tuple[str, ...]) -> LanguageResult:
    # Without kana, Han text is Chinese unless the channel says the writer is Japanese.
    if "ja" in hinted and "zh" not in hinted:
        return LanguageResult("ja", 0.8, "Han characters without kana, hint ja")
    return LanguageResult("zh", 0.9, "Han characters without kana")


def _prior(text: str, script: Script, hinted: list[str]) -> dict[str, float]:
    if not hinted:
        return {}
    # Beyond a sentence the text speaks for itself; a wrong browser locale must not win.
    words = len(text.split()) if script is not Script.THAI else len(text) // _SHORT_CHARS * 3
    if len(text) <= _VERY_SHORT_CHARS:
        return dict.fromkeys(hinted, _HINT_WEIGHT_VERY_SHORT)
    if words <= _SHORT_WORDS:
        return dict.fromkeys(hinted, _HINT_WEIGHT_SHORT)
    if words <= _MEDIUM_WORDS:
        return dict.fromkeys(hinted, _HINT_WEIGHT_MEDIUM)
    return {}


def _best(values: dict[str, float], prior: dict[str, float]) -> tuple[str, float]:
    scores = {c: v * prior.get(c, 1.0) for c, v in values.items()} if prior else values
    total = sum(scores.values())
    if total <= 0:
        return "", 0.0
    code = max(scores, key=scores.__getitem__)
    return code, scores[code] / total


def _from_hint(hinted: tuple[str, ...], why: str) -> LanguageResult:
    if hinted:
        return LanguageResult(hinted[0], 0.5, f"{why}; channel or customer hint")
    return LanguageResult("", 0.0, why)


def _note_switch(result: LanguageResult, customer: str) -> LanguageResult:
    known = normalize_code(customer) if customer else ""
    if known and result.code and result.code != known and result.confidence >= _SWITCH_CONFIDENCE:
        reason = f"{result.reason}; switched from {known}"
        return LanguageResult(result.code, result.confidence, reason)
    return result
