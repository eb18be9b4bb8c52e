"""Multilingual wording that urgency is judged on (en zh ko ja ru es fr vi tr pt id de ar).

The security wording (accounts compromised, funds taken, phishing) is written here; the
wording of requests (money missing, waits, access, positions, P2P, idle questions) is in
``signals_requests`` and re-exported, so ``urgency`` reads every signal from this module.
"""

from __future__ import annotations

from router.classify.signal_patterns import any_of, fold_case
from router.classify.signals_requests import (
    DATED,
    INFORMATION,
    LIQUIDATED,
    LOCKED_OUT,
    LONG_WAIT,
    LOW,
    MONEY_MISSING,
    OPEN_POSITIONS,
    P2P,
    P2P_UNRELEASED,
    PAID,
    PROBLEM,
    SELLER_HOLDS,
    SHOUTING,
    WAITING,
)

__all__ = [
    "ACTIVITY",
    "COMPROMISED",
    "DATED",
    "DENIAL",
    "DEVICE_THEFT",
    "INFORMATION",
    "LIQUIDATED",
    "LOCKED_OUT",
    "LONG_WAIT",
    "LOW",
    "MONEY_MISSING",
    "NEGATION_AFTER",
    "NEGATION_BEFORE",
    "NOW",
    "OPEN_POSITIONS",
    "P2P",
    "P2P_UNRELEASED",
    "PAID",
    "PHISHING",
    "PROBLEM",
    "SECRET_WORD",
    "SEED_HANDED",
    "SELLER_HOLDS",
    "SHOUTING",
    "SOMEONE",
    "UNRECOGNISED",
    "WAITING",
    "fold_case",
]

# Funds being taken or the account in someone else's hands.
COMPROMISED = any_of(
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
DEVICE_THEFT = any_of(
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
DENIAL = any_of(
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
SOMEONE = any_of(
    r"\bsomeone\b", r"\bsomebody\b", r"有人", r"誰か", r"누군가", r"кто-то", r"alguien",
    r"quelqu['’]un", r"\bqqn\b", r"\bai (?:đó|đang)", r"có người", r"birisi", r"\bbiri\b",
    r"algu[ée]m", r"ada (?:yang|yg|orang)", r"orang lain", r"\bjemand\b", r"شخص", r"أحدهم",
)  # fmt: skip
ACTIVITY = any_of(
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
UNRECOGNISED = any_of(
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
NOW = any_of(
    r"right now", r"at the moment", r"as we speak", r"刚刚", r"刚才", r"正在", r"방금", r"지금",
    r"今まさに", r"たった今", r"прямо сейчас", r"только что", r"ahora mismo", r"en ce moment",
    r"vient de", r"ngay lúc này", r"\bvừa\b", r"có người đang", r"şu anda", r"\bagora\b",
    r"sekarang", r"\bskrg\b", r"barusan", r"\bgerade\b", r"الآن", r"الحين", r"今見たら",
)  # fmt: skip
NEGATION_BEFORE = any_of(
    r"\bnot\b", r"n't\b", r"\bno\b", r"\bnever\b", r"不是", r"没有", r"没", r"並非", r"并非",
    r"\bне\b", r"\bнет\b", r"\bpas\b", r"\bnon\b", r"\bkhông\b", r"\bchưa\b", r"değil", r"\bnão\b",
    r"\btidak\b", r"\bbukan\b", r"\bnicht\b", r"\bkein", r"ليس", r"لم", r"\bلا\b", r"\bما\b",
    r"\bمو\b", r"\bمش\b",
)  # fmt: skip
# (the last two: Turkish negates inside the verb, hacklen-medim "I was not hacked")
NEGATION_AFTER = any_of(
    r"아니", r"않", r"ではない", r"じゃない", r"ではありません", r"ではなく", r"じゃなく", r"değil",
    r"^m[ae]d[ıiuü]", r"^m[ae]m[ıiuü]ş", r"被害(?:は|も)(?:ありません|ない|なし)",
    # "позиций нет", "pozisyonum yok": none of them.
    r"^\w*\s+нет\b(?!\s+\w)", r"^\w*\s+yok\b(?!\s+\w)",
    # "hacked?? no lol, I just ...": the question answered with no.
    r"^\W*(?:no|nope|nah|non|não|nein|нет)\W*(?:lol|haha|jaja|kkk|[,.;]|$)",
)  # fmt: skip
PHISHING = any_of(
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
SECRET_WORD = any_of(
    r"seed", r"phrase", r"frase", r"semilla", r"助记词", r"私钥", r"시드", r"シード", r"秘密鍵",
    r"сид", r"фраз", r"секретн", r"приватн", r"cụm từ", r"khóa riêng", r"kunci pribadi",
    r"clé privée", r"mots", r"private key", r"recovery", r"wiederherstellungs", r"العبارة",
    r"الكلمات", r"المفتاح", r"chave privada",
)  # fmt: skip
# The seed phrase or keys asked for or handed over: a scam in progress.
SEED_HANDED = any_of(
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
