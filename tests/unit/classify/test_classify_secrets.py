from __future__ import annotations

import csv
import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mnemonic import Mnemonic

from router.classify.secrets import SecretScanner

pytestmark = pytest.mark.classify

# A fixed valid 12-word phrase (BIP39 test vector) so failures are reproducible by eye.
VECTOR = "legal winner thank year wave sausage worth useful legal winner thank yellow"
PRIV_HEX = "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35"


@pytest.mark.parametrize(
    ("text", "kind", "survivor"),
    [
        (f"help!! my seed is {VECTOR} pls", "seed phrase", "sausage worth"),
        (f"1. {VECTOR.replace(' ', ' 2. ', 1)}", "seed phrase", "wave sausage"),
        (
            "legal winner thank year wave sausge worth useful legal winner thank yellow",
            "seed phrase",
            "thank year",
        ),
        (f"private key: {PRIV_HEX}", "private key", PRIV_HEX),
        (f"私钥是 {PRIV_HEX} 怎么办", "private key", PRIV_HEX),
        (f"мой приватный ключ {PRIV_HEX}", "private key", PRIV_HEX),
        (f"개인키 {PRIV_HEX}", "private key", PRIV_HEX),
        ("5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", "private key", "5HueCGU8"),
        ("my password is hunter2!", "password", "hunter2"),
        ("pw: Qx9!mm", "password", "Qx9!mm"),
        ("密码是abc12345", "password", "abc12345"),
        ("비밀번호는 qwer1234 입니다", "password", "qwer1234"),
        ("mi contraseña es Perro2020.", "password", "Perro2020"),
        ("api secret: aB3dE5fG7hJ9kL1mN3pQ5", "api secret", "aB3dE5fG7hJ9kL1mN3pQ5"),
    ],
)
def test_secret_is_redacted(scanner: SecretScanner, text: str, kind: str, survivor: str) -> None:
    result = scanner.redact(text)
    assert kind in result.kinds
    assert f"[redacted: {kind}]" in result.redacted_text
    assert survivor not in result.redacted_text


@pytest.mark.parametrize(
    "text",
    [
        f"txid {PRIV_HEX} still not credited",
        f"交易哈希 {PRIV_HEX}",
        "I forgot my password",
        "not hacked, I just forgot my password",
        "my password is not working",
        "my passport is expired, how do I update KYC?",
        "Please reset my 2FA, my password reset link expired",
        "I want to know about the fee before I buy, is there any way to cancel",
    ],
)
def test_ordinary_text_is_untouched(scanner: SecretScanner, text: str) -> None:
    result = scanner.redact(text)
    assert result.redacted_text == text
    assert result.kinds == ()


def test_valid_checksum_raises_confidence(scanner: SecretScanner) -> None:
    valid = scanner.find(VECTOR)[0]
    broken = scanner.find(VECTOR.replace("yellow", "wave"))[0]
    assert valid.confidence > broken.confidence


@pytest.mark.parametrize("language", Mnemonic.list_languages())
def test_every_official_wordlist_is_recognised(scanner: SecretScanner, language: str) -> None:
    phrase = Mnemonic(language).to_mnemonic(bytes(range(16)))
    result = scanner.redact(f"hi: {phrase}")
    assert result.kinds == ("seed phrase",)
    assert phrase not in result.redacted_text


def test_banking77_test_set_has_no_redactions(scanner: SecretScanner, shared_data: Path) -> None:
    path = shared_data / "banking77" / "test.csv"
    with path.open(encoding="utf-8") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    assert len(texts) == 3080
    flagged = [t for t in texts if scanner.find(t)]
    assert flagged == []


_PROSE = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=60
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entropy=st.binary(min_size=16, max_size=16) | st.binary(min_size=32, max_size=32),
    language=st.sampled_from(["english", "spanish", "japanese", "korean", "french", "russian"]),
    before=_PROSE,
    after=_PROSE,
)
def test_generated_mnemonic_never_survives(
    scanner: SecretScanner, entropy: bytes, language: str, before: str, after: str
) -> None:
    phrase = Mnemonic(language).to_mnemonic(entropy)
    words = unicodedata.normalize("NFC", phrase).split()
    redacted = scanner.redact(f"{before} {phrase}\n{after}").redacted_text
    redacted = unicodedata.normalize("NFC", redacted)
    # No two consecutive words of the phrase may remain next to each other.
    for first, second in itertools.pairwise(words):
        assert f"{first} {second}" not in redacted.replace("\u3000", " ")
