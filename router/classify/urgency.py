"""How soon a message needs a human: critical, high, normal or low, with reasons.

Urgency comes from what happened (funds taken, money stuck for days, locked out with open
positions, a P2P seller not releasing), never from how loudly it is said: capitals, "!!!"
and "URGENT" are noted in the reasons and change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from router.classify import signals
from router.classify.prefilter import PatternFilter, TextScan
from router.models import Urgency

_BEFORE = 20  # characters of context a negation may sit before a signal
_AFTER = 14  # ... and after it, for languages that negate at the end (ko, ja, tr)
_REPEAT_CONTACTS = 3
_ASCII_LETTERS = re.compile("[A-Za-z]")
_ASCII_CAPITALS = re.compile("[A-Z]")
_MONEY_TOPICS = ("deposit", "withdrawal")
_NOT_MONEY_TOPICS = ("kyc", "account_access")
_LEVELS = (Urgency.LOW, Urgency.NORMAL, Urgency.HIGH, Urgency.CRITICAL)
# A message is scanned once for what the signals' wording needs; most signals then need
# no search at all (see ``prefilter``).
_SIGNALS = PatternFilter(
    v for k, v in vars(signals).items() if isinstance(v, re.Pattern) and not k.startswith("_")
)


@dataclass(frozen=True, slots=True)
class UrgencyInput:
    """What besides the text bears on urgency; the router fills it from the conversation."""

    topic: str = ""
    secrets: tuple[str, ...] = ()
    vip: bool = False
    repeat_contacts: int = 0


@dataclass(frozen=True, slots=True)
class UrgencyResult:
    level: Urgency
    reasons: tuple[str, ...]


def assess_urgency(text: str, context: UrgencyInput | None = None) -> UrgencyResult:
    context = context or UrgencyInput()
    said = text_urgency(text, context.topic, context.secrets)
    return raise_for_customer(said, context.vip, context.repeat_contacts)


def text_urgency(text: str, topic: str = "", secrets: tuple[str, ...] = ()) -> UrgencyResult:
    """What the message itself says, before who is asking (VIP, repeat contacts) counts."""
    context = UrgencyInput(topic, secrets)
    folded = signals.fold_case(text)
    # Judge the message as if it were said calmly: "URGENT!!! HOW DO I ..." is a question.
    calm = signals.SHOUTING.sub(" ", folded)
    level, reasons = _from_text(_SIGNALS.scan(calm), context)
    if calm != folded or _mostly_capitals(text):
        reasons.append("urgent wording or capitals alone do not raise urgency")
    return UrgencyResult(level, tuple(reasons))


def raise_for_customer(said: UrgencyResult, vip: bool, repeat_contacts: int) -> UrgencyResult:
    level, reasons = _raise_for_customer(
        said.level, list(said.reasons), UrgencyInput(vip=vip, repeat_contacts=repeat_contacts)
    )
    return UrgencyResult(level, tuple(reasons))


def _from_text(scan: TextScan, context: UrgencyInput) -> tuple[Urgency, list[str]]:
    if _compromised(scan):
        return Urgency.CRITICAL, ["account compromised or funds taken"]
    if _someone_else_acting(scan, context.topic):
        return Urgency.CRITICAL, ["someone else is moving funds or using the account"]
    if context.secrets:
        return Urgency.HIGH, [f"customer shared a secret ({', '.join(context.secrets)})"]
    # Each signal is searched once: several questions below ask about the same ones.
    money = scan.search(signals.MONEY_MISSING) is not None
    locked = scan.search(signals.LOCKED_OUT) is not None
    broken = money or locked or scan.search(signals.PROBLEM) is not None
    # "Waiting" alone is money waited for, unless the message is a listing request or the
    # like ("when $X? the community is waiting").
    waiting = not money and scan.search(signals.WAITING) is not None
    low = not broken and scan.search(signals.LOW) is not None
    money = money or (waiting and not low)
    asks = broken or money
    high = _high_reasons(scan, context.topic, money, locked, asks)
    if high:
        return Urgency.HIGH, high
    if money:
        return Urgency.NORMAL, ["money missing or pending, no long wait stated"]
    # Nothing reported missing, blocked or broken: the customer is not asking for help.
    if low or (context.topic == "general" and not asks):
        return Urgency.LOW, ["greeting, feedback, partnership or listing request"]
    if scan.search(signals.INFORMATION) and not asks:
        return Urgency.LOW, ["information question, nothing reported broken"]
    return Urgency.NORMAL, ["ordinary request"]


def _high_reasons(scan: TextScan, topic: str, money: bool, locked: bool, asks: bool) -> list[str]:
    reasons: list[str] = []
    # A verification or 2FA reset "under review" for days is slow, not money stuck.
    if money and topic not in _NOT_MONEY_TOPICS and scan.search(signals.LONG_WAIT):
        reasons.append("money missing or stuck for a long time")
    elif topic in _MONEY_TOPICS and _waited_long(scan) and not _question(scan, asks):
        reasons.append(f"{topic} problem open for a long time")
    # Not _affirmed: the complaint itself negates ("liquidated, but the price never reached").
    if scan.search(signals.LIQUIDATED):
        reasons.append("position liquidated, customer reports a loss")
    if locked and _affirmed(signals.LOCKED_OUT, scan) and _affirmed(signals.OPEN_POSITIONS, scan):
        reasons.append("locked out with open positions")
    p2p = _p2p_unreleased(scan, topic)
    if p2p:
        reasons.append(p2p)
    if _affirmed(signals.PHISHING, scan) or (
        scan.search(signals.SECRET_WORD) and _affirmed(signals.SEED_HANDED, scan)
    ):
        reasons.append("phishing or scam report")
    return reasons


def _p2p_unreleased(scan: TextScan, topic: str) -> str:
    """Why a P2P order is high: the counterparty holds the crypto after payment. Not when
    the customer is the seller holding it until paid ("I won't release, no money yet")."""
    if scan.search(signals.P2P) and scan.search(signals.P2P_UNRELEASED):
        why = "P2P counterparty not releasing after payment"
    elif topic == "p2p" and scan.search(signals.PAID) and scan.search(signals.LONG_WAIT):
        why = "P2P order paid, counterparty silent for a long time"
    else:
        return ""
    return "" if scan.search(signals.SELLER_HOLDS) else why


def _compromised(scan: TextScan) -> bool:
    """Compromise wording that is neither negated ("not hacked") nor about a stolen phone
    or laptop ("my phone was stolen, I can't log in"): lost hardware is an access problem."""
    thefts: list[tuple[int, int]] | None = None
    for match in scan.finditer(signals.COMPROMISED):
        if _negated(match, scan.text):
            continue
        if thefts is None:
            thefts = [m.span() for m in scan.finditer(signals.DEVICE_THEFT)]
        if not any(start < match.end() and match.start() < end for start, end in thefts):
            return True
    return False


def _waited_long(scan: TextScan) -> bool:
    """A long wait stated as such: "3 days", "since Monday", not a day named alone
    ("yesterday I sent XRP without the tag"), which only dates what the customer did."""
    return any(not signals.DATED.fullmatch(m.group()) for m in scan.finditer(signals.LONG_WAIT))


def _someone_else_acting(scan: TextScan, topic: str) -> bool:
    """Someone else acts on the account: "this withdrawal is NOT mine", "someone is selling
    my coins right now"."""
    if scan.search(signals.DENIAL) and (topic == "security" or scan.search(signals.ACTIVITY)):
        return True
    if scan.search(signals.UNRECOGNISED) and scan.search(signals.ACTIVITY):
        return True
    acting = scan.search(signals.SOMEONE) and scan.search(signals.ACTIVITY)
    return bool(acting and (topic == "security" or scan.search(signals.NOW)))


def _question(scan: TextScan, asks: bool) -> bool:
    """An information question ("what's the 24h withdrawal limit?") that reports nothing."""
    return not asks and scan.search(signals.INFORMATION) is not None


def _affirmed(pattern: re.Pattern[str], scan: TextScan) -> bool:
    """True if some match of ``pattern`` is not negated ("not hacked, I just forgot ...")."""
    return any(not _negated(match, scan.text) for match in scan.finditer(pattern))


def _negated(match: re.Match[str], text: str) -> bool:
    before = text[max(0, match.start() - _BEFORE) : match.start()]
    after = text[match.end() : match.end() + _AFTER]
    return bool(signals.NEGATION_BEFORE.search(before) or signals.NEGATION_AFTER.search(after))


def _mostly_capitals(text: str) -> bool:
    letters = len(_ASCII_LETTERS.findall(text))
    return letters >= 8 and len(_ASCII_CAPITALS.findall(text)) / letters > 0.7


def _raise_for_customer(
    level: Urgency, reasons: list[str], context: UrgencyInput
) -> tuple[Urgency, list[str]]:
    # VIPs and customers writing again and again move up one step, never to critical:
    # critical means funds at risk now, which only the message itself can say.
    steps = int(context.vip) + int(context.repeat_contacts >= _REPEAT_CONTACTS)
    if steps == 0 or level is Urgency.CRITICAL:
        return level, reasons
    index = min(_LEVELS.index(level) + steps, _LEVELS.index(Urgency.HIGH))
    raised = _LEVELS[index]
    if raised is not level:
        why = ["VIP customer"] if context.vip else []
        if context.repeat_contacts >= _REPEAT_CONTACTS:
            why.append(f"{context.repeat_contacts} contacts")
        reasons = [*reasons, f"raised to {raised.value}: {', '.join(why)}"]
    return raised, reasons
