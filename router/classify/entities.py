"""Facts in a message for rules and agents: TXIDs, addresses, IDs, amounts and networks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from router.classify.keys import HEX64, b58decode_check, hex_is_private_key
from router.classify.signals import fold_case


@dataclass(frozen=True, slots=True)
class Entity:
    kind: str  # txid, address, order_id, user_id, amount, network
    value: str
    start: int
    end: int
    detail: str = ""  # the chain of an address, the coin of an amount, a network's name


_B58 = r"[1-9A-HJ-NP-Za-km-z]"
_EVM = re.compile(r"(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])")
_BTC_LEGACY = re.compile(rf"(?<![0-9A-Za-z])[13]{_B58}{{25,34}}(?![0-9A-Za-z])")
_BTC_BECH32 = re.compile(
    r"(?<![0-9A-Za-z])(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}(?![0-9A-Za-z])"
)
_TRON = re.compile(rf"(?<![0-9A-Za-z])T{_B58}{{33}}(?![0-9A-Za-z])")
_SOLANA = re.compile(rf"(?<![0-9A-Za-z]){_B58}{{32,44}}(?![0-9A-Za-z])")
# The patterns below run on ``fold_case(text)`` (same offsets), not with re.IGNORECASE:
# it keeps ``re``'s literal-prefix scan and is several times faster.
_SOLANA_CONTEXT = re.compile(r"solana|\bsol\b|phantom|\bspl\b|solflare")

_ORDER = re.compile(
    r"(?<![A-Za-z])(?:order|ord|订单|訂單|주문|注文|ордер|заказ|orden|commande|ordre|pedido|ordem|l[ệe]nh|"
    r"đơn|emir|sipariş|auftrag|bestellung|pesanan|طلب)"
    r"\s*(?:id|no\.?|number|nr\.?|号|번호|番号|номер|n[º°o]\.?)?\s*[#:：=]?\s*"
    r"(?P<value>(?=[A-Za-z0-9-]*\d)[A-Za-z0-9-]{6,40})"
)
_USER = re.compile(
    r"(?:\buid|user\s*id|account\s*id|用户\s*id|用戶\s*id|유저\s*id|회원\s*번호|ユーザー\s*id|"
    r"id\s*пользователя|id\s*de\s*usuario|identifiant|kullanıcı\s*id)"
    r"\s*[#:：=]?\s*(?P<value>\d{5,20})"
)
_COINS = [
    "BTC",
    "ETH",
    "USDT",
    "USDC",
    "BNB",
    "SOL",
    "TRX",
    "XRP",
    "ADA",
    "DOGE",
    "TON",
    "MATIC",
    "POL",
    "DOT",
    "LTC",
    "AVAX",
    "SHIB",
    "LINK",
    "ARB",
    "OP",
    "PEPE",
    "DAI",
    "FDUSD",
    "BUSD",
    "TUSD",
    "ATOM",
    "NEAR",
    "APT",
    "SUI",
    "FIL",
    "ETC",
    "BCH",
    "XLM",
    "UNI",
    "AAVE",
    "WLD",
]
_FIAT = [
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "KRW",
    "CNY",
    "RUB",
    "TRY",
    "BRL",
    "VND",
    "IDR",
    "INR",
    "NGN",
    "ARS",
]
_NUMBER = r"\d{1,3}(?:[ ,.]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.])(?P<number>{_NUMBER})\s?(?P<unit>{'|'.join(_COINS + _FIAT).lower()})(?![A-Za-z])"
    rf"|(?P<symbol>[$€£¥₩])\s?(?P<snumber>{_NUMBER})"
    rf"|(?<![A-Za-z])(?P<coin>{'|'.join(_COINS).lower()})\s?(?P<cnumber>{_NUMBER})(?![\w.])"
)
# A word each network pattern below contains: most messages name none, and one search
# rules out all of them.
_NETWORK_WORDS = re.compile(
    r"erc|trc|bep|bsc|bnb smart|arbitrum|optimism|polygon|solana|spl|ton |lightning|avax|"
    r"c-chain|avalanche|base |zksync"
)
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW"}
_NETWORKS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("ERC20", r"\berc[\s-]?20\b"),
        ("TRC20", r"\btrc[\s-]?20\b"),
        ("BEP20", r"\bbep[\s-]?20\b|\bbsc\b|bnb smart chain"),
        ("BEP2", r"\bbep[\s-]?2\b"),
        ("Arbitrum", r"\barbitrum(?: one)?\b"),
        ("Optimism", r"\boptimism\b"),
        ("Polygon", r"\bpolygon\b"),
        ("Solana", r"\bsolana\b|\bspl\b"),
        ("TON", r"\bton (?:network|chain)\b"),
        ("Lightning", r"\blightning(?: network)?\b"),
        ("Avalanche C-Chain", r"\bavax[\s-]?c\b|\bc-chain\b|avalanche"),
        ("Base", r"\bbase (?:network|chain|mainnet)\b"),
        ("zkSync", r"\bzksync\b"),
    )
)


def extract_entities(text: str) -> list[Entity]:
    """Every entity in ``text``, in text order; an address is never also read as an ID."""
    folded = fold_case(text)
    found: list[Entity] = []
    candidates = (*_hashes(text), *_addresses(text, folded), *_ids(text, folded), *_amounts(folded))
    for entity in candidates:
        if not any(_overlaps(entity, kept) for kept in found):
            found.append(entity)
    found.extend(_networks(folded))
    return sorted(found, key=lambda e: (e.start, e.kind))


def _overlaps(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def _hashes(text: str) -> Iterator[Entity]:
    for m in HEX64.finditer(text):
        # A 64-hex string its context calls a private key is a secret, not a fact to show.
        if not hex_is_private_key(text, m.start(), m.end()):
            yield Entity("txid", m.group(), m.start(), m.end())


def _addresses(text: str, folded: str) -> Iterator[Entity]:
    for m in _EVM.finditer(text):
        yield Entity("address", m.group(), m.start(), m.end(), "evm")
    for m in _BTC_BECH32.finditer(text):
        yield Entity("address", m.group(), m.start(), m.end(), "btc")
    for pattern, chain, version in ((_BTC_LEGACY, "btc", (0x00, 0x05)), (_TRON, "tron", (0x41,))):
        for m in pattern.finditer(text):
            payload = b58decode_check(m.group())
            if payload is not None and len(payload) == 21 and payload[0] in version:
                yield Entity("address", m.group(), m.start(), m.end(), chain)
    if _SOLANA_CONTEXT.search(folded):
        for m in _SOLANA.finditer(text):
            if not m.group().isdigit():
                yield Entity("address", m.group(), m.start(), m.end(), "solana")


def _ids(text: str, folded: str) -> Iterator[Entity]:
    for pattern, kind in ((_USER, "user_id"), (_ORDER, "order_id")):
        for m in pattern.finditer(folded):
            start, end = m.span("value")
            yield Entity(kind, text[start:end], start, end)


def _amounts(folded: str) -> Iterator[Entity]:
    for m in _AMOUNT.finditer(folded):
        if m.group("unit"):
            unit, number = m.group("unit").upper(), m.group("number")
        elif m.group("coin"):
            unit, number = m.group("coin").upper(), m.group("cnumber")
        else:
            unit, number = _SYMBOLS[m.group("symbol")], m.group("snumber")
        yield Entity("amount", f"{number} {unit}", m.start(), m.end(), unit)


def _networks(folded: str) -> Iterator[Entity]:
    if not _NETWORK_WORDS.search(folded):
        return
    for name, pattern in _NETWORKS:
        for m in pattern.finditer(folded):
            yield Entity("network", name, m.start(), m.end(), name)
