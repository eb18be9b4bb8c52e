from __future__ import annotations

import pytest

from router.classify.urgency import UrgencyInput, assess_urgency
from router.models import Urgency

pytestmark = pytest.mark.classify


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("my account was hacked and someone is withdrawing my BTC", Urgency.CRITICAL),
        ("I did not make this withdrawal, freeze my account", Urgency.CRITICAL),
        ("账户被盗了，资产被转走", Urgency.CRITICAL),
        ("계정이 해킹당했어요", Urgency.CRITICAL),
        ("Меня взломали, вывели все деньги", Urgency.CRITICAL),
        ("Mi cuenta fue hackeada", Urgency.CRITICAL),
        ("deposit not credited for 3 days", Urgency.HIGH),
        ("充值两天了还没到账", Urgency.HIGH),
        ("locked out and my futures positions are open", Urgency.HIGH),
        ("p2p seller has not released the USDT after I paid", Urgency.HIGH),
        ("P2P卖家收到钱不放币", Urgency.HIGH),
        ("deposit not credited", Urgency.NORMAL),
        ("my limit order is not getting filled", Urgency.NORMAL),
        ("hello", Urgency.LOW),
        ("감사합니다", Urgency.LOW),
        ("I want to list my token on your exchange", Urgency.LOW),
        ("how do I enable 2FA?", Urgency.LOW),
    ],
)
def test_levels(text: str, level: Urgency) -> None:
    result = assess_urgency(text)
    assert result.level is level, result.reasons
    assert result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "not hacked, I just forgot my password",
        "没有被盗，只是忘记密码了",
        "해킹은 아니고 비밀번호를 잊어버렸어요",
        "I wasn't hacked, the login just fails",
    ],
)
def test_negated_compromise_is_not_critical(text: str) -> None:
    assert assess_urgency(text).level is not Urgency.CRITICAL


def test_shouting_does_not_raise() -> None:
    calm = assess_urgency("how do I change my nickname")
    loud = assess_urgency("URGENT!!! HOW DO I CHANGE MY NICKNAME ASAP")
    assert loud.level is calm.level
    assert any("do not raise" in r for r in loud.reasons)


def test_vip_and_repeat_contacts_raise_one_step_but_never_to_critical() -> None:
    text = "my limit order is not getting filled"
    assert assess_urgency(text, UrgencyInput(vip=True)).level is Urgency.HIGH
    assert assess_urgency(text, UrgencyInput(repeat_contacts=4)).level is Urgency.HIGH
    both = assess_urgency(text, UrgencyInput(vip=True, repeat_contacts=5))
    assert both.level is Urgency.HIGH


def test_shared_secret_is_high() -> None:
    result = assess_urgency("here you go", UrgencyInput(secrets=("seed phrase",)))
    assert result.level is Urgency.HIGH


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Someone just logged in from Nigeria and is withdrawing right now!!!", Urgency.CRITICAL),
        ("merhaba p2p satıcı 1 saattir coin göndermiyor, ödeme yaptım", Urgency.HIGH),
        ("Почему мой вывод до сих пор не пришёл уже два дня?", Urgency.HIGH),
        ("出金できない、2日たっても処理中", Urgency.HIGH),
        ("is there someone trading OTC I can contact?", Urgency.NORMAL),
    ],
)
def test_chat_style_signals(text: str, level: Urgency) -> None:
    assert assess_urgency(text).level is level


@pytest.mark.parametrize(
    ("text", "topic", "level"),
    [
        # Negation: the compromise words are denied, the problem is ordinary.
        ("not hacked, just forgot my password", "account_access", Urgency.NORMAL),
        ("乗っ取りではなく、パスワードを忘れただけです", "account_access", Urgency.NORMAL),
        ("hacklenmedim, sadece şifremi unuttum", "account_access", Urgency.NORMAL),
        ("no me hackearon, solo olvidé la contraseña", "account_access", Urgency.NORMAL),
        # Sarcasm: the praise is not the message, the long wait is.
        ("great, another week my withdrawal is stuck 🙄", "withdrawal", Urgency.HIGH),
        ("提现都一个星期了还在审核，你们真是效率高啊", "withdrawal", Urgency.HIGH),
        ("trois jours que mon retrait est en cours de traitement, bravo 👏", "withdrawal",
         Urgency.HIGH),
        # Shouting about a listing is still a listing request.
        ("URGENT!!! when listing XYZ?", "general", Urgency.LOW),
        ("СРОЧНО!!! когда листинг токена XYZ?", "general", Urgency.LOW),
        # Someone else acting on the account, said without the word "hacked".
        ("this withdrawal of 4,000 USDT is NOT mine", "security", Urgency.CRITICAL),
        ("今まさに誰かが私の口座からETHを出金しています！私ではありません！", "security",
         Urgency.CRITICAL),
        ("gerade hebt jemand mein Guthaben ab, das bin nicht ich!!", "security", Urgency.CRITICAL),
        # Losses and paid P2P orders.
        ("got liquidated but mark price never touched my liq price", "trading", Urgency.HIGH),
        ("paguei a ordem p2p faz 2 horas e o vendedor não libera", "p2p", Urgency.HIGH),
        # Information questions are low unless they report a problem.
        ("what's the daily withdrawal limit?", "withdrawal", Urgency.LOW),
        ("현물 거래 수수료가 얼마인가요?", "fees", Urgency.LOW),
        ("how do I appeal a p2p order? the buyer says paid but I got nothing", "p2p",
         Urgency.NORMAL),
        ("人脸识别一直失败，怎么办", "kyc", Urgency.NORMAL),
    ],
)  # fmt: skip
def test_negation_sarcasm_and_multilingual_signals(text: str, topic: str, level: Urgency) -> None:
    result = assess_urgency(text, UrgencyInput(topic=topic))
    assert result.level is level, result.reasons


def test_someone_else_acting_needs_activity_or_security() -> None:
    # "not me" about something that is not account activity is no emergency.
    calm = assess_urgency("it's not me who chose this nickname", UrgencyInput(topic="general"))
    assert calm.level is not Urgency.CRITICAL
