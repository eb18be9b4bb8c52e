"""How soon a message needs a human: critical, high, normal or low, with reasons.

Urgency comes from what happened (funds taken, money stuck for days, locked out with open
positions, a P2P seller not releasing), never from how loudly it is said: capitals, "!!!"
and "URGENT" are noted in the reasons and change nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from router.classify import signals
from router.models import Urgency

_BEFORE = 20  # characters of context a negation may sit before a signal
_AFTER = 14  # ... and after it, for languages that negate at the end (ko, ja, tr)
_REPEAT_CONTACTS = 3
_ASCII_LETTERS = re.compile("[A-Za-z]")
_ASCII_CAPITALS = re.compile("[A-Z]")
_MONEY_TOPICS = ("deposit", "withdrawal")
_NOT_MONEY_TOPICS = ("kyc", "account_access")
_LEVELS = (Urgency.LOW, Urgency.NORMAL, Urgency.HIGH, Urgency.CRITICAL)


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
    level, reasons = _from_text(calm, context)
    if calm != folded or _mostly_capitals(text):
        reasons.append("urgent wording or capitals alone do not raise urgency")
    return UrgencyResult(level, tuple(reasons))


def raise_for_customer(said: UrgencyResult, vip: bool, repeat_contacts: int) -> UrgencyResult:
    level, reasons = _raise_for_customer(
        said.level, list(said.reasons), UrgencyInput(vip=vip, repeat_contacts=repeat_contacts)
    )
    return UrgencyResult(level, tuple(reasons))


def _from_text(text: str, context: UrgencyInput) -> tuple[Urgency, list[str]]:
    if _compromised(text):
        return Urgency.CRITICAL, ["account compromised or funds taken"]
    if _someone_else_acting(text, context.topic):
        return Urgency.CRITICAL, ["someone else is moving funds or using the account"]
    if context.secrets:
        return Urgency.HIGH, [f"customer shared a secret ({', '.join(context.secrets)})"]
    # Each signal is searched once: several questions below ask about the same ones.
    money = signals.MONEY_MISSING.search(text) is not None
    locked = signals.LOCKED_OUT.search(text) is not None
    broken = money or locked or signals.PROBLEM.search(text) is not None
    # "Waiting" alone is money waited for, unless the message is a listing request or the
    # like ("when $X? the community is waiting").
    waiting = not money and signals.WAITING.search(text) is not None
    low = not broken and signals.LOW.search(text) is not None
    money = money or (waiting and not low)
    asks = broken or money
    high = _high_reasons(text, context.topic, money, locked, asks)
    if high:
        return Urgency.HIGH, high
    if money:
        return Urgency.NORMAL, ["money missing or pending, no long wait stated"]
    # Nothing reported missing, blocked or broken: the customer is not asking for help.
    if low or (context.topic == "general" and not asks):
        return Urgency.LOW, ["greeting, feedback, partnership or listing request"]
    if signals.INFORMATION.search(text) and not asks:
        return Urgency.LOW, ["information question, nothing reported broken"]
    return Urgency.NORMAL, ["ordinary request"]


def _high_reasons(text: str, topic: str, money: bool, locked: bool, asks: bool) -> list[str]:
    reasons: list[str] = []
    # A verification or 2FA reset "under review" for days is slow, not money stuck.
    if money and topic not in _NOT_MONEY_TOPICS and signals.LONG_WAIT.search(text):
        reasons.append("money missing or stuck for a long time")
    elif topic in _MONEY_TOPICS and _waited_long(text) and not _question(text, asks):
        reasons.append(f"{topic} problem open for a long time")
    # Not _affirmed: the complaint itself negates ("liquidated, but the price never reached").
    if signals.LIQUIDATED.search(text):
        reasons.append("position liquidated, customer reports a loss")
    if locked and _affirmed(signals.LOCKED_OUT, text) and _affirmed(signals.OPEN_POSITIONS, text):
        reasons.append("locked out with open positions")
    p2p = _p2p_unreleased(text, topic)
    if p2p:
        reasons.append(p2p)
    if _affirmed(signals.PHISHING, text) or (
        signals.SECRET_WORD.search(text) and _affirmed(signals.SEED_HANDED, text)
    ):
        reasons.append("phishing or scam report")
    return reasons


def _p2p_unreleased(text: str, topic: str) -> str:
    """Why a P2P order is high: the counterparty holds the crypto after payment. Not when
    the customer is the seller holding it until paid ("I won't release, no money yet")."""
    if signals.P2P.search(text) and signals.P2P_UNRELEASED.search(text):
        why = "P2P counterparty not releasing after payment"
    elif topic == "p2p" and signals.PAID.search(text) and signals.LONG_WAIT.search(text):
        why = "P2P order paid, counterparty silent for a long time"
    else:
        return ""
    return "" if signals.SELLER_HOLDS.search(text) else why


def _compromised(text: str) -> bool:
    """Compromise wording that is neither negated ("not hacked") nor about a stolen phone
    or laptop ("my phone was stolen, I can't log in"): lost hardware is an access problem."""
    thefts: list[tuple[int, int]] | None = None
    for match in signals.COMPROMISED.finditer(text):
        if _negated(match, text):
            continue
        if thefts is None:
            thefts = [m.span() for m in signals.DEVICE_THEFT.finditer(text)]
        if not any(start < match.end() and match.start() < end for start, end in thefts):
            return True
    return False


def _waited_long(text: str) -> bool:
    """A long wait stated as such: "3 days", "since Monday", not a day named alone
    ("yesterday I sent XRP without the tag"), which only dates what the customer did."""
    return any(not signals.DATED.fullmatch(m.group()) for m in signals.LONG_WAIT.finditer(text))


def _someone_else_acting(text: str, topic: str) -> bool:
    """Someone else acts on the account: "this withdrawal is NOT mine", "someone is selling
    my coins right now"."""
    if signals.DENIAL.search(text) and (topic == "security" or signals.ACTIVITY.search(text)):
        return True
    if signals.UNRECOGNISED.search(text) and signals.ACTIVITY.search(text):
        return True
    acting = signals.SOMEONE.search(text) and signals.ACTIVITY.search(text)
    return bool(acting and (topic == "security" or signals.NOW.search(text)))


def _question(text: str, asks: bool) -> bool:
    """An information question ("what's the 24h withdrawal limit?") that reports nothing."""
    return not asks and signals.INFORMATION.search(text) is not None


def _affirmed(pattern: re.Pattern[str], text: str) -> bool:
    """True if some match of ``pattern`` is not negated ("not hacked, I just forgot ...")."""
    return any(not _negated(match, text) for match in pattern.finditer(text))


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
