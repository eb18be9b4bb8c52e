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


@pytest.mark.parametrize(
    ("text", "topic", "level"),
    [
        # An information question after @handles, a greeting or an opening sentence.
        ("@NovaX hi, how long does a BTC withdrawal usually take?", "withdrawal", Urgency.LOW),
        ("Hello team. I'm a new user. Which networks do you support for USDT?", "deposit",
         Urgency.LOW),
        ("Why is my withdrawal taking so long? What is going on?", "withdrawal", Urgency.NORMAL),
        # Yes/no questions about what is accepted or possible, in each language's own form.
        ("可以用驾照做实名认证吗？", "kyc", Urgency.LOW),
        ("운전면허증으로 인증 가능한가요?", "kyc", Urgency.LOW),
        ("マイナンバーカードは本人確認に使えますか？", "kyc", Urgency.LOW),
        ("@NovaX_TR pasaport ile doğrulama yapılabilir mi?", "kyc", Urgency.LOW),
        ("@NovaX_AR هل يمكن التحقق برخصة القيادة؟", "kyc", Urgency.LOW),
        ("Bonjour, est-ce que vous acceptez le permis de conduire ?", "kyc", Urgency.LOW),
        ("My KYC was declined. What are the requirements?", "kyc", Urgency.NORMAL),
        ("提现被取消了是什么原因", "withdrawal", Urgency.NORMAL),
        # A stolen phone is an access problem, not a compromised account.
        ("my phone got stolen and I can't log in, need a 2FA reset", "account_access",
         Urgency.NORMAL),
        ("手机被偷了，谷歌验证器也没了，登录不了", "account_access", Urgency.NORMAL),
        ("my phone was stolen and now someone withdrew all my USDT, I did not authorize it",
         "security", Urgency.CRITICAL),
        # "Not me" in chat shorthand, beside account activity.
        ("방금 출금 알림 왔는데 제가 아니에요", "security", Urgency.CRITICAL),
        ("c'est pas moi qui ai fait ce retrait !!", "security", Urgency.CRITICAL),
        ("ada penarikan 2000 usdt bukan gue yg tarik", "security", Urgency.CRITICAL),
        ("وصلني اشعار سحب مش انا", "security", Urgency.CRITICAL),
        # SIM swaps said plainly.
        ("me clonaron el chip y veo intentos de retiro", "security", Urgency.CRITICAL),
        ("유심이 복제된 것 같아요 출금 시도 알림이 와요", "security", Urgency.CRITICAL),
        # Liquidations in colloquial wording.
        ("仓位被爆了，价格根本没到", "trading", Urgency.HIGH),
        ("pozisyonum likit oldu, fiyat oraya gelmedi", "trading", Urgency.HIGH),
        # Frozen money and "since Monday"; a bare "yesterday" only dates the mistake.
        ("mon retrait est gelé depuis mardi", "withdrawal", Urgency.HIGH),
        ("Dün yaptığım çekim hâlâ gelmedi", "withdrawal", Urgency.HIGH),
        ("I sent XRP yesterday without the tag, how can I recover it?", "deposit", Urgency.NORMAL),
        ("sent USDC over Polygon to my ERC20 address, can it be recovered?", "deposit",
         Urgency.NORMAL),
        # The seller holding the coins until paid is a dispute, not an unreleased order.
        ("I'm the seller, buyer says paid but nothing in my bank, I won't release", "p2p",
         Urgency.NORMAL),
        ("sudah bayar ke penjual p2p 1 jam coin belum juga dirilis", "p2p", Urgency.HIGH),
        # Seed phrases asked for or handed to an impersonator.
        ("someone claiming to be from support asked for my seed phrase", "security",
         Urgency.HIGH),
        ("un faux conseiller m'a demandé ma phrase de récupération", "security", Urgency.HIGH),
        # A coin asked for by its cashtag, while "the community is waiting".
        ("when will you add $WIF?? community is waiting", "general", Urgency.LOW),
        # Solved, thanks; "does anyone know"; a security setting; the market, not the app.
        ("ontem depositei e já caiu, obrigado", "deposit", Urgency.LOW),
        ("有人知道怎么设置止损吗", "trading", Urgency.LOW),
        ("how do I turn on anti-phishing code?", "security", Urgency.LOW),
        ("market crash today, are new listings delayed?", "general", Urgency.LOW),
        ("o app trava às vezes quando abro o gráfico", "general", Urgency.NORMAL),
        # Waits counted in words, days named beside money missing, Arabic dialect negation.
        ("@NovaXSupport 太棒了，充值五天还没到账 👍", "deposit", Urgency.HIGH),
        ("Envié 0,05 BTC el lunes y todavía no se acredita", "deposit", Urgency.HIGH),
        ("ما انسرق حسابي، بس نسيت كلمة المرور", "account_access", Urgency.NORMAL),
        # Locked out without positions; a P2P seller who vanished; someone changed the password.
        ("не могу войти, аккаунт заблокирован, позиций нет", "account_access", Urgency.NORMAL),
        ("paid the p2p seller by bank transfer 3 hrs ago and he vanished, no USDT", "p2p",
         Urgency.HIGH),
        ("my p2p ad disappeared and I can't post a new one", "p2p", Urgency.NORMAL),
        ("biri şifremi değiştirmiş, giriş yapamıyorum", "account_access", Urgency.CRITICAL),
        # A verification slow for a week is slow, not money stuck; "just asking" questions;
        # "broke into my account"; connections dropping; Latin glued to CJK ("P2P付完款").
        ("verification 'under review' for a week now, great job 👏", "kyc", Urgency.NORMAL),
        ("just asking how long KYC takes these days", "kyc", Urgency.LOW),
        ("quisiera saber si hay descuentos por volumen", "fees", Urgency.LOW),
        ("invadiram minha conta e venderam tudo", "security", Urgency.CRITICAL),
        ("die Websocket-Verbindung bricht ständig ab, gibt es Probleme?", "api", Urgency.NORMAL),
        ("P2P付完款四个小时商家还不放币", "p2p", Urgency.HIGH),
        # "hacked? no": answered no; relative-clause denials; suspicious links; a day
        # before yesterday; Gulf Arabic "وش"; "antifishing" is a setting, not a report.
        ("hacked?? no lol, I just locked myself out with wrong passwords", "account_access",
         Urgency.NORMAL),
        ("hesabımda benim yapmadığım bir çekim var, acil dondurun!", "security", Urgency.CRITICAL),
        ("j'ai reçu un SMS bizarre avec un lien pour sécuriser mon compte", "security",
         Urgency.HIGH),
        ("rút tiền từ hôm kia đến giờ vẫn chưa về ví", "withdrawal", Urgency.HIGH),
        ("السلام عليكم، وش رسوم التداول الفوري؟", "fees", Urgency.LOW),
        ("добрый день, как включить антифишинговый код?", "security", Urgency.LOW),
    ],
)  # fmt: skip
def test_generality_signals(text: str, topic: str, level: Urgency) -> None:
    result = assess_urgency(text, UrgencyInput(topic=topic))
    assert result.level is level, result.reasons


def test_regrouped_alternatives_match_like_the_plain_alternation() -> None:
    import re

    from router.classify.signal_patterns import any_of as _any
    from router.classify.signal_patterns import fold_pattern as _fold_pattern

    parts = (r"\bnot\b", r"stolen", r"stole", r"scam", r"没有", r"没", r"falso|falsa", r"[ab]x",
             r"(?:sim|chip) swap", r"s?ms", r"(?:ab|cd)?x", r"\d(?<![a-z]\d)\d* days")  # fmt: skip
    grouped = _any(*parts)
    plain = re.compile(_fold_pattern("|".join(parts)))
    for text in ("not me", "knot", "stole it", "a scam", "没有", "没", "falsa", "bx", "chip swap",
                 "ms", "x", "cdx", "3 days", "erc20 days", "nothing here"):  # fmt: skip
        found, expected = grouped.search(text), plain.search(text)
        assert (found and found.start()) == (expected and expected.start()), text
