"""Multilingual wording of what customers ask about: money missing or waited for, access
locked, positions, P2P orders, idle questions and greetings (en zh ko ja ru es fr vi tr pt
id de ar). ``signals`` gathers these with the security wording."""

from __future__ import annotations

from router.classify.signal_patterns import any_of

MONEY_MISSING = any_of(
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
WAITING = any_of(
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
DATED = any_of(*_DAYS)
LONG_WAIT = any_of(
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
LOCKED_OUT = any_of(
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
OPEN_POSITIONS = any_of(
    r"position", r"\b\d+x\b", r"\b(?:long|short)s? (?:open|running)", r"open (?:long|short)\b",
    r"futures", r"margin", r"liquidat", r"leverage", r"仓位", r"持仓", r"合约", r"爆仓", r"强平",
    r"포지션", r"선물", r"청산", r"ポジション", r"先物", r"ロスカット", r"позици", r"фьючерс",
    r"ликвидац", r"posici[óo]n", r"futuros", r"liquidaci", r"vị thế", r"thanh lý", r"pozisyon",
    r"vadeli", r"posição", r"posisi", r"likuidasi", r"Positionen", r"مركز", r"العقود الآجلة",
)  # fmt: skip
P2P_UNRELEASED = any_of(
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
SELLER_HOLDS = any_of(
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
PAID = any_of(
    r"\bpaid\b", r"sent the (?:bank )?(?:transfer|payment|money)", r"bank transfer", r"transferred",
    r"took my (?:money|payment|transfer|bank transfer)", r"已付款", r"付款了", r"付了款", r"转账了",
    r"송금", r"입금했", r"돈 보냈", r"振り込", r"支払", r"оплатил", r"перев[её]л", r"pagu[ée]",
    r"pagado", r"pay[ée]", r"\bck\b", r"chuyển khoản", r"ödeme yaptım", r"ödedim", r"paguei",
    r"\bbayar\b", r"sudah transfer", r"bezahlt", r"überwiesen", r"دفعت", r"حولت", r"付款后",
    r"付完款", r"已经付", r"입금 ?완료", r"송금 ?완료", r"振込済", r"支払い済", r"دافع",
)  # fmt: skip
P2P = any_of(
    r"p2p(?<![a-z0-9]p2p)(?![a-z0-9])", r"otc(?<![a-z0-9]otc)(?![a-z0-9])", r"seller", r"merchant",
    r"卖家", r"商家", r"판매자", r"販売者", r"продав", r"vendedor", r"vendeur", r"người bán",
    r"satıcı", r"penjual", r"verkäufer", r"البائع",
)  # fmt: skip
LOW = any_of(
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
LIQUIDATED = any_of(
    r"(?:got|was|been|get|getting) liquidated", r"liquidated my", r"(?:强平|爆仓)了",
    r"被(?:强平|强制平仓|爆仓)", r"[单仓]爆了", r"被爆(?:仓|了)", r"청산 ?(?:됐|되었|당했|당함)",
    r"ロスカットされ", r"強制決済され", r"likit (?:oldu|edildi|oldum)", r"likide oldum",
    r"kena (?:likuidasi|liq)", r"terlikuidasi", r"cháy (?:tài khoản|tk|lệnh)", r"got liq(?:ui)?d\b",
    r"(?:強制)?清算され", r"ликвидировал[иа]", r"меня ликвидир", r"liquidaron", r"liquidad[oa]",
    r"liquid[ée]e?s?\b", r"bị thanh lý", r"likide (?:oldu|edildi)", r"dilikuidasi", r"liquidiert",
    r"تمت تصفية", r"تم تصفية",
)  # fmt: skip
# Words that report something broken or disputed: a question with them is not idle.
PROBLEM = any_of(
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
INFORMATION = any_of(
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
SHOUTING = any_of(r"urgent", r"asap", r"emergency", r"!!!", r"紧急", r"급해", r"至急", r"срочно",
                r"urgente", r"acil", r"dringend", r"عاجل")  # fmt: skip
