from __future__ import annotations

import pytest

from router.classify.entities import Entity, extract_entities

pytestmark = pytest.mark.classify

TXID = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"


def kinds(text: str) -> list[tuple[str, str, str]]:
    return [(e.kind, e.value, e.detail) for e in extract_entities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"txid {TXID} not credited", ("txid", TXID, "")),
        (f"交易哈希 0x{TXID}", ("txid", f"0x{TXID}", "")),
        (
            "send to 0x52908400098527886E0F7030069857D2E4169EE7 pls",
            ("address", "0x52908400098527886E0F7030069857D2E4169EE7", "evm"),
        ),
        (
            "my btc address 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
            ("address", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "btc"),
        ),
        (
            "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
            ("address", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "btc"),
        ),
        (
            "TRON wallet TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
            ("address", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "tron"),
        ),
        (
            "phantom (solana) 7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV",
            ("address", "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV", "solana"),
        ),
        ("order #123456789 is stuck", ("order_id", "123456789", "")),
        ("订单号：2024061200123 没成交", ("order_id", "2024061200123", "")),
        ("UID: 88812345", ("user_id", "88812345", "")),
        ("sent 1,200.50 USDT yesterday", ("amount", "1,200.50 USDT", "USDT")),
        ("USDT 300 missing", ("amount", "300 USDT", "USDT")),
        ("paid $150 to the seller", ("amount", "150 USD", "USD")),
        ("via TRC-20", ("network", "TRC20", "TRC20")),
        ("on BSC", ("network", "BEP20", "BEP20")),
    ],
)
def test_entity_found(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in kinds(text)


def test_spans_point_at_the_value() -> None:
    text = f"hi, txid {TXID} thanks"
    (entity,) = extract_entities(text)
    assert text[entity.start : entity.end] == entity.value
    assert isinstance(entity, Entity)


@pytest.mark.parametrize(
    "text",
    [
        f"private key {TXID}",  # a secret, never shown as an entity
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3",  # bad checksum
        "7EcDhSYGxXyscszYEp35KHN8vvw3svAuLKTzXwCFLtV",  # base58 but nothing says Solana
        "in order to withdraw I need help",
        "my password 1234567",
    ],
)
def test_not_an_entity(text: str) -> None:
    assert [e for e in extract_entities(text) if e.kind in {"txid", "address", "order_id"}] == []
