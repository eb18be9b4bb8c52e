"""Multilingual wording that urgency is judged on (en zh ko ja ru es fr vi tr pt id de ar)."""

from __future__ import annotations

import re


def fold_case(text: str) -> str:
    """``text`` lower-cased the way ``re.IGNORECASE`` compares, keeping every offset.

    The signals are matched against this instead of with ``re.IGNORECASE``, which stops
    ``re`` from scanning for a pattern's literal opening and is several times slower.
    ``str.lower`` turns "İ" into two characters, so it is mapped first; dotless "ı" and
    long "ſ" match "i" and "s" under ``re.IGNORECASE``, so they fold to them here.
    """
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


def _any(*patterns: str) -> re.Pattern[str]:
    """One pattern for case-folded text (see ``fold_case``): its literal characters are
    folded the same way, escapes (``\\W``, ``\\S``, ``\\B``) keep their case and meaning.

    The alternatives are regrouped to match the same text faster. ``re`` tries a pattern's
    alternatives one by one at every position of the message, so its cost grows with their
    number; alternatives opening with the same character share it ("stolen|stole|scam" is
    tried as "s(?:tolen|tole|cam)"), and those opening with a word boundary share one.
    """
    alternatives = [_fold_pattern(a) for p in patterns for a in _top_level(p)]
    bounded = [a[2:] for a in alternatives if a.startswith("\\b")]
    rest = [a for a in alternatives if not a.startswith("\\b")]
    joined = [f"\\b(?:{_grouped(bounded)})"] if bounded else []
    return re.compile("|".join([*joined, _grouped(rest)]))


def _grouped(alternatives: list[str]) -> str:
    """``alternatives`` as one alternation, those opening with the same literal character
    sharing it. Only alternatives opening with the character at a position can match there,
    so the regrouping does not change which one matches first."""
    by_first: dict[str, list[str]] = {}
    others = []
    for a in (d for alternative in alternatives for d in _distributed(alternative)):
        if a and a[0] not in _SPECIAL and a[1:2] not in _QUANTIFIERS:
            by_first.setdefault(a[0], []).append(a[1:])
        else:
            others.append(a)
    shared = [
        f"{first}(?:{'|'.join(tails)})" if len(tails) > 1 else first + tails[0]
        for first, tails in by_first.items()
    ]
    return "|".join([*others, *shared])


def _distributed(alternative: str) -> list[str]:
    """An alternative opening with a group of plain words, "(?:a|bc)rest", as the
    alternatives "arest" and "bcrest", which open with a literal like the others."""
    opening = _WORD_GROUP.match(alternative)
    if opening is None:
        return [alternative]
    rest = alternative[opening.end() :]
    return [word + rest for word in opening.group(1).split("|")]


def _top_level(pattern: str) -> list[str]:
    """``pattern`` split at each ``|`` outside groups and character classes."""
    parts: list[str] = []
    depth, in_class, start, i = 0, False, 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character is a literal
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern.startswith("^", i + 1):
                i += 1
            if pattern.startswith("]", i + 1):  # "[]...]": the first "]" is a literal
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def _fold_pattern(pattern: str) -> str:
    return _LITERALS.sub(lambda m: m.group(1) or fold_case(m.group(2)), pattern)


_LITERALS = re.compile(r"(\\.)|([^\\]+)")
_SPECIAL = frozenset("\\()[].^$|?*+{")
_QUANTIFIERS = frozenset("?*+{")
# "(?:" plain words separated by "|" ")", not followed by a quantifier.
_WORD_GROUP = re.compile(r"\(\?:((?:[^\\()\[\].^$|?*+{}]+\|)+[^\\()\[\].^$|?*+{}]+)\)(?![?*+{])")


# Funds being taken or the account in someone else's hands.
COMPROMISED = _any(
    r"hack(?:ed|er|ers|ing)?(?![a-z])", r"\bstolen\b", r"\bstole\b", r"\bdrain(?:ed|ing)\b",
    r"unauthori[sz]ed", r"compromised", r"sim[\s-]?swap", r"someone\b(?:\s+\w+){0,3}?\s+(?:logged|"
    r"logging|withdr\w+|accessed|took|stole|placed trades|changed my|transferr\w+|sent my|drain\w*"
    r")", r"(?:i|we) did(?:n't| not) (?:make|do|authori[sz]e|place|request)",
    r"i never (?:made|authori[sz]ed|did|sent)",
    r"without my (?:permission|consent|authori[sz]ation|knowledge)",
    r"unknown (?:device|ip)\W+(?:\w+\W+){0,6}(?:withdr|sent|transfer)",
    r"有人(?:在)?(?:用|登录|登了|盗)我的", r"被(?:转走|提走|盗刷|划走)",
    r"不是我(?:本人)?(?:提|转|下单|登录)", r"모르는 (?:출금|로그인|거래|주문)",
    r"제가 (?:한|하지 않은) (?:거|것|게)\s?(?:아닙|아니)", r"도용", r"身に覚えのない",
    r"был[аи]? не я", r"без (?:моего )?(?:ведома|разрешения|согласия)",
    r"кто-то (?:зашел|зашёл|вывел|вошел|вошёл)", r"no fui yo",
    r"sin mi (?:autorizaci|permiso|consentim)", r"alguien (?:entr[óo]|retir[óo]|accedi[óo])",
    r"sans mon (?:autorisation|accord|consentement)", r"ce n['’](?:était|est) pas moi",
    r"quelqu['’]un (?:a|vient de) (?:retir|vid|acc[ée]d|connect)", r"não fui eu",
    r"sem (?:a )?minha autoriza", r"algu[ée]m (?:acessou|entrou|sacou|invadiu)", r"invadid[ao]",
    r"tanpa izin", r"bukan saya", r"ben yapmadım", r"das war(?:en)? nicht ich",
    r"ohne (?:meine )?(?:Zustimmung|Erlaubnis|Genehmigung)",
    r"jemand hat (?:\w+ ){0,4}(?:abgehoben|ausgezahlt|eingeloggt|abgebucht|überwiesen)",
    r"لم أقم ب", r"被盗", r"被黑", r"盗号", r"黑客", r"未经授权", r"未經授權",
    r"不是我(?:本人)?操作", r"해킹", r"도난", r"무단", r"털렸", r"乗っ取", r"ハッキング",
    r"不正(?:出金|ログイン|アクセス|送金)", r"盗まれ", r"взлом", r"украл", r"несанкционирован",
    r"не я (?:вывод|вывел|делал)", r"hacke(?:ado|ada|aron|o)", r"\brobar(?:on)?\b", r"me robaron",
    r"no autoric", r"no autorizad", r"pirat[ée]", r"vol[ée]s?\b", r"non autoris", r"bị hack",
    r"bị đánh cắp", r"bị trộm", r"không phải tôi", r"hacklen", r"çalındı", r"izinsiz",
    r"hackead[oa]", r"roubad[oa]", r"roubaram", r"não autoriz", r"diretas", r"dibobol", r"dicuri",
    r"tidak sah", r"gehackt", r"gestohlen", r"unbefugt", r"nicht autorisiert", r"اختراق", r"مخترق",
    r"سرق", r"غير مصرح", r"انخترق", r"اخترقوا", r"(?:broke|got|hacked) into my account",
    r"invadi(?:ram|u) (?:minha|a) conta", r"entraron (?:a|en) mi cuenta",
    r"(?:sont|est) entrés? dans mon compte", r"(?:залезли|влезли) в (?:мой )?аккаунт",
    r"in mein konto eingebrochen", r"hesabıma girdiler", r"hesabımı ele geçir",
    r"bị chiếm (?:tài khoản|tk|acc)", r"chiếm quyền", r"دخلوا حسابي", r"تهكر", r"انهكر", r"تهكير",
    # Someone else changed the password or email.
    r"有人(?:改|修改)了我的(?:密码|邮箱)", r"密码被(?:人)?改",
    r"누가 (?:제 )?(?:비번|비밀번호|이메일)(?:을|를)? 바꿨",
    r"(?:パスワード|メールアドレス)が勝手に変更", r"кто-то (?:сменил|поменял)",
    r"cambiaron (?:la|mi) (?:contraseña|clave|correo)",
    r"(?:on a|quelqu['’]un a) changé mon (?:mot de passe|mail|e-mail|adresse)",
    r"ai đó (?:đã )?đổi mật khẩu", r"şifremi değiştirmiş", r"mailimi değiştirmiş",
    r"(?:mudaram|trocaram|alteraram) (?:minha|a) (?:senha|e-?mail)",
    r"password (?:saya )?diganti orang", r"(?:ada yang|orang) (?:ganti|ubah) (?:password|email)",
    r"jemand hat mein (?:passwort|e-mail)", r"أحد غير (?:كلمة المرور|الباسورد|الإيميل)",
    r"勝手に(?:出金|ログイン|取引|注文|ポジション|売|送金|引き出)", r"허락 ?없이",
    # SIM swaps in the customers' words. (Each alternative opens with a literal: the regex
    # engine tries those only where that character is.)
    r"sim (?:was |got |has been )?(?:ported|hijacked|cloned|duplicated)",
    r"number (?:was |got |has been )?(?:ported|hijacked)", r"sim卡?被(?:复制|补办|盗|劫持)",
    r"手机号被(?:盗|劫持|过户)", r"유심(?:이)? ?(?:복제|해킹|탈취)",
    r"sim(?:カード)?(?:を|が)?(?:複製|不正に再発行)",
    r"sim[-\s]?карт\w* (?:перевыпуст|дублир|клонир)",
    r"сим[-\s]?карт\w* (?:перевыпуст|дублир|клонир)", r"перевыпустили (?:мою )?(?:сим|sim)",
    r"duplicaron (?:mi |la |el )?(?:sim|l[ií]nea|chip)",
    r"clonaron (?:mi |la |el )?(?:sim|l[ií]nea|chip)",
    r"sim (?:fue |foi |a été )?(?:duplicad|clonad|clon|dupliqu)",
    r"chip (?:fue |foi )?(?:duplicad|clonad)", r"carte sim (?:a été )?(?:clon|dupliqu)",
    r"ligne (?:a été )?(?:clon|dupliqu)", r"sim (?:bị )?(?:đánh tráo|sao chép|nhân bản|chiếm)",
    r"thẻ sim (?:bị )?(?:đánh tráo|sao chép|nhân bản|chiếm)", r"sim kart\w* (?:kopyalan|klonlan)",
    r"hatt(?:ım|imi) (?:kopyalan|klonlan|ele geçir)", r"clonaram (?:meu |o )?(?:chip|sim)",
    r"sim (?:saya |aku )?(?:diganti|dikloning|dibajak|diambil alih)",
    r"sim(?:-karte)? (?:wurde )?(?:geklont|dupliziert)",
    r"rufnummer (?:wurde )?(?:portiert|übernommen)", r"شريحتي (?:اتنسخت|انسرقت|تم نسخها|نسخت)",
    r"شريحة (?:اتنسخت|انسرقت|تم نسخها|نسخت)", r"استنساخ (?:الشريحة|شريحتي)",
)  # fmt: skip
# A phone or laptop stolen is lost hardware, not a compromised account: a compromise word
# inside one of these ("my phone was stolen", "手机被盗") does not make a message critical.
DEVICE_THEFT = _any(
    r"(?:phone|laptop|device|iphone|mobile)\W+(?:(?:was|got|been|has|had)\W+){0,2}stolen",
    r"(?:stole|stolen|robbed)\W+(?:\w+\W+){0,2}?(?:phone|laptop|device|iphone|mobile)",
    r"(?:手机|手機|电话|設備|设备|电脑)被(?:盗|偷|抢)",
    r"(?:휴대폰|핸드폰|폰|기기)(?:을|를|이|가)? ?(?:도난|도둑)",
    r"(?:スマホ|携帯|端末|電話|パソコン)(?:を|が)?盗まれ",
    r"(?:телефон|смартфон|ноутбук)\w*\s+(?:\w+\s+)?украл",
    r"украл\w*\s+(?:\w+\s+)?(?:телефон|смартфон|ноутбук)",
    r"(?:me )?rob(?:aron|ó)\s+(?:\w+\s+){0,2}?(?:celular|celu|m[óo]vil|tel[ée]fono|port[áa]til)",
    r"vol[ée]\w*\s+(?:\w+\s+){0,2}?(?:t[ée]l[ée]phone|portable|mobile|ordinateur)",
    r"(?:t[ée]l[ée]phone|portable)\s+(?:\w+\s+){0,3}?vol[ée]",
    r"(?:điện thoại|đt)\s+(?:\w+\s+){0,2}?bị (?:trộm|mất cắp|cướp|đánh cắp)",
    r"(?:bị )?(?:trộm|mất cắp|cướp|đánh cắp)\s+(?:mất )?(?:điện thoại|đt)",
    r"telefon\w*\s+(?:\w+\s+)?çalındı",
    r"(?:roubaram|furtaram)\s+(?:\w+\s+){0,2}?(?:celular|telefone)",
    r"(?:celular|telefone)\s+(?:\w+\s+){0,2}?(?:roubad|furtad)",
    r"(?:hp|handphone|ponsel)\s+(?:\w+\s+){0,2}?(?:dicuri|kecurian|dicopet)",
    r"(?:handy|telefon|smartphone|laptop)\s+(?:\w+\s+){0,3}?(?:gestohlen|geklaut)",
    r"(?:جوال|هاتف|موبايل)\S*\s+(?:\S+\s+)?(?:انسرق|سرق|مسروق)",
    r"سرق\S*\s+(?:\S+\s+)?(?:جوال|هاتف|موبايل)",
)  # fmt: skip
# Negation before the signal (most languages) and after it (Korean, Japanese, Turkish).
# The customer denying an action on their account ("this withdrawal is NOT mine"): with
# account activity or a security topic, it means someone else is acting on it.
DENIAL = _any(
    r"\bnot mine\b", r"(?:wasn'?t|was not|is not|isn'?t|not) me\b", r"i(?:'m| am) not doing",
    r"i did(?:n'?t| not) do (?:it|this|that)",
    r"我(?:根本|压根|从来)?没有?(?:操作|提|转|下单|登录|卖)",
    r"不是我(?:本人)?(?:操作|做的|提的|转的|下的单|登录的)",
    r"제가 (?:한 (?:거|것|게)|하지 않은|안 한)", r"제가 안 했",
    r"私(?:では|じゃ)(?:ありません|ない)", r"身に覚えのない", r"это (?:был[аи]? )?не я\b",
    r"я ничего не (?:делал|выводил|трогал)", r"no (?:fui|soy) yo", r"yo no (?:hice|fui)",
    r"que no hice", r"ce n['’](?:est|était) pas moi", r"không phải (?:tôi|em|mình|tớ)",
    r"ben yapm(?:adım|ıyorum)", r"não (?:fui|sou) eu", r"bukan saya",
    # "A withdrawal I did not make", as a relative clause.
    r"yapmadığım", r"que (?:eu )?não fiz", r"que je n['’]ai (?:pas|jamais) (?:fait|demandé)",
    r"die ich nicht (?:gemacht|getätigt|beantragt)", r"yang (?:tidak|bukan) saya (?:lakukan|buat)",
    r"mà (?:mình|tôi|em) không (?:làm|thực hiện|rút)",
    r"которы\w+ я не (?:делал|совершал|создавал)", r"私が(?:申請|操作)していない",
    r"제가 (?:신청하지|하지) 않은", r"我没(?:有)?申请", r"没动过", r"没碰过",
    r"(?:war|bin) (?:ich )?nicht ich", r"das war(?:en)? nicht ich", r"لست أنا", r"ليس أنا",
    r"لم أقم",
    # Chat shorthand: "저 아님", "自分じゃない", "c pas moi", "ben değilim", "bukan aku", "مو انا".
    r"저 ?(?:아님|아니(?:에요|예요|야|라|고|다))", r"제가 ?(?:아님|아니(?:에요|예요|야|라|고|다))",
    r"본인(?:이)? ?(?:아님|아니(?:에요|예요|라|고|다))",
    r"自分(?:では|じゃ)(?:ない|ありません|なく)", r"\bc(?:['’]?(?:est|était))? ?pas moi\b",
    r"ben değil(?:im)?\b", r"bukan (?:aku|gue|gw|gua)\b",
    r"không hề (?:rút|đăng nhập|giao dịch|làm|chuyển|mở)",
    r"chưa hề (?:rút|đăng nhập|giao dịch|làm|chuyển|mở)",
    r"đâu có (?:rút|đăng nhập|giao dịch|làm|chuyển|mở)", r"que (?:yo )?no (?:hice|autoric|ped)",
    r"war ich nicht", r"ich war (?:das|es) nicht", r"nicht von mir", r"مو (?:انا|أنا)",
    r"مش (?:انا|أنا)", r"ما سويت",
)  # fmt: skip
# Someone other than the customer, and money or the account moving.
SOMEONE = _any(
    r"\bsomeone\b", r"\bsomebody\b", r"有人", r"誰か", r"누군가", r"кто-то", r"alguien",
    r"quelqu['’]un", r"\bqqn\b", r"\bai (?:đó|đang)", r"có người", r"birisi", r"\bbiri\b",
    r"algu[ée]m", r"ada (?:yang|yg|orang)", r"orang lain", r"\bjemand\b", r"شخص", r"أحدهم",
)  # fmt: skip
ACTIVITY = _any(
    r"withdr", r"drain", r"\bsell", r"\bsold\b", r"transfer", r"\bsent\b", r"\btook\b",
    r"logged in", r"log(?:ging)? in", r"\borders?\b", r"\btrades?\b", r"提", r"转", r"卖", r"登录",
    r"下单", r"출금", r"빼", r"로그인", r"주문", r"出金", r"送金", r"売", r"ログイン", r"注文",
    r"вывод", r"выв[её]л", r"продал", r"перев[её]л", r"вош[её]л", r"зашел", r"зашёл", r"retir",
    r"vaci", r"vend", r"orden", r"retrait", r"vid(?:e|er)", r"connect", r"\brút\b", r"\bbán\b",
    r"đăng nhập", r"\bl[ệe]nh\b", r"çek", r"sat", r"giriş", r"\bsac", r"\bsaque", r"vend",
    r"\bordens?\b", r"tarik", r"jual", r"login", r"\border\b", r"abheb", r"hebt\b", r"ausgezahlt",
    r"verkauf", r"eingeloggt", r"يسحب", r"سحب", r"باع", r"تسجيل الدخول", r"position", r"开仓",
    r"포지션", r"ポジション", r"позици", r"posici", r"\bordres?\b", r"vị thế", r"pozisyon",
    r"hesab\w* gir", r"posiç", r"posisi", r"صفقات", r"penarikan", r"\bwd\b", r"合约", r"下了",
    r"auszahl", r"trading", r"handel", r"operando", r"operações",
)  # fmt: skip
# Account activity the customer does not recognise ("a withdrawal to an address I've never
# seen", "balance suddenly zero"): with ACTIVITY, someone else has been in the account.
UNRECOGNISED = _any(
    r"(?:address|wallet|device|ip|login|withdrawal|transaction|transfer)\w* (?:that )?i(?: have|'v"
    r"e)? (?:never|don'?t|do not|didn'?t) (?:seen?|know|recogni[sz]e|make|made)", r"never seen",
    r"unknown (?:address|wallet|device|ip|login)",
    r"unrecogni[sz]ed (?:address|withdrawal|login|device|transaction)",
    r"(?:balance|account) (?:just |suddenly )?(?:went|dropped) to (?:0|zero)\b",
    r"suddenly (?:0|zero|empty)\b", r"emptied", r"不认识的", r"陌生(?:的)?(?:地址|设备|钱包)",
    r"余额(?:突然)?(?:没了|为零|清零|变成0)", r"모르는 (?:주소|지갑|기기)", r"잔고가 (?:갑자기 )?0",
    r"見覚えのない", r"知らない(?:アドレス|端末)", r"残高が(?:突然)?ゼロ", r"незнаком",
    r"неизвестн\w* (?:адрес|устройств|кошел)", r"обнулил", r"no (?:la |lo )?conozco",
    r"(?:dirección|dispositivo|billetera) desconocid", r"(?:quedó|está) en cero",
    r"(?:adresse|appareil|portefeuille) inconnu", r"tomb[ée] à zéro",
    r"(?:địa chỉ|ví|thiết bị|lệnh rút|giao dịch) lạ", r"về 0", r"về không", r"tanımadığım",
    r"bilinmeyen (?:adres|cihaz|cüzdan)", r"sıfırlandı", r"não conheço",
    r"(?:endereço|dispositivo|carteira) desconhecid", r"zerou", r"tidak (?:saya )?kenal",
    r"(?:alamat|perangkat) tidak dikenal", r"tiba-tiba nol", r"\bfremde",
    r"unbekannte\w* (?:Adresse|Gerät|Wallet)", r"plötzlich (?:null|leer)", r"لا أعرف",
    r"(?:عنوان|جهاز) غير معروف", r"أصبح صفر",
)  # fmt: skip
NOW = _any(
    r"right now", r"at the moment", r"as we speak", r"刚刚", r"刚才", r"正在", r"방금", r"지금",
    r"今まさに", r"たった今", r"прямо сейчас", r"только что", r"ahora mismo", r"en ce moment",
    r"vient de", r"ngay lúc này", r"\bvừa\b", r"có người đang", r"şu anda", r"\bagora\b",
    r"sekarang", r"\bskrg\b", r"barusan", r"\bgerade\b", r"الآن", r"الحين", r"今見たら",
)  # fmt: skip
NEGATION_BEFORE = _any(
    r"\bnot\b", r"n't\b", r"\bno\b", r"\bnever\b", r"不是", r"没有", r"没", r"並非", r"并非",
    r"\bне\b", r"\bнет\b", r"\bpas\b", r"\bnon\b", r"\bkhông\b", r"\bchưa\b", r"değil", r"\bnão\b",
    r"\btidak\b", r"\bbukan\b", r"\bnicht\b", r"\bkein", r"ليس", r"لم", r"\bلا\b", r"\bما\b",
    r"\bمو\b", r"\bمش\b",
)  # fmt: skip
# (the last two: Turkish negates inside the verb, hacklen-medim "I was not hacked")
NEGATION_AFTER = _any(
    r"아니", r"않", r"ではない", r"じゃない", r"ではありません", r"ではなく", r"じゃなく", r"değil",
    r"^m[ae]d[ıiuü]", r"^m[ae]m[ıiuü]ş", r"被害(?:は|も)(?:ありません|ない|なし)",
    # "позиций нет", "pozisyonum yok": none of them.
    r"^\w*\s+нет\b(?!\s+\w)", r"^\w*\s+yok\b(?!\s+\w)",
    # "hacked?? no lol, I just ...": the question answered with no.
    r"^\W*(?:no|nope|nah|non|não|nein|нет)\W*(?:lol|haha|jaja|kkk|[,.;]|$)",
)  # fmt: skip
PHISHING = _any(
    r"phishing(?<!anti-phishing)(?<!anti phishing)", r"scam",
    r"fake (?:site|website|support|app|admin)", r"impersonat", r"钓鱼", r"诈骗", r"骗子", r"피싱",
    r"사기", r"フィッシング", r"詐欺", r"фишинг(?<!антифишинг)", r"мошенн", r"\bfake\b",
    r"clicked (?:on )?(?:a|an|the|some) (?:\w+ )?link",
    r"(?:entered|typed|gave|put in) my (?:login|password|credentials|seed|2fa|code)",
    r"(?:ask|asking|asked) (?:me )?for (?:my )?(?:seed|private key|password|2fa|recovery)", r"冒充",
    r"假(?:客服|网站|官网|的客服)", r"사칭", r"偽(?:の|サイト|サポート)", r"なりすまし",
    r"поддельн", r"фейков", r"falso|falsa", r"faux (?:site|mail|e-mail|sms|support|compte|admin)",
    r"giả (?:mạo|admin|danh)", r"mạo danh", r"sahte", r"palsu", r"gefälscht", r"estafa", r"arnaque",
    r"lừa đảo", r"dolandırıc", r"golpe", r"penipuan", r"betrug", r"احتيال", r"نصب",
    # A suspicious message or link reported.
    r"suspicious (?:link|sms|text|email|message)", r"(?:sms|text|email|message) with a link",
    r"sms (?:bizarre|suspect)", r"lien (?:bizarre|suspect)", r"avec un lien",
    r"(?:sms|mensaje|correo) (?:raro|sospechoso)", r"con un (?:link|enlace)",
    r"(?:sms|mensagem|e-mail) (?:estranh|suspeit)", r"com um link", r"mit (?:einem )?link",
    r"verdächtig", r"со ссылк", r"подозрительн", r"şüpheli (?:link|sms|mesaj|e-posta)",
    r"linkli (?:sms|mesaj)", r"(?:sms|link|pesan) (?:aneh|mencurigakan)",
    r"(?:tin nhắn|link|email) (?:lạ|đáng ngờ)", r"可疑(?:链接|短信|邮件)", r"带链接的短信",
    r"(?:이상한|수상한) (?:문자|링크|메일)", r"(?:怪しい|不審な)(?:sms|メール|リンク)",
    r"(?:رسالة|رابط) (?:مشبوه|غريب)",
    # Someone posing as staff.
    r"claim\w* to be (?:from )?(?:\w+ )?(?:support|staff|admin|team)",
    r"pretend\w* to be (?:from )?(?:\w+ )?(?:support|staff|admin|team)",
    r"自称(?:是)?(?:客服|官方)", r"名乗る", r"名乗って", r"を装った",
    r"представил\w* (?:сотрудник|поддержк)", r"haci[ée]ndose pasar", r"se hac[ií]a pasar",
    r"se fai(?:san)?t passer", r"olarak tanıt(?:tı|an|ıyor)", r"se pass(?:ando|ou) por",
    r"mengaku (?:sebagai |dari )?(?:cs|admin|support|tim)", r"gab sich als", r"gibt sich als",
    r"ينتحل", r"انتحال",
)  # fmt: skip
# A seed phrase or key named in the message: only then is SEED_HANDED worth a search.
SECRET_WORD = _any(
    r"seed", r"phrase", r"frase", r"semilla", r"助记词", r"私钥", r"시드", r"シード", r"秘密鍵",
    r"сид", r"фраз", r"секретн", r"приватн", r"cụm từ", r"khóa riêng", r"kunci pribadi",
    r"clé privée", r"mots", r"private key", r"recovery", r"wiederherstellungs", r"العبارة",
    r"الكلمات", r"المفتاح", r"chave privada",
)  # fmt: skip
# The seed phrase or keys asked for or handed over: a scam in progress.
SEED_HANDED = _any(
    r"(?:gave|told|sent|shared) (?:\w+ ){0,2}?my (?:seed|recovery phrase|private key)",
    r"(?:want|wants|wanted|asks|asked|asking) (?:\w+ )?(?:my|the|your) (?:seed|recovery phrase|pri"
    r"vate key)", r"(?:索要|要我的?)(?:助记词|私钥)",
    r"(?:告诉|发给|给)了?(?:对方|他|她|他们)?(?:我的)?(?:助记词|私钥)",
    r"시드(?: ?구문| ?문구)?(?:를|을)? ?(?:알려|보내|입력)",
    r"시드(?: ?구문| ?문구)?(?:를|을)? (?:요구|달라)",
    r"(?:シード(?:フレーズ)?|秘密鍵)(?:を)?(?:教え|伝え|入力し)", r"(?:попрос\w*|просят|просил\w*|"
    r"требуют|требовали|запросил\w*) (?:\w+ )?(?:сид|seed|секретн|фраз|приватн)",
    r"(?:отправил|сообщил|ввел|ввёл|продиктовал) (?:\w+ )?(?:сид|seed|секретн|фраз)",
    r"(?:piden|pidieron|pide|pidió) (?:mi |la |tu |su )?(?:frase|semilla|seed|clave privada)",
    r"(?:le |les )?(?:di|pasé|envié) (?:mi |la )?(?:frase|semilla|seed)",
    r"(?:demand|réclam)\w* (?:ma |la |votre |vos )?(?:phrase|seed|clé privée|mots)",
    r"(?:donné|envoyé|communiqué) (?:ma |la |mes )?(?:phrase|seed|clé privée|mots)",
    r"(?:đòi|xin|yêu cầu) (?:\w+ )?(?:cụm từ|seed|khóa riêng|private key)",
    r"(?:đưa|gửi|cho) (?:\w+ )?(?:cụm từ|seed|khóa riêng)",
    r"seed\w* (?:istedi|istiyor|girerek|girdim|verdim|paylaştım)",
    r"(?:pediu|pedem|pediram|pedindo) (?:a |minha |sua )?(?:frase|seed|chave privada)",
    r"(?:passei|enviei|dei) (?:a |minha )?(?:frase|seed|chave privada)",
    r"(?:minta|meminta|nanya) (?:\w+ )?(?:seed|frasa|kunci pribadi|private key)",
    r"(?:kasih|kirim|berikan|kasi) (?:\w+ )?(?:seed|frasa)", r"(?:wollen|wollten|verlangen|verlang"
    r"t|fragen nach) (?:\w+ )?(?:seed|private key|wiederherstellungs)",
    r"(?:يطلب|طلب|يطلبون|طلبوا) (?:مني )?(?:العبارة|الكلمات|كلمات الاسترداد|seed|المفتاح الخاص)",
)  # fmt: skip
MONEY_MISSING = _any(
    r"not (?:yet )?(?:been )?(?:received|credited|arrived|showing|reflected)", r"\bmissing\b",
    r"\bstuck\b", r"\bpending\b", r"under review", r"in review", r"审核", r"審査中", r"검토 ?중",
    r"на проверке", r"en revisi[óo]n", r"en cours de (?:vérification|traitement)", r"in Prüfung",
    r"onay bekliyor", r"قيد المراجعة",
    r"still\W+(?:\w+\W+)?(?:processing|pending|under review|0\b)",
    r"not in my (?:account|balance|wallet)", r"(?:isn't|is not|not) showing",
    r"balance (?:is )?still", r"审核中", r"没(?:有)?显示", r"반영(?:이)? ?안",
    r"아직(?:도)? (?:처리|안)", r"反映されて(?:いません|ない)", r"まだ反映", r"висит",
    r"не отобража", r"pendiente", r"no (?:me )?aparece", r"no se ha acreditado",
    r"(?:pas|non) crédit", r"en attente", r"n['’]apparaît pas", r"chưa (?:thấy|vào|nhận)",
    r"yansımadı", r"geçmedi", r"bekliyor", r"não aparece", r"em análise", r"belum (?:muncul|cair)",
    r"noch nicht (?:da|sichtbar)", r"لا يظهر", r"处理中", r"處理中", r"처리\s?중", r"処理中",
    r"出金できない", r"в обработке", r"en proceso", r"en cours de traitement", r"đang xử lý",
    r"işlemde", r"beklemede", r"em processamento", r"pendente", r"diproses", r"tertunda",
    r"in Bearbeitung", r"ausstehend", r"قيد المعالجة", r"معلق",
    r"still (?:not|pending|processing|hasn't|haven't)",
    r"(?:has|have)n't (?:arrived|been credited|received)", r"never (?:arrived|received|came)",
    r"没到账", r"未到账", r"沒到帳", r"未到帳", r"卡住", r"一直(?:在)?(?:处理|審核|审核|pending)",
    r"입금(?:이)? ?안", r"미입금", r"출금(?:이)? ?안", r"안 들어", r"着金しない", r"反映されない",
    r"届かない", r"届いていない", r"не приш[лё]", r"не зачисл", r"завис", r"не поступ",
    r"no (?:me )?(?:ha )?lleg", r"no se acredit", r"pas (?:encore )?re[çc]u", r"n'est pas arriv",
    r"bloqu[ée]", r"chưa (?:nhận|về|được cộng)", r"bị treo", r"gelmedi", r"yatmadı", r"takıldı",
    r"não (?:caiu|chegou|foi creditad)", r"preso", r"belum (?:masuk|diterima|sampai)", r"tertahan",
    r"nicht (?:angekommen|gutgeschrieben|erhalten)", r"hängt", r"لم يصل", r"لم تصل", r"عالق",
    # Money frozen or halted: "retiro congelado", "出金止まって", "retrait gelé".
    r"sigue sin (?:acreditar|llegar|aparecer|reflejar)",
    r"ainda não (?:caiu|chegou|apareceu|entrou)",
    r"todavía no (?:me |se )?(?:ha |han )?(?:lleg|acredit|aparec|refleja)",
    r"aún no (?:me |se )?(?:ha |han )?(?:lleg|acredit|aparec|refleja)",
    r"blm (?:masuk|muncul|cair|sampai|diterima)", r"sin (?:aparecer|acreditar|llegar|reflejar)",
    r"sem (?:aparecer|cair|chegar|creditar)", r"音沙汰(?:なし|がない|がありません)",
    r"还没(?:有)?(?:到|收到|显示|入账)", r"toujours pas (?:reçu|arrivé|crédité|apparu)",
    r"immer noch nicht (?:da|angekommen|gutgeschrieben|sichtbar)",
    r"ما (?:وصل|وصلت|وصلني|نزل|نزلت|انضاف)",
    r"withdrawals? (?:\w+ ){0,2}?(?:frozen|halted|stopped|paused)",
    r"deposits? (?:\w+ ){0,2}?(?:frozen|halted|stopped|paused)", r"funds (?:\w+ ){0,2}?frozen",
    r"retiros? (?:\w+ )?congelad", r"saques? (?:\w+ )?congelad", r"dep[óo]sitos? (?:\w+ )?congelad",
    r"fondos (?:\w+ )?congelad", r"dinheiro (?:\w+ )?congelad", r"retraits? (?:\w+ )?gel[ée]",
    r"fonds (?:\w+ )?gel[ée]", r"出金(?:が)?止ま", r"入金(?:が)?止ま",
    r"提(?:币|现)(?:被)?(?:暂停|冻结|停了)", r"вывод\w* (?:\w+ )?заморож",
    r"средства (?:\w+ )?заморож", r"auszahlung\w* (?:\w+ ){0,2}?eingefroren",
    r"guthaben (?:\w+ ){0,2}?eingefroren", r"çekim\w* (?:\w+ )?donduruldu",
    r"bakiye\w* (?:\w+ )?donduruldu", r"lệnh rút (?:\w+ )?bị (?:đóng băng|treo)",
    r"rút tiền (?:\w+ )?bị (?:đóng băng|treo)", r"penarikan (?:\w+ )?dibekukan",
    r"dana (?:\w+ )?dibekukan", r"سحب\S* (?:\S+ )?(?:مجمد|متوقف|واقف)",
    r"رصيد\S* (?:\S+ )?(?:مجمد|متوقف)",
)  # fmt: skip
# The customer waiting, said alone: weaker than MONEY_MISSING, since the community can be
# "waiting" for a listing too.
WAITING = _any(
    r"\bwaiting\b", r"\besperando\b", r"\bwarte(?:t|n)?\b", r"aguardando", r"menunggu", r"\bchờ\b",
    r"\bжду\b", r"等了",
)  # fmt: skip
# A day named: "yesterday", "on Monday". Said with money reported missing, it is a long
# wait; alone it only dates what the customer did ("yesterday I sent XRP without the tag").
_DAYS = (
    r"day before yesterday", r"前天", r"그저께", r"그제", r"一昨日", r"おととい", r"позавчера",
    r"anteayer", r"antier", r"avant-hier", r"hôm kia", r"önceki gün", r"anteontem", r"kemarin lusa",
    r"vorgestern", r"أول أمس", r"اول امس", r"yesterday", r"昨天", r"어제", r"昨日", r"вчера",
    r"ayer", r"hôm qua", r"ontem", r"kemarin",
    r"gestern", r"\bdün\b", r"hier (?:soir|matin)", r"d['’]hier", r"أمس", r"امبارح", r"البارحة",
    r"on (?:mon|tues|wednes|thurs|fri|satur|sun)day",
    r"last (?:mon|tues|wednes|thurs|fri|satur|sun)day",
    r"el (?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)",
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) dernier",
    r"na (?:segunda|terça|quarta|quinta|sexta)-feira", r"no (?:sábado|domingo) passado",
    r"am (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
    r"(?:pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar) günü",
    r"hari (?:senin|selasa|rabu|kamis|jumat|sabtu|minggu)", r"thứ (?:hai|ba|tư|năm|sáu|bảy) tuần",
    r"в (?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)",
    r"(?:周|星期|礼拜)[一二三四五六日天]", r"[월화수목금토일]요일에",
    r"[月火水木金土日]曜(?:日)?に",
    r"يوم (?:الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)",
)  # fmt: skip
DATED = _any(*_DAYS)
LONG_WAIT = _any(
    # "Since Monday", "since yesterday": first, so that "昨日から" is not read as bare "昨日".
    r"desde (?:el )?(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|ayer)",
    r"depuis (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)",
    r"desde (?:segunda|terça|quarta|quinta|sexta|sábado|domingo|ontem)",
    r"seit (?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
    r"(?:pazartesi|salı|çarşamba|perşembe|cuma|cumartesi|pazar)(?:dan|den|tan|ten)? beri",
    r"sejak (?:senin|selasa|rabu|kamis|jumat|sabtu|minggu|kemarin)",
    r"từ (?:thứ \w+|chủ nhật|hôm qua)",
    r"с (?:понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья)", r"со вчера",
    r"从(?:周|星期|礼拜)[一二三四五六日天]", r"从昨天", r"[월화수목금토일]요일부터", r"어제부터",
    r"[月火水木金土日]曜(?:日)?から", r"昨日から", r"(?:من|منذ) (?:يوم )?(?:امس|أمس|البارحة|الاثني"
    r"ن|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)",
    r"\b\d+\s*(?:hours?|hrs?|h|days?|d|weeks?)\b",
    r"(?:two|three|four|five|several|many|few) (?:hours|days|weeks)", r"\bday \d+\b",
    r"\d+(?:st|nd|rd|th) day", r"waiting (?:for )?(?:a|one|\d+) (?:day|week)",
    # Counted in words or ordinals: "五天", "третий день", "hari ketiga".
    r"[一二两三四五六七八九十几]+\s*(?:天|个?小时|个?星期|个?月)", r"第[二三四五六七八九十\d]+天",
    r"(?:second|third|fourth|fifth|sixth) day", r"(?:второй|третий|четв[её]ртый|пятый|шестой) день",
    r"(?:segundo|tercer|cuarto|quinto) día", r"(?:deuxième|troisième|quatrième|cinquième) jour",
    r"(?:segundo|terceiro|quarto|quinto) dia", r"(?:zweiten|dritten|vierten|fünften) tag",
    r"(?:ikinci|üçüncü|dördüncü|beşinci) gün", r"hari (?:ke-?\d+|kedua|ketiga|keempat|kelima)",
    r"ngày thứ (?:hai|ba|tư|năm|sáu)", r"اليوم (?:الثاني|الثالث|الرابع|الخامس)", r"[2-9]일째",
    r"(?:一|两|三|四|五|几|\d)\s*个?(?:星期|礼拜|周)", r"[이사나닷]흘", r"이틀", r"닷새",
    r"\d+\s*(?:tiếng|giờ)", r"seit \d+ Tagen", r"ساعتين", r"يومين", r"أسبوع",
    r"since (?:yesterday|last|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"\bdays\b", r"\bweeks?\b", r"일주일", r"주째", r"日(?:経|目|間)", r"週間", r"сутки",
    r"\bsemaines?\b", r"\bsemanas?\b", r"gündür", r"haftadır", r"\btuần\b", r"\bTagen?\b",
    r"\d(?<![a-z0-9]\d)\d*\s*(?:小时|个小时|天|日|時間|시간|일|주(?![소문식의]))", r"几天", r"好几",
    r"一天", r"两天", r"三天", r"昨天", r"며칠", r"어제", r"昨日",
    r"\d(?<![a-z0-9]\d)\d*\s*(?:час|дн|сут|нед)", r"вчера", r"\d(?<![a-z0-9]\d)\d*\s*(?:horas|días"
    r"|dias|semanas|heures|jours|ngày|giờ|gün|saat|hari|jam|Stunden|Tage|Wochen)", r"ayer",
    r"depuis hier", r"hôm qua", r"dünden beri", r"ontem", r"kemarin", r"seit gestern", r"ساعات",
    r"أيام", r"منذ (?:\d+ )?(?:أيام|يوم|يومين|أسبوع|ساعات)", r"\b(?:días|dias|semanas|jours|semain"
    r"es|ngày|tuần|gün|hafta|hari|minggu|Tage|Wochen|дня|дней|недел\w*|суток)\b",
    * _DAYS,
)  # fmt: skip
LOCKED_OUT = _any(
    r"locked", r"can(?:'t|not) (?:log ?in|login|access|sign ?in)",
    r"unable to (?:log ?in|login|access)", r"frozen", r"disabled",
    r"lost (?:my )?(?:2fa|authenticator|phone)", r"登录不了", r"无法登录", r"登不上", r"冻结",
    r"로그인(?:이)? ?안", r"로그인 불가", r"잠겼", r"동결", r"ログインでき", r"凍結", r"ロック",
    r"не могу (?:войти|зайти)", r"заблокир", r"no puedo (?:entrar|acceder|iniciar)", r"bloquead",
    r"impossible de (?:me connecter|accéder)", r"không (?:thể )?đăng nhập", r"bị khóa",
    r"giriş yapamıyorum", r"kilitlendi", r"não consigo (?:entrar|acessar)",
    r"tidak bisa (?:masuk|login)", r"terkunci", r"kann mich nicht anmelden", r"gesperrt",
    r"لا أستطيع الدخول", r"مقفل", r"مجمد",
)  # fmt: skip
OPEN_POSITIONS = _any(
    r"position", r"\b\d+x\b", r"\b(?:long|short)s? (?:open|running)", r"open (?:long|short)\b",
    r"futures", r"margin", r"liquidat", r"leverage", r"仓位", r"持仓", r"合约", r"爆仓", r"强平",
    r"포지션", r"선물", r"청산", r"ポジション", r"先物", r"ロスカット", r"позици", r"фьючерс",
    r"ликвидац", r"posici[óo]n", r"futuros", r"liquidaci", r"vị thế", r"thanh lý", r"pozisyon",
    r"vadeli", r"posição", r"posisi", r"likuidasi", r"Positionen", r"مركز", r"العقود الآجلة",
)  # fmt: skip
P2P_UNRELEASED = _any(
    r"(?:not|n't|never) (?:yet )?releas", r"(?:not|n't|never) (?:yet )?(?:sen[dt]|sending|given)",
    r"göndermiyor", r"vermiyor", r"göndermedi", r"vermedi", r"不给币", r"没收到币", r"안 ?보내",
    r"안 ?줘", r"送ってくれない", r"送られてこない", r"не отправля", r"не переводит",
    r"no (?:me )?(?:env[ií]a|manda)", r"n'envoie pas", r"không (?:gửi|chuyển)",
    r"não (?:envia|manda)", r"(?:belum|tidak) kirim", r"(?:schickt|sendet) nicht", r"لم يرسل",
    r"لا يرسل", r"refus\w* to release", r"未放币", r"不放币", r"没放币",
    r"渡して(?:くれ)?(?:ない|ません)", r"no (?:me )?suelta", r"(?:chưa|không) (?:release|nhả|thả)",
    r"not (?:yet )?releas", r"リリースして(?:くれ)?(?:ない|ません)", r"nicht frei\b",
    r"코인을? ?(?:안|않)", r"릴리스", r"リリースされ", r"解放されない", r"не отпуска",
    r"не выпуска", r"no (?:ha )?liber", r"ne lib[èe]re", r"pas lib[ée]r",
    r"không (?:nhả|giải phóng)", r"serbest bırak(?:m(?:ıyor(?!u)|adı(?!m))|ılmadı)", r"não liber",
    r"(?:belum|blm|ga|gak|nggak|ngga|tidak) (?:juga )?(?:di-?)?(?:release|rilis|lepas|melepas)",
    r"nicht freigegeben", r"لم يحرر", r"لم يفرج",
    r"(?:seller|merchant|buyer|he|she|they) (?:\w+ )?(?:vanished|disappeared|ghosted)",
    r"(?:not|stopped) (?:responding|answering|replying)", r"不回(?:消息|复)?",
    r"(?:卖家|商家|对方)(?:人)?(?:消失|跑)了", r"잠수", r"연락(?:이|도)? 안",
    r"返信(?:が)?(?:ない|ありません)", r"пропал", r"не отвечает",
    r"(?:vendedor|comprador) (?:\w+ )?desapareci", r"no responde", r"ne répond (?:plus|pas)",
    r"(?:vendeur|acheteur) a disparu", r"không trả lời",
    r"(?:người bán|người mua) (?:\w+ )?biến mất", r"cevap vermiyor", r"ortadan kayboldu",
    r"(?:vendedor|comprador) sumiu", r"não responde", r"(?:ga|gak|tidak) (?:bales|balas|respon)",
    r"(?:penjual|pembeli) (?:\w+ )?menghilang", r"antwortet nicht",
    r"(?:verkäufer|käufer) (?:ist )?(?:\w+ )?verschwunden", r"ما يرد", r"(?:البائع|المشتري) اختفى",
    r"ما حرر", r"ما فك", r"ما سلم", r"확인(?:을)? ?(?:안|않)", r"说没收到",
)  # fmt: skip
# The customer is the P2P seller holding the coins until paid ("I won't release until ..."):
# a payment dispute, not a counterparty refusing to release.
SELLER_HOLDS = _any(
    r"\b(?:i|we)\b[^.!?\n]{0,11}?(?:not|n't|n’t|never) (?:yet )?(?:releas|send)",
    r"bırakm(?:ıyorum|adım|ayacağım)", r"göndermiyorum", r"我(?:还)?(?:没|不)(?:放币|放行|释放)",
    r"제가 (?:아직 )?(?:안|못) (?:풀|보내)", r"(?:リリース|送金)(?:して|し)?(?:いません|しません)",
    r"я (?:ещё |еще )?не (?:отпускаю|отпущу|отправляю|отправлю)",
    r"no (?:voy a |he )?liber(?:o|ado|aré)\b", r"je (?:ne )?(?:libère|libérerai|vais) pas",
    r"je n['’]ai pas libéré", r"(?:tôi|mình|em) (?:chưa|không) (?:nhả|thả|release)",
    r"não (?:vou )?liber(?:ei|o|ar)\b",
    r"(?:saya|aku) (?:belum|tidak|ga|gak) (?:rilis|release|lepas)",
    r"ich (?:habe )?(?:noch )?nicht freigegeben", r"ich gebe (?:\w+ )?nicht frei", r"لن أحرر",
    r"ما (?:راح )?(?:احرر|أحرر)",
)  # fmt: skip
# The customer says they paid (the P2P order's money side is done).
PAID = _any(
    r"\bpaid\b", r"sent the (?:bank )?(?:transfer|payment|money)", r"bank transfer", r"transferred",
    r"took my (?:money|payment|transfer|bank transfer)", r"已付款", r"付款了", r"付了款", r"转账了",
    r"송금", r"입금했", r"돈 보냈", r"振り込", r"支払", r"оплатил", r"перев[её]л", r"pagu[ée]",
    r"pagado", r"pay[ée]", r"\bck\b", r"chuyển khoản", r"ödeme yaptım", r"ödedim", r"paguei",
    r"\bbayar\b", r"sudah transfer", r"bezahlt", r"überwiesen", r"دفعت", r"حولت", r"付款后",
    r"付完款", r"已经付", r"입금 ?완료", r"송금 ?완료", r"振込済", r"支払い済", r"دافع",
)  # fmt: skip
P2P = _any(
    r"p2p(?<![a-z0-9]p2p)(?![a-z0-9])", r"otc(?<![a-z0-9]otc)(?![a-z0-9])", r"seller", r"merchant",
    r"卖家", r"商家", r"판매자", r"販売者", r"продав", r"vendedor", r"vendeur", r"người bán",
    r"satıcı", r"penjual", r"verkäufer", r"البائع",
)  # fmt: skip
LOW = _any(
    r"^\W*(?:hi|hello|hey|good (?:morning|evening|afternoon)|thanks?(?: you)?|thx|ty|ok(?:ay)?|你"
    r"好|您好|谢谢|感謝|안녕하세요|감사합니다|こんにちは|ありがとう|привет|здравствуйте|спасибо|ho"
    r"la|gracias|bonjour|merci|xin chào|cảm ơn|merhaba|teşekkürler|olá|obrigad[oa]|halo|terima kas"
    r"ih|hallo|danke|مرحبا|شكرا)\W*$", r"\blist(?:ing)?\b.*\b(?:token|coin|project)",
    r"(?:token|coin|project)\b.*\blist(?:ing|ed)?\b", r"partnership", r"collaborat", r"feedback",
    r"suggestion", r"上币", r"上幣", r"合作", r"建议", r"상장", r"제휴", r"上場", r"提携",
    r"листинг", r"партнерств", r"listado", r"alianza", r"cotation", r"partenariat", r"niêm yết",
    r"hợp tác", r"listeleme", r"ortaklık", r"listagem", r"parceria", r"kemitraan", r"Listung",
    r"Partnerschaft", r"إدراج", r"شراكة", r"\blisting\b",
    # The problem is solved: "arrived, thanks", "received it, thank you".
    r"(?:arrived|received it|got it|came through|到账了|收到了|届きました|着金しました|들어왔|받았"
    r"어|пришл[иао]\b|получил|lleg[óo]|arriv[ée]|reçu|đã (?:nhận|về)|geldi|ulaştı|chegou|caiu|(?:s"
    r"udah|udah) (?:masuk|diterima)|ist (?:schon )?da|angekommen|وصل|وصلت|نزل)\W.{0,40}?(?:thank|t"
    r"hx|\bty\b|谢谢|感谢|ありがとう|감사|спасибо|gracias|merci|cảm ơn|teşekkür|sağol|obrigad|vale"
    r"u|makasih|terima kasih|danke|شكرا)", r"(?:thanks|thank you|谢谢|ありがとう|감사합니다|спасиб"
    r"о|gracias|merci|cảm ơn|teşekkürler|obrigad[oa]|makasih|danke|شكرا)\W.{0,30}?(?:arrived|recei"
    r"ved|got it|到账了|届きました|들어왔|пришли|lleg[óo]|arrivé|reçu|đã nhận|geldi|chegou|caiu|su"
    r"dah masuk|angekommen|وصل)",
    # Features asked for: "when will you add ...".
    r"when will you (?:add|support|list|launch|offer)", r"когда (?:добавите|подключите|появится)",
    r"什么时候(?:上|支持|出|开通|增加)", r"언제 (?:추가|지원|상장|나와|생기)",
    r"いつ(?:追加|対応|上場)",
    r"cu[áa]ndo (?:van a )?(?:agregar|añadir|a[ñn]aden|agregan|listar|habilitar)",
    r"quand (?:allez-vous )?(?:ajouter|ajoutez|proposer|proposez)",
    r"khi nào (?:sàn )?(?:thêm|hỗ trợ|list)", r"ne zaman (?:eklen|listelen)",
    r"quando (?:vão|vai|vocês vão) (?:adicionar|listar|ter|liberar)",
    r"kapan (?:nambah|tambah|listing|support|ada fitur)",
    r"wann (?:gibt es|unterstützt ihr|fügt ihr)", r"متى (?:بتضيفون|تضيفون|راح تضيفون|بتدعمون)",
    # A coin asked for by its cashtag: "wann kommt endlich $KAS?", "when will you add $PEPE".
    r"(?:add|adding|list|kommt|come|coming|support|launch|vient|llega|chega)\W+(?:\w+\W+)?\$[a-z]{"
    r"2,10}\b",
)  # fmt: skip
# A position closed by the exchange: money the customer says is lost.
LIQUIDATED = _any(
    r"(?:got|was|been|get|getting) liquidated", r"liquidated my", r"(?:强平|爆仓)了",
    r"被(?:强平|强制平仓|爆仓)", r"[单仓]爆了", r"被爆(?:仓|了)", r"청산 ?(?:됐|되었|당했|당함)",
    r"ロスカットされ", r"強制決済され", r"likit (?:oldu|edildi|oldum)", r"likide oldum",
    r"kena (?:likuidasi|liq)", r"terlikuidasi", r"cháy (?:tài khoản|tk|lệnh)", r"got liq(?:ui)?d\b",
    r"(?:強制)?清算され", r"ликвидировал[иа]", r"меня ликвидир", r"liquidaron", r"liquidad[oa]",
    r"liquid[ée]e?s?\b", r"bị thanh lý", r"likide (?:oldu|edildi)", r"dilikuidasi", r"liquidiert",
    r"تمت تصفية", r"تم تصفية",
)  # fmt: skip
# Words that report something broken or disputed: a question with them is not idle.
PROBLEM = _any(
    r"\berror\b", r"inv[áa]lid", r"incorrect", r"неверн", r"\bsai\b", r"hatalı", r"\bsalah\b",
    r"falsch", r"틀렸", r"違う", r"間違", r"خاطئ", r"\bfail", r"not working", r"doesn'?t work",
    r"rejected", r"\bwrong\b", r"can(?:'|no)?t\b", r"unable", r"got nothing", r"\blost\b",
    r"appeal", r"dispute", r"chang(?:ed|ing) (?:my )?phone", r"new phone", r"失败", r"错误",
    r"被拒", r"申诉", r"不了", r"没收到", r"丢了", r"换(?:了)?手机", r"没备份", r"실패", r"오류",
    r"거절", r"이의", r"안 ?돼", r"분실", r"바꿔서", r"失敗", r"エラー", r"否認", r"できません",
    r"届きません", r"機種変更", r"ошибк", r"не могу", r"отклон", r"апелляц", r"не работает",
    r"потерял", r"falla", r"rechaz", r"apelaci", r"no puedo", r"no funciona", r"perd[íi]",
    r"erreur", r"échou", r"refus", r"\bappel\b", r"impossible", r"ne fonctionne", r"perdu", r"lỗi",
    r"thất bại", r"từ chối", r"không được", r"khiếu nại", r"\bmất\b", r"\bhata", r"reddedildi",
    r"itiraz", r"yapamıyorum", r"çalışmıyor", r"kaybettim", r"değişti", r"\berro\b", r"falh",
    r"recusad", r"não consigo", r"não funciona", r"perdi", r"gagal", r"ditolak", r"banding",
    r"tidak bisa", r"hilang", r"Fehler", r"fehlgeschlagen", r"abgelehnt", r"funktioniert nicht",
    r"kann nicht", r"verloren", r"خطأ", r"فشل", r"رفض", r"لا أستطيع", r"لا يعمل", r"فقدت",
    # Cancelled or declined by the exchange, something forgotten, a broken phone, no access.
    r"cancel(?:l)?ed\b", r"declined", r"rejet", r"rejeitad", r"驳回", r"却下", r"반려", r"被取消",
    r"取消了", r"취소(?:됐|되었|됨|당했)", r"キャンセルされ", r"取り消され", r"отмен[её]н",
    r"отменили", r"cancelad", r"annul[ée]", r"bị h[ủu]y", r"iptal (?:edildi|oldu)", r"dibatalkan",
    r"storniert", r"abgebrochen", r"تم إلغاء", r"اتلغ", r"انلغ", r"forgot", r"忘(?:记|了)", r"깜빡",
    r"잊어", r"忘れ", r"забыл", r"olvid[ée]", r"oubli[ée]", r"\bquên\b", r"unuttum", r"esqueci",
    r"\blupa\b", r"vergessen", r"نسيت", r"\bbroken?\b", r"坏了", r"고장", r"壊れ", r"故障",
    r"сломал", r"разбил", r"se (?:me )?rompi[óo]", r"cass[ée]", r"bị hỏng", r"bozuldu",
    r"quebr(?:ou|ad)", r"\brusak\b", r"kaputt", r"خرب", r"انكسر", r"تعطل", r"erişemiyorum",
    r"안 ?되", r"できない", r"使えない", r"n['’]arrive pas", r"không thể", r"ga bisa", r"gak bisa",
    r"nggak bisa", r"ngga bisa", r"kein(?:en)? zugriff", r"ما (?:اقدر|أقدر|قادر)",
    r"مش (?:اقدر|أقدر|قادر)", r"选错", r"填错", r"转错", r"输错",
    # Codes or messages not coming; something done by mistake or missed.
    r"收不到", r"停用", r"(?:not|never) (?:getting|receiving)", r"no longer (?:get|receive)",
    r"ne reçois (?:pas|plus)", r"ne peux (?:\w+ )?(?:pas|plus)", r"no recibo", r"não recebo",
    r"não chega", r"bekomme (?:keine|keinen|nicht)", r"erhalte keine", r"gelmiyor", r"не приходит",
    r"не получаю", r"không nhận", r"\b(?:ko|k|hk|hông) (?:nhận|được|vào)\b",
    r"ما (?:يوصل|توصل|يجي|يجيني)", r"안 ?와", r"by mistake", r"mistakenly", r"不小心", r"실수",
    r"빼먹", r"間違えて", r"誤って", r"по ошибке", r"ошибочно", r"por error", r"me equivoqu",
    r"par erreur", r"\bnhầm\b", r"yanlışlıkla", r"por engano", r"salah kirim", r"keliru",
    r"versehentlich", r"aus versehen", r"بالغلط", r"عن طريق الخطأ",
    # A deposit sent without its memo or tag, or on the wrong network or address.
    r"without (?:a |the )?(?:memo|tag)", r"(?:메모|태그) ?없이", r"잘못",
    r"(?:メモ|タグ)(?:なし|を付け忘れ)", r"没填", r"忘填", r"без (?:мемо|тега|memo)",
    r"не (?:в )?т(?:у|ой) сет", r"sin (?:el )?(?:memo|tag)", r"equivocad",
    r"sans (?:le )?(?:mémo|memo|tag)", r"mauvais(?:e)? (?:réseau|adresse|chaîne)", r"yanlış",
    r"sem (?:o )?(?:memo|tag)", r"errad", r"tanpa (?:memo|tag)", r"ohne (?:memo|tag)",
    r"بدون (?:ميمو|تاق|memo|tag)", r"غلط", r"froze", r"plus accès", r"pas accès", r"en panne",
    r"no tengo acceso", r"sin acceso", r"se (?:me )?(?:dañó|descompuso)", r"sem acesso",
    r"não tenho (?:mais )?acesso", r"estragou", r"нет доступа", r"erişimim yok",
    r"(?:ga|gak|tidak) (?:ada|punya) akses", r"mất quyền truy cập", r"无法访问",
    r"アクセスでき(?:な|ま)", r"접근(?:이)? ?안", r"ما عندي وصول", r"لا يمكنني الوصول",
    r"다른 (?:네트워크|체인|주소)", r"(?:different|other|another) (?:network|chain)",
    r"no longer have", r"lost access", r"(?:don'?t|do not) have access", r"申し立て", r"異議",
    # The app crashing or freezing.
    r"\bcrash(?:es|ing)\b", r"app (?:\w+ )?crashed", r"freez", r"闪退", r"卡死", r"튕겨", r"꺼져",
    r"멈춰", r"落ちま", r"落ちる", r"固ま", r"вылета", r"se cierra", r"se traba", r"plante",
    r"se ferme", r"văng ra", r"bị đơ", r"çöküyor", r"kapanıyor", r"donuyor", r"fecha sozinho",
    r"trava", r"force close", r"\bhang\b", r"stürzt", r"disconnect", r"keeps dropping", r"断开",
    r"掉线", r"끊겨", r"끊어져", r"切断", r"切れ(?:ます|る)", r"обрыва", r"отключа",
    r"se desconecta", r"se déconnecte", r"bị ngắt", r"mất kết nối", r"kopuyor", r"bağlantı kesil",
    r"desconecta", r"terputus", r"bricht (?:\w+ ){0,4}?ab\b", r"getrennt", r"ينقطع", r"abstürz",
    r"hängt sich auf", r"يقفل", r"يعلق", r"يطلعني",
)  # fmt: skip
# Questions asking how something works, not reporting that it broke. Some are only
# questions at the start of a sentence, after @handles and a greeting ("@NovaX hey, what's
# the fee ...", "Hello,\n\nI'm level 2. What is the maximum ...").
_GREETING = (
    r"(?:(?:@\w+|hi|hello|hey|dear \w+|good (?:morning|afternoon|evening)|hola|buenos días|buenas t"
    r"ardes|buenas noches|bonsoir|bom dia|boa tarde|boa noite|guten tag|guten morgen|selamat (?:pag"
    r"i|siang|sore|malam)|iyi günler|добрый (?:день|вечер)|доброе утро|buenas|bonjour|salut|hallo|m"
    r"oin|olá|oi|halo|hai|min|kak|merhaba|selam|xin chào|chào \w+|привет|здравствуйте|مرحبا|السلام "
    r"عليكم)\W+){0,3}"
)
_QUESTION = (
    r"(?:how (?:do|can|to|long|much|many)|what(?:'s| is| are)(?! (?:going|happening|wrong|up\b|hold"
    r"ing|taking|the (?:problem|issue|hold|delay)))|is it possible|can (?:i|we)\b|where (?:can|do)|"
    r"do you (?:support|have|offer|charge|accept)|which|how much|are (?:there|your|the|maker|taker|"
    r"fees)|does (?:the|your|it|this)|do i (?:get|need|have to)|(?:is|are) (?:\w+ ){1,3}?(?:accepte"
    r"d|supported|allowed)|كم|كيف|هل|وش|ايش|إيش|شو|как|¿?c[óo]mo|¿?qué(?! pas| ocurr| suced| bonit|"
    r" lind| rápid| servicio| maravill| buen| desastr| vergüenz| genial)|¿?que (?:nivel|tipo|docume"
    r"ntos?|requisitos|red|redes|comisi\w*)|¿?cu[áa]l(?:es)?|¿?cu[áa]nt[oa]s?|se puede|aceptan|pued"
    r"o usar|comment|est-ce qu(?:e|['’])|combien|puis-je|peut-on|est-il possible|accept(?:ez|e)-vou"
    r"s|quel(?:le)?s?|como|qual|quais|é possível|vocês aceitam|aceitam|posso usar|wie|welche|wird|w"
    r"erden|gibt es|kann ich|ist es möglich|akzeptier(?:t ihr|en sie)|unterstützt ihr|muss ich|baga"
    r"imana|gimana|apakah|apa bisa|bisa pakai|cara)\b"
)
INFORMATION = _any(
    r"^\W*" + _GREETING + _QUESTION,
    r"[.!?\n。？！]\W*" + _GREETING + _QUESTION,
    r"如何", r"怎么(?!回事|办)", r"是什么", r"多少", r"어떻게", r"얼마", r"いくら", r"сколько",
    r"какая комисс", r"какие комисс", r"cu[áa]nto", r"cu[áa]l es", r"quel(?:le)?s? (?:sont|est)",
    r"quais (?:as|os|são)\b", r"bao nhiêu", r"ne kadar", r"qual (?:é|a)\b", r"quanto", r"berapa",
    r"ما هي", r"wie (?:hoch|viel)", r"welche", r"뭐(?:예요|에요)", r"どうやって", r"とは",
    r"что такое", r"\bqu[ée] es\b", r"làm (?:sao|thế nào)", r"nasıl", r"was ist", r"ما هو",
    # Yes/no questions about what is possible or accepted, in each language's own form.
    r"可以(?!帮)[^，。？?！!\n]{0,12}[吗嗎]", r"(?:支持|接受)[^，。？?！!\n]{0,10}[吗嗎]", r"能否",
    r"请问", r"가능(?:한가요|할까요|합니까|하나요|해요)", r"되나요", r"될까요", r"있나요",
    r"(?:可能|使え(?:ます)?|利用でき(?:ます)?|対応して(?:います|ます)?|受け付けて(?:います)?)(?:か"
    r"|でしょうか)", r"ありますか", r"можно ли", r"есть ли", r"принима\w* ли", r"подойд[её]т ли",
    r"подходит ли", r"\bm[ıiuü](?:yım|yim|yum|yüm|sunuz|sınız|siniz|dır|dir)?\b\W*$",
    r"được không\W*$", r"có (?:hỗ trợ|chấp nhận|nhận|cho phép)\b", r"cho (?:mình|em|tôi|tớ) hỏi",
    r"\bis (?:it|that|this) true\b",
    # "Just asking", "I'd like to know", "quick question" in each language.
    r"just (?:asking|wondering)", r"ne sıklıkla", r"kaç (?:saatte|günde|kez)", r"\bhangi\b",
    r"(?:would|'d) like to know", r"wanted to know", r"quick question", r"想(?:问一下|了解|知道)",
    r"问一下", r"有没有", r"궁금(?:해서|합니다|해요)", r"알고 싶", r"知りたい",
    r"質問(?:です|があります)", r"просто спрашиваю", r"хотел(?:а)? (?:бы )?узнать", r"хочу узнать",
    r"solo pregunto", r"una pregunta", r"quisiera saber", r"quería saber", r"me gustaría saber",
    r"juste une question", r"j['’]aimerais savoir", r"je voudrais savoir", r"je me demandais",
    r"muốn (?:hỏi|biết)", r"sadece soruyorum", r"bir sorum var", r"öğrenmek istiyorum",
    r"só uma dúvida", r"gostaria de saber", r"queria saber",
    r"(?:mau|mo|ingin|pengen) (?:tanya|tahu|nanya)", r"kurze frage", r"nur eine frage",
    r"(?:möchte|würde gern|wüsste gern) (?:\w+ )?wissen", r"أود (?:أن )?أعرف",
    r"(?:ابغى|أبغى|حاب) (?:اعرف|أعرف|أسأل|اسأل)", r"استفسار", r"どこ(?:に|で|から)",
    r"как(?:ой|ая|ое|ие) (?:\w+ )?(?:минимальн|максимальн|лимит|комисс|сет|документ)",
    # "Does anyone know ...", "can someone tell me ...".
    r"(?:can|could) (?:someone|anyone|you) (?:tell|explain|show) me",
    r"(?:does )?any(?:one|body) know", r"有人知道", r"알려주세요", r"誰か知って",
    r"кто-нибудь знает", r"alguien sabe", r"quelqu['’]un sait", r"có ai biết", r"biri biliyor mu",
    r"alguém sabe", r"ada (?:yang|yg) (?:tahu|tau)", r"weiß jemand", r"jemand weiß", r"أحد يعرف",
    r"حد يعرف", r"\btrue\?", r"打几折", r"كيفية", r"mấy \w+ một lần", r"bao lâu",
    r"どうすれば(?:いい|よい)", r"\bwhat (?:\w+ ){1,2}?(?:do|does|can|should) (?:i|you|we)\b",
    r"几(?:个|点|次|级)", r"\b(?:is|are) (?:\w+ ){1,4}?(?:ok|okay|fine|valid|enough|acceptable)\b",
    # Where to find or set something.
    r"在哪(?:里|儿)?(?:设置|查看|申请|下载|找|开通|修改)",
    r"어디서 (?:해요|하나요|설정|확인|봐요|볼 수|신청)", r"어디에서 (?:설정|확인|신청)",
    r"どこで(?:確認|設定|申請|見|でき|変更)", r"где (?:можно|найти|посмотреть|настроить)",
    r"d[óo]nde (?:puedo|se (?:puede|configura|ve))", r"où (?:puis-je|peut-on|trouver)",
    r"(?:xem|cài đặt|tìm|đăng ký) ở đâu", r"nereden (?:\w+ )?(?:yapabilirim|bakabilirim|ayarla)",
    r"onde (?:posso|consigo|vejo|fica)", r"di ?mana (?:bisa|cara|lihat|atur)",
    r"wo (?:kann|finde|stelle)", r"وين (?:ألقى|القى|أحصل|أغير|اغير)", r"أين (?:أجد|يمكن)",
)  # fmt: skip
SHOUTING = _any(r"urgent", r"asap", r"emergency", r"!!!", r"紧急", r"급해", r"至急", r"срочно",
                r"urgente", r"acil", r"dringend", r"عاجل")  # fmt: skip
