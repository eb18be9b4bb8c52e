"""Private keys in text: raw 64-hex keys (told from TXIDs by context), WIF and xprv keys."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}

HEX64 = re.compile(r"(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_WIF = re.compile(r"(?<![0-9A-Za-z])[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}(?![0-9A-Za-z])")
_XPRV = re.compile(r"(?<![0-9A-Za-z])[xyztuvXYZTUV]prv[1-9A-HJ-NP-Za-km-z]{100,112}(?![0-9A-Za-z])")

_KEY_WORDS = re.compile(
    r"priv(?:ate)?[\s_-]*key|privkey|secret[\s_-]*key|私钥|秘钥|密钥|私鑰|秘鑰|개인\s*키|"
    r"프라이빗\s*키|비밀\s*키|秘密鍵|プライベートキー|приватн\w*\s+ключ|закрыт\w*\s+ключ|"
    r"секретн\w*\s+ключ|clave privada|cl[ée] priv[ée]e|chiave privata|chave privada|"
    r"kh[óo]a ri[êe]ng|kh[óo]a b[íi] m[ậa]t|[öo]zel anahtar|kunci privat|privater? schl[üu]ssel|"
    r"المفتاح الخاص",
    re.IGNORECASE,
)
_TXID_WORDS = re.compile(
    r"\btx\b|txid|tx[\s_-]*(?:id|hash)|hash|transa[cç]|transakt|transaksi|/tx/|scan\b|"
    r"explorer|交易|哈希|트랜잭션|거래|해시|トランザクション|ハッシュ|транзакц|хе?ш|"
    r"giao d[ịi]ch|i[şs]lem|معاملة|المعاملة",
    re.IGNORECASE,
)
# How far before (and after) a 64-hex string a context word still describes it.
_CONTEXT_BEFORE = 80
_CONTEXT_AFTER = 40


@dataclass(frozen=True, slots=True)
class KeyMatch:
    start: int
    end: int
    confidence: float
    reason: str


def find_keys(text: str) -> list[KeyMatch]:
    found = [_hex_key(text, m) for m in HEX64.finditer(text)]
    found += [
        KeyMatch(m.start(), m.end(), 0.99, "WIF private key with valid checksum")
        for m in _WIF.finditer(text)
        if _wif_valid(m.group())
    ]
    found += [
        KeyMatch(m.start(), m.end(), 0.99, "extended private key") for m in _XPRV.finditer(text)
    ]
    return [k for k in found if k is not None]


def hex_is_private_key(text: str, start: int, end: int) -> bool:
    """Whether the 64-hex string at [start, end) is called a private key by its context.

    The nearest context word wins, so "txid ... (not my private key)" stays a TXID only
    when "txid" is closer. Without any context word it is taken as a TXID: customers paste
    transaction hashes many times more often, and agents need them readable.
    """
    before = text[max(0, start - _CONTEXT_BEFORE) : start]
    after = text[end : end + _CONTEXT_AFTER]
    key_distance = _distance(before, after, _KEY_WORDS)
    txid_distance = _distance(before, after, _TXID_WORDS)
    return key_distance is not None and (txid_distance is None or key_distance <= txid_distance)


def _hex_key(text: str, match: re.Match[str]) -> KeyMatch | None:
    if not hex_is_private_key(text, match.start(), match.end()):
        return None
    return KeyMatch(match.start(), match.end(), 0.95, "64 hex digits called a private key")


def _distance(before: str, after: str, words: re.Pattern[str]) -> int | None:
    distances = [len(before) - m.end() for m in words.finditer(before)]
    distances += [m.start() for m in words.finditer(after)]
    return min(distances, default=None)


def b58decode_check(value: str) -> bytes | None:
    """The payload of a base58check string, or None if the checksum does not match."""
    number = 0
    for char in value:
        number = number * 58 + _B58_INDEX[char]
    pad = len(value) - len(value.lstrip("1"))
    raw = b"\x00" * pad + number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, checksum = raw[:-4], raw[-4:]
    digest = hashlib.sha256(hashlib.sha256(payload).digest()).digest()
    return payload if len(raw) > 4 and digest[:4] == checksum else None


def _wif_valid(value: str) -> bool:
    payload = b58decode_check(value)
    return payload is not None and payload[0] in (0x80, 0xEF) and len(payload) in (33, 34)
