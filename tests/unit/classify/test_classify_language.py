from __future__ import annotations

from pathlib import Path

import pytest

from router.bench.language import bench_language
from router.classify.errors import ConfigError
from router.classify.language import LanguageDetector, LanguageHints

pytestmark = pytest.mark.classify


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("입금이 안 들어왔어요", "ko"),
        ("出金が反映されません", "ja"),
        ("USDT 充值没到账", "zh"),
        ("ถอนเงินไม่ได้", "th"),
        ("मेरा पैसा नहीं आया", "hi"),
        ("Почему мой депозит до сих пор не зачислен?", "ru"),
        ("Чому мій депозит досі не зараховано?", "uk"),
        ("لم يصل الإيداع إلى حسابي حتى الآن", "ar"),
        ("واریز من هنوز به حسابم نرسیده است", "fa"),
        ("Rút tiền của tôi bị treo", "vi"),
        ("My withdrawal has been pending for two days", "en"),
        ("Mi retiro lleva dos días pendiente", "es"),
        ("Mon retrait est en attente depuis deux jours", "fr"),
        ("Meine Auszahlung hängt seit zwei Tagen", "de"),
        ("Çekim işlemim iki gündür beklemede", "tr"),
        ("Meu saque está pendente há dois dias", "pt"),
        ("Penarikan saya tertunda selama dua hari", "id"),
    ],
)
def test_detects_support_messages(
    language_detector: LanguageDetector, text: str, code: str
) -> None:
    assert language_detector.detect(text).code == code


def test_hint_decides_an_ambiguous_short_message(language_detector: LanguageDetector) -> None:
    result = language_detector.detect("ok danke", LanguageHints(channel=("de-DE",)))
    assert result.code == "de"
    assert "hint" in result.reason
    assert language_detector.detect("ok", LanguageHints(channel=("pt_BR",))).code == "pt"


def test_script_beats_a_wrong_hint(language_detector: LanguageDetector) -> None:
    assert language_detector.detect("안녕하세요", LanguageHints(channel=("en",))).code == "ko"


def test_long_text_is_not_overridden_by_a_wrong_hint(language_detector: LanguageDetector) -> None:
    text = "I sent USDT over TRC20 three hours ago and it still has not arrived in my account"
    assert language_detector.detect(text, LanguageHints(channel=("fr",))).code == "en"


def test_language_switch_is_noticed(language_detector: LanguageDetector) -> None:
    hints = LanguageHints(customer="en")
    result = language_detector.detect("Почему мой вывод до сих пор не пришёл?", hints)
    assert result.code == "ru"
    assert "switched from en" in result.reason


def test_no_letters_falls_back_to_the_hint(language_detector: LanguageDetector) -> None:
    assert language_detector.detect("???", LanguageHints(customer="ko")).code == "ko"
    assert language_detector.detect("12345").code == ""


def test_restricted_languages_are_respected() -> None:
    detector = LanguageDetector(["en", "de"])
    assert detector.detect("Mi retiro lleva dos días pendiente").code in {"en", "de"}
    assert detector.detect("입금이 안 들어왔어요").code == ""


def test_unknown_language_code_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="xx"):
        LanguageDetector(["en", "xx"])


def test_at_least_lingua_high_accuracy_on_langid(shared_data: Path) -> None:
    report = bench_language(shared_data, sample_per_file=40)
    for cls in ("sentences", "word-pairs", "single-words"):
        row = report[cls]
        assert row["ours_accuracy"] >= row["lingua_high_accuracy"], cls
        # Hints (right nine times in ten) must clearly help where text alone is short:
        # at least 40% fewer errors than the better of ours and lingua without them.
        if cls != "sentences":
            best_alone = max(row["ours_accuracy"], row["lingua_high_accuracy"])
            assert 1 - row["ours_with_hints_accuracy"] <= 0.6 * (1 - best_alone), cls
    assert report["sentences"]["ours_median_us"] <= report["sentences"]["lingua_high_median_us"]
