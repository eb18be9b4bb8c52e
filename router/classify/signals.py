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
    """One pattern for case-folded text (see ``fold_case``); written in lower case."""
    joined = "|".join(patterns)
    literal = re.sub(r"\\.", "", joined)
    if literal != literal.lower():
        raise ValueError(
            f"signal patterns are matched on folded text, write them lower-case: {joined}"
        )
    return re.compile(joined.replace("\u0131", "i"))


# Funds being taken or the account in someone else's hands.
COMPROMISED = _any(
    r"hack(?:ed|er|ers|ing)?\b", r"\bstolen\b", r"\bstole\b", r"\bdrain(?:ed|ing)\b",
    r"unauthori[sz]ed", r"compromised", r"sim[\s-]?swap",
    r"someone\b(?:\s+\w+){0,3}?\s+(?:logged|logging|withdr\w+|accessed|took|stole|"
    r"placed trades|changed my|transferr\w+|sent my|drain\w*)",
    r"(?:i|we) did(?:n't| not) (?:make|do|authori[sz]e|place|request)",
    r"not me\b", r"被盗", r"被黑", r"盗号", r"黑客", r"未经授权", r"未經授權",
    r"不是我(?:本人)?操作", r"해킹", r"도난", r"무단", r"털렸", r"乗っ取", r"ハッキング",
    r"不正(?:出金|ログイン|アクセス|送金)",
    r"盗まれ", r"взлом", r"украл", r"несанкционирован", r"не я (?:вывод|вывел|делал)",
    r"hacke(?:ado|ada|aron|o)", r"\brobar(?:on)?\b", r"me robaron", r"no autoric", r"no autorizad",
    r"pirat[ée]", r"vol[ée]s?\b", r"non autoris", r"bị hack", r"bị đánh cắp", r"bị trộm",
    r"không phải tôi", r"hacklen", r"çalındı", r"izinsiz", r"hackead[oa]", r"roubad[oa]",
    r"roubaram", r"não autoriz", r"diretas", r"dibobol", r"dicuri", r"tidak sah", r"gehackt",
    r"gestohlen", r"unbefugt", r"nicht autorisiert", r"اختراق", r"مخترق", r"سرق", r"غير مصرح",
)  # fmt: skip
# Negation before the signal (most languages) and after it (Korean, Japanese, Turkish).
NEGATION_BEFORE = _any(
    r"\bnot\b", r"n't\b", r"\bno\b", r"\bnever\b", r"不是", r"没有", r"没", r"並非", r"并非",
    r"\bне\b", r"\bнет\b",
    r"\bpas\b", r"\bnon\b", r"\bkhông\b", r"\bchưa\b", r"değil", r"\bnão\b", r"\btidak\b",
    r"\bbukan\b", r"\bnicht\b", r"\bkein", r"ليس", r"لم", r"\bلا\b",
)  # fmt: skip
NEGATION_AFTER = _any(r"아니", r"않", r"ではない", r"じゃない", r"ではありません", r"değil")
PHISHING = _any(
    r"phishing", r"scam", r"fake (?:site|website|support|app|admin)", r"impersonat",
    r"钓鱼", r"诈骗", r"骗子", r"피싱", r"사기", r"フィッシング", r"詐欺", r"фишинг", r"мошенн",
    r"estafa", r"arnaque", r"lừa đảo", r"dolandırıc", r"golpe", r"penipuan", r"betrug",
    r"احتيال", r"نصب",
)  # fmt: skip
MONEY_MISSING = _any(
    r"not (?:yet )?(?:been )?(?:received|credited|arrived|showing|reflected)", r"\bmissing\b",
    r"\bstuck\b", r"\bpending\b", r"处理中", r"處理中", r"처리\s?중", r"処理中", r"出金できない",
    r"в обработке", r"en proceso", r"en cours de traitement", r"đang xử lý", r"işlemde",
    r"beklemede", r"em processamento", r"pendente", r"diproses", r"tertunda",
    r"in bearbeitung", r"ausstehend", r"قيد المعالجة", r"معلق",
    r"still (?:not|pending|processing|hasn't|haven't)", r"(?:has|have)n't (?:arrived|"
    r"been credited|received)", r"never (?:arrived|received|came)", r"没到账", r"未到账", r"沒到帳",
    r"未到帳", r"卡住", r"一直(?:在)?(?:处理|審核|审核|pending)", r"입금(?:이)? ?안", r"미입금",
    r"출금(?:이)? ?안", r"안 들어", r"着金しない", r"反映されない", r"届かない", r"届いていない",
    r"не приш[лё]", r"не зачисл", r"завис", r"не поступ", r"no (?:me )?(?:ha )?lleg",
    r"no se acredit",
    r"pas (?:encore )?re[çc]u", r"n'est pas arriv", r"bloqu[ée]", r"chưa (?:nhận|về|được cộng)",
    r"bị treo", r"gelmedi", r"yatmadı", r"takıldı", r"não (?:caiu|chegou|foi creditad)",
    r"preso", r"belum (?:masuk|diterima|sampai)", r"tertahan", r"nicht (?:angekommen|"
    r"gutgeschrieben|erhalten)", r"hängt", r"لم يصل", r"لم تصل", r"عالق",
)  # fmt: skip
LONG_WAIT = _any(
    r"\b\d+\s*(?:hours?|hrs?|h|days?|d|weeks?)\b", r"(?:two|three|four|five|several|many|few) "
    r"(?:hours|days|weeks)", r"since (?:yesterday|last)", r"\bdays\b", r"\bweek\b",
    r"\d+\s*(?:小时|个小时|天|日|時間|시간|일|주)", r"几天", r"好几", r"一天", r"两天", r"三天",
    r"昨天", r"며칠", r"어제", r"昨日", r"\d+\s*(?:час|дн|сут|нед)", r"вчера",
    r"\d+\s*(?:horas|días|dias|semanas|heures|jours|ngày|giờ|gün|saat|hari|jam|stunden|tage|"
    r"wochen)", r"ayer",
    r"depuis hier", r"hôm qua", r"dünden beri", r"ontem", r"kemarin", r"seit gestern",
    r"ساعات", r"أيام", r"منذ", r"\b(?:días|dias|semanas|jours|semaines|ngày|tuần|gün|hafta|"
    r"hari|minggu|tage|wochen|дня|дней|недел\w*|суток)\b",
)  # fmt: skip
LOCKED_OUT = _any(
    r"locked", r"can(?:'t|not) (?:log ?in|login|access|sign ?in)", r"unable to (?:log ?in|login|"
    r"access)", r"frozen", r"disabled", r"lost (?:my )?(?:2fa|authenticator|phone)",
    r"登录不了", r"无法登录", r"登不上", r"冻结", r"로그인(?:이)? ?안", r"로그인 불가", r"잠겼",
    r"동결", r"ログインでき", r"凍結", r"ロック", r"не могу (?:войти|зайти)", r"заблокир",
    r"no puedo (?:entrar|acceder|iniciar)", r"bloquead", r"impossible de (?:me connecter|"
    r"accéder)", r"không (?:thể )?đăng nhập", r"bị khóa", r"giriş yapamıyorum", r"kilitlendi",
    r"não consigo (?:entrar|acessar)", r"tidak bisa (?:masuk|login)", r"terkunci",
    r"kann mich nicht anmelden", r"gesperrt", r"لا أستطيع الدخول", r"مقفل", r"مجمد",
)  # fmt: skip
OPEN_POSITIONS = _any(
    r"position", r"futures", r"margin", r"liquidat", r"leverage", r"仓位", r"持仓", r"合约",
    r"爆仓", r"强平", r"포지션", r"선물", r"청산", r"ポジション", r"先物", r"ロスカット", r"позици",
    r"фьючерс", r"ликвидац", r"posici[óo]n", r"futuros", r"liquidaci", r"vị thế", r"thanh lý",
    r"pozisyon", r"vadeli", r"posição", r"posisi", r"likuidasi", r"positionen", r"مركز",
    r"العقود الآجلة",
)  # fmt: skip
P2P_UNRELEASED = _any(
    r"(?:not|n't|never) (?:yet )?releas", r"(?:not|n't|never) (?:yet )?(?:sen[dt]|sending|given)",
    r"göndermiyor", r"vermiyor", r"不给币", r"没收到币", r"안 ?보내", r"안 ?줘", r"送ってくれない",
    r"送られてこない", r"не отправля", r"не переводит", r"no (?:me )?(?:env[ií]a|manda)",
    r"n'envoie pas", r"không (?:gửi|chuyển)", r"não (?:envia|manda)", r"(?:belum|tidak) kirim",
    r"(?:schickt|sendet) nicht", r"لم يرسل", r"لا يرسل", r"refus\w* to release", r"未放币",
    r"不放币", r"没放币",
    r"코인을? ?(?:안|않)", r"릴리스", r"リリースされ", r"解放されない", r"не отпуска",
    r"не выпуска",
    r"no (?:ha )?liber", r"ne lib[èe]re", r"pas lib[ée]r", r"không (?:nhả|giải phóng)",
    r"serbest bırak", r"não liber", r"belum (?:melepas|rilis|release)", r"nicht freigegeben",
    r"لم يحرر", r"لم يفرج",
)  # fmt: skip
P2P = _any(
    r"\bp2p\b", r"\botc\b", r"seller", r"merchant", r"卖家", r"商家", r"판매자", r"販売者",
    r"продав", r"vendedor", r"vendeur", r"người bán", r"satıcı", r"penjual", r"verkäufer",
    r"البائع",
)  # fmt: skip
LOW = _any(
    r"^\W*(?:hi|hello|hey|good (?:morning|evening|afternoon)|thanks?(?: you)?|thx|ty|ok(?:ay)?|"
    r"你好|您好|谢谢|感謝|안녕하세요|감사합니다|こんにちは|ありがとう|привет|здравствуйте|спасибо|"
    r"hola|gracias|bonjour|merci|xin chào|cảm ơn|merhaba|teşekkürler|olá|obrigad[oa]|halo|"
    r"terima kasih|hallo|danke|مرحبا|شكرا)\W*$",
    r"\blist(?:ing)?\b.*\b(?:token|coin|project)", r"(?:token|coin|project)\b.*\blist(?:ing|ed)?\b",
    r"partnership", r"collaborat", r"feedback", r"suggestion", r"上币", r"上幣", r"合作", r"建议",
    r"상장", r"제휴", r"上場", r"提携", r"листинг", r"партнерств", r"listado", r"alianza",
    r"cotation", r"partenariat", r"niêm yết", r"hợp tác", r"listeleme", r"ortaklık",
    r"listagem", r"parceria", r"kemitraan", r"listung", r"partnerschaft", r"إدراج", r"شراكة",
)  # fmt: skip
# Questions asking how something works, not reporting that it broke.
INFORMATION = _any(
    r"^\W*(?:how (?:do|can|to|long|much)|what (?:is|are)|is it possible|can i|where (?:can|do)|"
    r"do you (?:support|have|offer)|which)\b", r"如何", r"怎么(?!回事)", r"是什么", r"어떻게",
    r"뭐(?:예요|에요)", r"どうやって", r"とは", r"^\W*как\b", r"что такое", r"^\W*¿?c[óo]mo\b",
    r"qu[ée] es", r"^\W*comment\b", r"làm (?:sao|thế nào)", r"nasıl", r"^\W*como\b",
    r"^\W*bagaimana", r"^\W*wie\b", r"was ist", r"^\W*كيف", r"ما هو",
)  # fmt: skip
SHOUTING = _any(r"urgent", r"asap", r"emergency", r"!!!", r"紧急", r"급해", r"至急", r"срочно",
                r"urgente", r"acil", r"dringend", r"عاجل")  # fmt: skip
