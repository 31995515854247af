"""Person names in a draft, and whether each person is named in an official capacity.

Russian uses natasha's news NER (slovnet; weights ship inside the wheel, loaded once per process).
Kazakh uses an averaged-perceptron tagger trained by bench/train_kk_ner.py on KazNERD (ISSAI,
CC BY 4.0), shipped as data/kk_ner.json.gz, and falls back to rules when that file is absent.
English, and Kazakh in Latin script, use rules: title cues, a given-name lexicon, surname shapes.
"""

from __future__ import annotations

import bisect
import functools
import gzip
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from qorgau.checkup.engine.segment import Paragraph

MODEL_PATH = Path(__file__).parent / "data" / "kk_ner.json.gz"


@dataclass(frozen=True)
class NameMatch:
    start: int  # offsets into the original text
    end: int
    text: str
    lang: str  # language of the paragraph
    official: bool  # a title or position is attached: acting in office, lower severity


class Token(NamedTuple):
    start: int
    end: int
    text: str


# Words (with inner hyphens and apostrophes), numbers, or one other character.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
_SENTENCE_END = {".", "!", "?", "…", ";"}
_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _words(blob: str) -> frozenset[str]:
    return frozenset(blob.split())


# --- lexicons ------------------------------------------------------------------------------------
# Frequent given names: Kazakh (Kazakh and Russian spellings), Russian, and Latin spellings.
GIVEN_NAMES = _words("""
Абай Абылай Адиль Әділ Айбек Айбар Айбол Айгерим Айгерім Айгуль Айгүл Айдана Айдар Айдос Айжан
Айнур Айнұр Айсулу Айсұлу Айтжан Ақжол Акжол Ақмарал Алибек Әлібек Алихан Әлихан Алия Әлия Алмас
Алмаз Алтынай Алтынбек Амангельды Амангелді Аманжол Анар Анель Арайлым Ардак Ардақ Арман Арсен
Аружан Арыстан Асан Асель Әсел Асем Әсем Асет Асқар Аскар Асхат Аян Әйгерім Әлкей Әнуар Ануар
Бағдат Багдат Бакыт Бақыт Бакытжан Бақытжан Балжан Батыр Бауыржан Бахыт Бекзат Берик Берік
Болат Ботагоз Ботагөз Бөжей Габит Ғабит Гаухар Гүлмира Гульмира Гульнар Гүлнар Гүлнара Гульнара
Ғалым Галым Дамир Данияр Дана Дариға Дарига Дархан Даулет Дәулет Даурен Дәурен Диана Динара Диляра
Досжан Досым Дулат Еламан Елдос Елена Ерболат Ербол Ержан Ерлан Ермек Ерік Ерик Ернар Ерсұлтан
Жазира Жайна Жақсылық Жаксылык Жамбыл Жанар Жанат Жандос Жанибек Жәнібек Жансая Жасұлан Жасулан
Жеңіс Женис Жұлдыз Жулдыз Зарина Зауре Зәуре Зейнеп Ильяс Ілияс Индира Кайрат Қайрат Калжан
Камила Канат Қанат Карлыгаш Қарлығаш Касым Қасым Кенжебек Кулян Күлән Қалижан Қуандық Куандык
Ләззат Ляззат Мадина Мақсат Максат Малика Марат Маржан Медет Мейрам Мерей Мирас Мұқағали Мухтар
Мұхтар Мурат Мұрат Нартай Назгуль Назгүл Нұрбек Нурбек Нұржан Нуржан Нұрлан Нурлан Нұрсұлтан
Нурсултан Олжас Райымбек Рахат Роза Рустем Рүстем Сабит Сағат Сагат Сакен Сәкен Салтанат Самал
Сания Сапар Сауле Сәуле Серик Серік Сержан Серікбол Султан Сұлтан Сымбат Талгат Талғат Тамара
Тимур Темірлан Тимирлан Тоқтар Токтар Толқын Толкын Төлеген Тулеген Ұлан Улан Ұлжан Улжан
Умит Үміт Шокан Шоқан Ырысбек Ясауи Жомарт Қасым-Жомарт Касым-Жомарт Еркін Еркин Нұрлыбек
Абзал Айбын Бейбіт Бейбит Жандарбек Кемел Мұхит Мухит Нұрислам Саят Тоғжан Тогжан Шынар Эльмира
Александр Алексей Анастасия Анатолий Андрей Анна Антон Аркадий Артем Артём Борис Вадим Валентин
Валентина Валерий Василий Вера Виктор Виктория Виталий Владимир Владислав Галина Геннадий
Георгий Григорий Дарья Денис Дмитрий Евгений Евгения Екатерина Елизавета Иван Игорь Илья Ирина
Кирилл Константин Ксения Лариса Леонид Людмила Максим Марина Мария Михаил Надежда Наталья Никита
Николай Нина Олег Ольга Павел Петр Пётр Роман Светлана Семен Семён Сергей Станислав Степан
Татьяна Юлия Юрий Яна Ярослав Айман Гульжан Гүлжан Мадияр Нурлыбек Ерғали Ергали Бекжан
Абдулла Әбдіжаппар Ағзам Азамат Айбат Айдын Айдархан Айтбай Ақан Ақберен Ақылбек Алдияр Алпамыс
Алтай Амир Әмір Әмірхан Аманкелді Арыстанбек Асылбек Асылжан Ахмет Әбілқайыр Бақдәулет Бақтияр
Бахтияр Бейсен Бекболат Бекет Бекнұр Болатбек Бұлан Ғани Ғалымжан Галымжан Дастан Диас Дінмұхамед
Динмухамед Ерасыл Еркебұлан Еркебулан Ертай Есенгелді Жақып Жалғас Жанболат Жарас Жігер Жигер
Жұмабай Жүсіп Зейнолла Исатай Ислам Кенесары Қажымұқан Қалдыбек Қанағат Құдайберген Қуаныш Куаныш
Мағжан Мақсұт Медеу Мейіржан Мұхамеджан Мұратбек Нұрғиса Нұрдәулет Нұрым Олжабай Оралхан Оспан
Өмірзақ Өтеген Рамазан Рахым Руслан Сабыр Сағындық Самат Санжар Сапарбек Серікжан Сәбит Сұңқар
Сырым Темір Тілек Төлеу Ұлықбек Шәкен Шерхан Шыңғыс Ыбырай Ілияс Ажар Айым Айша Ақерке Ақбота
Ақмаржан Әлфия Бағила Балауса Бибігүл Ботакөз Гүлнұр Гүлшат Гүлжазира Гүлзат Данагүл Жадыра Жібек
Зере Зарема Інжу Камшат Қамшат Күләш Ләйла Мәншүк Меруерт Мөлдір Назерке Нұргүл Нұржамал Перизат
Раушан Сабина Сағила Сандуғаш Сара Саида Толғанай Томирис Ұлбосын Ұлпан Фатима Шолпан Алина Алла
Антонина Вячеслав Глеб Даниил Егор Жанна Зоя Инна Любовь Маргарита Матвей Оксана Полина Софья
Тимофей Федор Фёдор Эдуард Кирилл Арсений Артур Эльвира Ринат Рената Альберт Айдын Әбу Мұхаммед
""")
GIVEN_NAMES_LATIN = _words("""
Aaron Adam Adrian Alan Albert Alex Alexander Alice Amanda Amy Andrew Angela Ann Anna Anne Anthony
Barbara Ben Benjamin Bernard Betty Bill Bob Brian Carl Carlos Carol Catherine Charles Charlotte
Chris Christian Christopher Claire Daniel David Deborah Dennis Diana Donald Dorothy Edward Elena
Elizabeth Emily Emma Eric Frank Gary George Helen Henry Jack Jacob James Jane Janet Jason Jean
Jeffrey Jennifer Jessica Joan Joe John Jonathan Joseph Joshua Julia Karen Kate Kevin Laura Linda
Lisa Mark Martin Mary Matthew Michael Michelle Nancy Nicholas Olivia Patricia Patrick Paul Peter
Rachel Richard Robert Ronald Ruth Sarah Scott Sharon Sophie Stephen Steven Susan Thomas Timothy
Victoria William Abai Abay Aidos Aigerim Aizhan Akzhol Aliya Almas Arman Askar Assel Asset Aslan
Baurzhan Bauyrzhan Bakhyt Berik Bolat Dana Daniyar Dariga Darkhan Dauren Dinara Erlan Yerlan Erzhan
Yerzhan Galym Gulnara Kairat Qairat Kanat Qanat Kassym Kassym-Jomart Qasym-Jomart Madina Marat
Maksat Mukhtar Murat Nurlan Nursultan Olzhas Rakhat Saule Serik Sultan Talgat Timur Zhanar Zhandos
Aleksandr Alexei Alexey Andrei Dmitry Dmitri Igor Ivan Mikhail Nikolai Oleg Sergei Sergey Vladimir
Yuri Olga Natalia Tatiana Irina Svetlana Yevgeny Evgeny Zhanna Askhat Yerbol Ainur Aruzhan
""")
PLACES = _words("""
Қазақстан Казахстан Алматы Астана Нұр-Сұлтан Нур-Султан Шымкент Қарағанды Караганда Ақтөбе
Актобе Атырау Ақтау Актау Павлодар Семей Семипалатинск Өскемен Усть-Каменогорск Тараз Қызылорда
Кызылорда Талдықорған Талдыкорган Көкшетау Кокшетау Қостанай Костанай Петропавл Петропавловск Орал
Уральск Түркістан Туркестан Жезқазған Жезказган Екібастұз Экибастуз Теміртау Темиртау Балқаш
Балхаш Байқоңыр Байконур Қонаев Конаев Жетісу Жетысу Ұлытау Улытау Маңғыстау Мангистау Алатау
Есіл Есиль Сарыарқа Арқа Жаңаөзен Жанаозен Ресей Россия Мәскеу Москва Қытай Китай Пекин Бейжің
Америка АҚШ США Еуропа Европа Түркия Турция Өзбекстан Узбекистан Қырғызстан Кыргызстан Киргизия
Тәжікстан Таджикистан Түрікменстан Туркменистан Украина Киев Германия Франция Жапония Япония
Ұлыбритания Великобритания Лондон Париж Берлин Молдова Ростов Саратов Псков Сібір Сибирь Азия
Каспий Арал Ертіс Иртыш Іле Или Сырдария Балқаш Хорезм Ташкент Бішкек Бишкек Дубай Корея
Kazakhstan Almaty Astana Shymkent Karaganda Qaraghandy Aktobe Atyrau Aktau Pavlodar Semey Taraz
Kyzylorda Turkestan Russia Moscow China Beijing America Europe Turkey Uzbekistan Kyrgyzstan
Ukraine Kyiv Germany France Japan Britain London Paris Berlin Washington Brussels Geneva Tokyo
""")
# Words after a capitalised word that make it a place or an organisation, not a person.
PLACE_OR_ORG_HEADS = _words("""
облысы облысының облысында облысындағы облысынан облысына ауданы ауданының ауданында ауданындағы
қаласы қаласының қаласында қаласындағы қаласына қаласынан ауылы ауылының ауылында көшесі көшесінде
даңғылы даңғылында өзені көлі тауы министрлігі министрлігінің министрлігіне министрлігінде
комитеті комитетінің агенттігі агенттігінің университеті университетінің академиясы банкі
банкінің компаниясы корпорациясы қоры қорының орталығы орталығының департаменті басқармасы
әкімдігі әкімдігінің партиясы партиясының кеңесі кеңесінің соты сотының прокуратурасы
ауруханасы мектебі колледжі театры музейі стадионы аймағы өлкесі елі елінің мемлекеті
область области районе района город города улица улицы проспект проспекте университет
министерство министерства комитет акимат акимата партия банк компания фонд суд суда
""")
ORG_WORDS = _words("""
ҚР РК ТЖМ ІІМ ІІД ҰҚК КНБ МВД ЖШС АҚ ТОО АО ЮНЕСКО ООН БҰҰ НАТО ЕО ЕАЭО ЕАЭС ШЫҰ ШОС ТМД СНГ
Үкімет Үкіметі Правительство Парламент Мәжіліс Мажилис Сенат Ақорда Акорда Министрлігі
Министерство Кремль Интерпол Google Facebook Telegram WhatsApp Instagram YouTube TikTok Twitter
""")
MONTHS_AND_DAYS = _words("""
қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан дүйсенбі
сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі январь февраль март апрель май июнь июль август
сентябрь октябрь ноябрь декабрь понедельник вторник среда четверг пятница суббота воскресенье
january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday
""")
# Capitalised words that start sentences or headings without being names.
COMMON_CAPITALISED = _words("""
Бүгін Кеше Ертең Сондай-ақ Сонымен Сонымен қатар Алайда Бірақ Осы Бұл Ол Олар Біз Мен Сіз Сен
Ал Енді Әрі Яғни Себебі Өйткені Қазір Биыл Былтыр Тіпті Мысалы Негізі Дегенмен Демек Жалпы Иә Жоқ
Қазақ Қазақстанның Халық Елбасы Ата Ана Құдай Алла Аллаһ Ислам Құран Наурыз Тәуелсіздік Жаңа
The A An In On At For From To Of And But Or If When While After Before This That These Those It
He She We They I You His Her Their Our My Yesterday Today Tomorrow According However Meanwhile
""")
# Titles and positions: a person named with one acts in office. Strong ones on their own, weak ones
# (director, head, chair…) only next to a word for a state body.
_TITLE_STRONG = {
    "ru": r"(вице-|зам)?(аким|министр|премьер|президент|депутат|мажилисмен|сенатор|спикер|"
    r"прокурор|генпрокурор|губернатор|омбудсмен|посол|следовател|судь[яиеюё]|судей|мэр[ауеом]?$)"
    r"(?!ск)",  # not президентский
    "kk": r"(вице-)?(әкім|аким|министр|премьер|президент|депутат|мәжілісмен|мажилисмен|сенатор|"
    r"спикер|прокурор|губернатор|омбудсмен|елші|тергеуші|судья|елбасы)"
    r"(?!(?:ші)?(?:лі|ті|ты|лы|ді|ды)[кгқғ])",  # not министрлік, президенттік, елшілік
    "en": r"(vice-)?(president|minister|premier|mayor|akim|judge|justice|senator|mp$|mps$|"
    r"congressman|congresswoman|governor|prosecutor|ambassador|ombudsman|speaker$|deputy$|"
    r"äkim|ministr|prezident|deputat|sudia|sudya|prokuror|elşi|elshi)",  # Latin-script Kazakh
}
_TITLE_WEAK = {
    "ru": r"(председател|директор|руководител|начальник|глав[аыеуо]$|заместител|пресс-секретар|"
    r"уполномоченн|комиссар|представител|инспектор|полицейск|генерал|полковник|сотрудник)",
    "kk": r"(төраға|директор|басшы|бастығ|бастық|орынбасар|хатшы|өкіл|инспектор|полицей|генерал|"
    r"полковник|қызметкер|мүше)",
    "en": r"(chair|chairman|chairwoman|director|head$|chief|spokes|secretary|commissioner|officer|"
    r"inspector|investigator|representative|general$|colonel)",
}
_STATE_BODY = {
    "ru": r"(министерств|акимат|комитет|департамент|управлени|агентств|суд|прокуратур|полици|"
    r"государств|госорган|парламент|мажилис|сенат|правительств|ведомств|нацбанк|национальн|"
    r"администраци|цик|мвд|кнб|министр|аким|област|район|город)",
    "kk": r"(министрлі|әкімдік|әкімшілі|комитет|департамент|басқарма|агентті|сот|прокуратура|"
    r"комиссия|премьер|президент|"
    r"полиция|мемлекет|парламент|мәжіліс|сенат|үкімет|ұлттық|облыс|аудан|қала|министр|әкім)",
    "en": r"(ministry|department|committee|agency|court|police|government|state|parliament|"
    r"national|prosecutor|administration|council|commission|city|region|district|akimat)",
}
_TITLE_RE = {lang: re.compile(pattern) for lang, pattern in _TITLE_STRONG.items()}
_WEAK_RE = {lang: re.compile(pattern) for lang, pattern in _TITLE_WEAK.items()}
_STATE_RE = {lang: re.compile(pattern) for lang, pattern in _STATE_BODY.items()}
# Words that end a title's reach: "министр встретился с Иваном" does not make Ivan a minister.
_BREAKS = _words("""
с со и а но к ко от для у о об про при по на в во за через мен бен пен және да де мен менен
үшін туралы and with to from by or but for at on in about against than
""")
_NAME_CUES = _words("mr mrs ms miss dr prof sir dame г-н г-жа господин госпожа мырза ханым")

_KK_CASE_ENDINGS = _words("""ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті н да де
    та те нда нде дан ден тан тен нан нен ндан нден мен бен пен менен лар лер дар дер тар тер
    ы і сы сі мыз міз ымыз іміз дағы дегі тағы тегі ндағы ндегі""")
_ENDING_LENGTHS = sorted({len(ending) for ending in _KK_CASE_ENDINGS}, reverse=True)
_SURNAME = re.compile(
    r"(ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ұлы|улы|қызы|кызы|енко|ский|ская|цкий|цкая|ович|овна|"
    r"евич|евна|бек|бекова|бай|баев|баева|жан|гүл|гуль|хан|ханов|ханова|uly|kyzy|"
    r"ov|ova|ev|eva|yev|yeva|in|ina|enko|sky|skaya|bek|bay|bayev|bayeva|zhan|khan)$"
)


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, ...]:
    """The word and what remains of it without one or two Kazakh case or possessive endings
    (the longest that fits, leaving at least three letters)."""
    found = [word]
    for _ in range(2):
        current = found[-1]
        cut = next(
            (
                n
                for n in _ENDING_LENGTHS
                if len(current) - n >= 3 and current[-n:] in _KK_CASE_ENDINGS
            ),
            0,
        )
        if not cut:
            break
        found.append(current[:-cut])
    return tuple(found)


def is_capitalised(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or not word[1:].replace("-", "").isupper())


@functools.lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    return any(stem in GIVEN_NAMES or stem in GIVEN_NAMES_LATIN for stem in stems(word))


@functools.lru_cache(maxsize=65536)
def has_surname_shape(word: str) -> bool:
    return any(len(stem) >= 4 and _SURNAME.search(stem.lower()) is not None for stem in stems(word))


@functools.lru_cache(maxsize=65536)
def is_place(word: str) -> bool:
    return any(stem in PLACES for stem in stems(word))


def is_org(word: str) -> bool:
    return word in ORG_WORDS or (len(word) >= 2 and word.replace("-", "").isupper())


# --- official capacity ---------------------------------------------------------------------------
def _title_at(words: Sequence[str], lang: str, reach: int = 6) -> bool:
    """Whether a title among the first `reach` words applies: a strong one, or a weak one with
    a state body among all the words."""
    lowered = [word.lower() for word in words]
    title_re, weak_re, state_re = _TITLE_RE[lang], _WEAK_RE[lang], _STATE_RE[lang]
    if any(title_re.match(word) for word in lowered[:reach]):
        return True
    return any(weak_re.match(word) for word in lowered[:reach]) and any(
        state_re.match(word) for word in lowered
    )


_VERB_RU = re.compile(r"(л|ла|ло|ли|лся|лась|лось|лись|ет|ит|ут|ют|ят|ть|ться|ется|ится)$")
_VERB_KK = re.compile(r"(ған|ген|қан|кен|атын|етін|йтын|йтін|ады|еді|йды|йді|ып|іп)$")
_TITLE_PHRASE_EN = _words("of the for and on")


def _breaks(word: str, lang: str) -> bool:
    """Whether a title before this word cannot reach past it to a name."""
    lowered = word.lower()
    if word in _SENTENCE_END or word in {":", ",", "(", ")"} or lowered in _BREAKS:
        return True
    if _TITLE_RE[lang].match(lowered) or _WEAK_RE[lang].match(lowered):
        return False
    if lang == "en":  # English titles sit right before the name: "Health Minister X"
        return not (is_capitalised(word) or lowered in _TITLE_PHRASE_EN)
    verb = _VERB_RU if lang == "ru" else _VERB_KK
    return verb.search(lowered) is not None


def is_official(
    tokens: Sequence[Token], first: int, last: int, lang: str, others: frozenset[int] = frozenset()
) -> bool:
    """Whether the name in tokens[first:last] is given with a title or position, before it
    («аким Алматы Ерболат Досаев», «Алматы қаласының әкімі …») or after a comma or dash;
    others: token indexes of other names, which a title does not reach across."""
    lang = lang if lang in _TITLE_RE else "en"
    before: list[str] = []
    index = first - 1
    while index >= 0 and len(before) < 6 and index not in others:
        if _breaks(tokens[index].text, lang):
            break
        before.append(tokens[index].text)
        index -= 1
    # Kazakh puts the title right before the name («қаласының әкімі Ерболат Досаев»)
    if _title_at(before, lang, reach=2 if lang == "kk" else 6):
        return True
    if last < len(tokens) and tokens[last].text in {",", "—", "–", "-", "("}:
        after = []
        for index in range(last + 1, min(last + 6, len(tokens))):
            word = tokens[index].text
            if index in others or word in _SENTENCE_END or word in {",", ")"} or word in _BREAKS:
                break
            after.append(word)
        if lang == "kk":  # the title closes the phrase: «…, Алматы қаласының әкімі»
            return _title_at(after[::-1], lang, reach=1)
        return _title_at(after, lang)
    return False


def _token_range(
    ends: Sequence[int], starts: Sequence[int], span: tuple[int, int]
) -> tuple[int, int]:
    """The tokens a character span touches (ends and starts: the tokens' offsets, ascending)."""
    return bisect.bisect_right(ends, span[0]), bisect.bisect_left(starts, span[1])


# --- Russian: natasha ----------------------------------------------------------------------------
@functools.cache
def _natasha() -> Any:
    from natasha import NewsEmbedding, NewsNERTagger

    tagger = NewsNERTagger(NewsEmbedding())
    tagger.batch_size = 32
    return tagger


_ENDS_WITH_INITIAL = re.compile(rf"(?:^|[\s.])[{_UPPER}]\.\s*$")


CHUNK = 700


def _chunks(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Runs of whole sentences (paragraph-local ranges) up to CHUNK characters, so the model
    sees its neighbours; a sentence cut after an initial («А. Б. Иванов») always joins the next
    one while the join stays short."""
    ranges: list[tuple[int, int]] = []
    for sentence in paragraph.sentences:
        start, end = sentence.start - paragraph.start, sentence.end - paragraph.start
        begin, previous_end = ranges[-1] if ranges else (start, start)
        if ranges and (
            end - begin <= CHUNK
            or (
                _ENDS_WITH_INITIAL.search(
                    paragraph.text[max(begin, previous_end - 8) : previous_end]
                )
                and end - begin <= CHUNK + 600
            )
        ):
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((start, end))
    return ranges


def _russian_spans(paragraphs: Sequence[Paragraph]) -> list[list[tuple[int, int]]]:
    """natasha's PER spans (paragraph-local) for each paragraph; all chunks of the draft go in
    one call, shortest first, so batches are full and little is padded."""
    chunks = [(n, r) for n, paragraph in enumerate(paragraphs) for r in _chunks(paragraph)]
    chunks.sort(key=lambda chunk: chunk[1][1] - chunk[1][0])
    texts = [paragraphs[n].text[start:end] for n, (start, end) in chunks]
    spans: list[list[tuple[int, int]]] = [[] for _ in paragraphs]
    markups = _natasha().map(texts) if texts else []
    for (n, (offset, _)), markup in zip(chunks, markups, strict=True):
        spans[n] += [(offset + s.start, offset + s.stop) for s in markup.spans if s.type == "PER"]
    return [sorted(found) for found in spans]


# --- rules: Kazakh fallback, English and Latin-script Kazakh --------------------------------------
def _is_initial(tokens: Sequence[Token], i: int) -> bool:
    word = tokens[i].text
    return (
        len(word) == 1
        and word.isupper()
        and i + 1 < len(tokens)
        and tokens[i + 1].text == "."
        and tokens[i + 1].start == tokens[i].end
    )


def _sentence_initial(tokens: Sequence[Token], i: int) -> bool:
    while i > 0 and tokens[i - 1].text in {"«", '"', "“", "(", "—", "–", "-"}:
        i -= 1
    if i == 0:
        return True
    return tokens[i - 1].text in _SENTENCE_END and not (i >= 2 and _is_initial(tokens, i - 2))


def _title_word(word: str) -> bool:
    lowered = word.lower()
    return lowered.rstrip(".") in _NAME_CUES or any(
        table[lang].match(lowered) for table in (_TITLE_RE, _WEAK_RE) for lang in table
    )


def _word_class(tokens: Sequence[Token], i: int) -> str:
    """G given name, S surname or patronymic, I initial, X not part of a name (place,
    organisation, month, title, common word), U an unknown capitalised word."""
    word = tokens[i].text
    if _is_initial(tokens, i):
        return "I"
    if (
        is_place(word)
        or is_org(word)
        or word.lower() in MONTHS_AND_DAYS
        or _title_word(word)
        or any(stem in COMMON_CAPITALISED for stem in stems(word))
    ):
        return "X"
    if is_given_name(word):
        return "G"
    return "S" if has_surname_shape(word) else "U"


def _rule_spans(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Token ranges of capitalised runs that look like names: a known given name, a surname
    shape, initials, or a cue (Mr, a title); never places, organisations or months."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not (is_capitalised(tokens[i].text) and tokens[i].text[0].isalpha()):
            i += 1
            continue
        run: list[int] = []  # word tokens of the run (an initial's dot is not one)
        j = i
        while j < len(tokens):
            if _is_initial(tokens, j):
                run.append(j)
                j += 2
            elif is_capitalised(tokens[j].text) and tokens[j].text[0].isalpha():
                run.append(j)
                j += 1
            else:
                break
        after = tokens[j].text.lower() if j < len(tokens) else ""
        if after not in PLACE_OR_ORG_HEADS:
            classes = [_word_class(tokens, k) for k in run]
            segment: list[int] = []
            for k, cls in zip([*run, -1], [*classes, "X"], strict=True):
                if cls != "X":
                    segment.append(k)
                    continue
                found += _name_in(tokens, segment)
                segment = []
        i = j
    return found


def _name_in(tokens: Sequence[Token], segment: list[int]) -> list[tuple[int, int]]:
    """The name inside a run of capitalised words none of which is excluded: from the first to
    the last word with evidence, plus a surname after a given name or a given name before a
    surname; unknown words alone only with a cue in front (Mr, a title)."""
    if not segment:
        return []
    classes = [_word_class(tokens, k) for k in segment]
    evidence = [n for n, cls in enumerate(classes) if cls in "GSI"]
    before = tokens[segment[0] - 1].text if segment[0] else ""
    cue = before.lower().rstrip(".") in _NAME_CUES or _title_word(before)
    if not evidence:
        if not cue or len(segment) > 3:
            return []
        evidence = [0, len(segment) - 1]
    first, last = evidence[0], evidence[-1]
    if last + 1 < len(segment) and classes[last] == "G":
        last += 1  # Ажар Гиният: a given name, then a surname of no known shape
    if first > 0 and classes[first] == "S" and classes[first - 1] == "U":
        first -= 1  # Makhabat Tazhibaeva
    if last - first >= 4:
        return []
    if (
        first == last
        and classes[first] == "S"
        and not cue
        and _sentence_initial(tokens, segment[first])
    ):
        return []  # a lone capitalised word that opens a sentence: too often a common word
    end = segment[last] + (2 if classes[last] == "I" else 1)
    return [(segment[first], end)]


# --- Kazakh: averaged perceptron ----------------------------------------------------------------
def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if not word[:1].isalpha():
        return "p"
    if word.isupper():
        return "X" if len(word) == 1 else "XX"
    return "Xx" if word[:1].isupper() else "x"


def kk_token_features(words: Sequence[str]) -> list[list[str]]:
    """Features of each word that do not depend on predicted tags (shared with training)."""
    lowered = [w.lower() for w in words]
    shapes = [_shape(w) for w in words]
    features = []
    for i, word in enumerate(words):
        low = lowered[i]
        prev = lowered[i - 1] if i else "<s>"
        nxt = lowered[i + 1] if i + 1 < len(words) else "</s>"
        prev_shape = shapes[i - 1] if i else "<s>"
        next_shape = shapes[i + 1] if i + 1 < len(words) else "</s>"
        first = i == 0 or prev in _SENTENCE_END or prev in {"«", "—", '"'}
        feats = [
            "b",
            "w=" + low,
            "s1=" + low[-1:],
            "s2=" + low[-2:],
            "s3=" + low[-3:],
            "s4=" + low[-4:],
            "p2=" + low[:2],
            "p3=" + low[:3],
            "sh=" + shapes[i],
            "shf=" + shapes[i] + str(first),
            "pw=" + prev,
            "nw=" + nxt,
            "ps=" + prev_shape,
            "ns=" + next_shape,
            "sh3=" + prev_shape + shapes[i] + next_shape,
            "ns3=" + nxt[-3:],
            "ps3=" + prev[-3:],
        ]
        if shapes[i] == "Xx":
            feats.append("given=" + str(is_given_name(word)))
            feats.append("surname=" + str(has_surname_shape(word)))
            feats.append("place=" + str(is_place(word)))
            found = stems(low)
            feats.append("stem=" + found[-1])
            feats.append("end=" + low[len(found[-1]) :])
            feats.append("common=" + str(any(x in COMMON_CAPITALISED for x in stems(word))))
            feats.append("head=" + str(nxt in PLACE_OR_ORG_HEADS))
            if i + 1 < len(words) and shapes[i + 1] == "Xx":
                feats.append("ngiven=" + str(is_given_name(words[i + 1])))
                feats.append("nsurname=" + str(has_surname_shape(words[i + 1])))
        if _TITLE_RE["kk"].match(prev) or _WEAK_RE["kk"].match(prev):
            feats.append("ptitle")
        if low in MONTHS_AND_DAYS:
            feats.append("month")
        features.append(feats)
    return features


class KazakhTagger:
    """Greedy left-to-right BIO tagging with an averaged perceptron's weights."""

    def __init__(self, tags: Sequence[str], weights: dict[str, list[float]]) -> None:
        self.tags = list(tags)
        self.weights = weights

    def scores(self, features: Iterable[str]) -> list[float]:
        totals = [0.0] * len(self.tags)
        for feature in features:
            row = self.weights.get(feature)
            if row is not None:
                for k, value in enumerate(row):
                    totals[k] += value
        return totals

    def tag(self, words: Sequence[str]) -> list[str]:
        predicted: list[str] = []
        for i, feats in enumerate(kk_token_features(words)):
            prev = predicted[i - 1] if i else "<s>"
            prev2 = predicted[i - 2] if i > 1 else "<s>"
            dynamic = ["pt=" + prev, "pt2=" + prev2 + prev, "ptw=" + prev + words[i].lower()]
            totals = self.scores(feats + dynamic)
            ranked = sorted(range(len(self.tags)), key=lambda k: -totals[k])
            tag = self.tags[ranked[0]]
            if tag.startswith("I-") and prev[2:] != tag[2:]:
                tag = "B-" + tag[2:]
            predicted.append(tag)
        return predicted


@functools.cache
def _kazakh_tagger() -> KazakhTagger | None:
    if not MODEL_PATH.exists():
        return None
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return KazakhTagger(data["tags"], data["weights"])


def bio_spans(tags: Sequence[str], kind: str = "PERSON") -> list[tuple[int, int]]:
    """Token ranges of the entities of one kind in a BIO sequence."""
    spans: list[tuple[int, int]] = []
    start = -1
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and tag != "I-" + kind:
            spans.append((start, i))
            start = -1
        if tag == "B-" + kind:
            start = i
    return spans


def _with_initials(tokens: Sequence[Token], ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Model ranges grown over adjacent initials («А. Нұрланов», «Нұрланов А.Б.»), which the
    training news hardly has, plus rule-found names written with initials the model missed."""
    grown = []
    for first, last in ranges:
        while first >= 2 and _is_initial(tokens, first - 2):
            first -= 2
        while last < len(tokens) and _is_initial(tokens, last):
            last += 2
        grown.append((first, last))
    for first, last in _rule_spans(tokens):
        with_initial = any(_is_initial(tokens, k) for k in range(first, last))
        if with_initial and not any(a < last and first < b for a, b in grown):
            grown.append((first, last))
    return sorted(grown)


def _sentences(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    ranges = []
    begin = 0
    for i, token in enumerate(tokens):
        ends = token.text in _SENTENCE_END and not (i and _is_initial(tokens, i - 1))
        if ends or i - begin >= 150:  # bounded: a run-on "sentence" is tagged in pieces
            ranges.append((begin, i + 1))
            begin = i + 1
    if begin < len(tokens):
        ranges.append((begin, len(tokens)))
    return ranges


def _kazakh_spans(tokens: Sequence[Token], tagger: KazakhTagger) -> list[tuple[int, int]]:
    found = []
    for begin, end in _sentences(tokens):
        words = [token.text for token in tokens[begin:end]]
        for first, last in bio_spans(tagger.tag(words)):
            found.append((begin + first, begin + last))
    return found


# --- entry point ---------------------------------------------------------------------------------
def _is_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isascii() for ch in letters) > len(letters) / 2


def find_names(text: str, paragraphs: Sequence[Paragraph]) -> list[NameMatch]:
    """Person names in text, by paragraph language; offsets are into text."""
    found: list[tuple[Paragraph, list[Token], list[tuple[int, int]]]] = []
    russian = [p for p in paragraphs if p.lang == "ru" and not _is_latin(p.text)]
    by_model = dict(zip(map(id, russian), _russian_spans(russian), strict=True))
    for paragraph in paragraphs:
        tokens = tokenize(paragraph.text)
        tagger = _kazakh_tagger() if paragraph.lang == "kk" else None
        if id(paragraph) in by_model:
            ends, starts = [t.end for t in tokens], [t.start for t in tokens]
            ranges = [_token_range(ends, starts, span) for span in by_model[id(paragraph)]]
        elif tagger is not None and not _is_latin(paragraph.text):
            ranges = _with_initials(tokens, _kazakh_spans(tokens, tagger))
        else:
            ranges = _rule_spans(tokens)
        found.append((paragraph, tokens, [p for r in ranges for p in _pieces(tokens, *r)]))
    # One name, one label: a surname the draft gives in full somewhere is a name everywhere.
    known = {
        name_key(tokens[k].text)
        for _, tokens, ranges in found
        for first, last in ranges
        if sum(len(t.text) > 1 and t.text[0].isalpha() for t in tokens[first:last]) >= PROPAGATE
        for k in range(first, last)
        if len(tokens[k].text) > 2
    }
    matches: list[NameMatch] = []
    for paragraph, tokens, ranges in found:
        ranges = ranges + _repeated(tokens, ranges, known)
        named = frozenset(k for first, last in ranges for k in range(first, last))
        titles = "en" if _is_latin(paragraph.text) else paragraph.lang
        for first, last in ranges:
            start = paragraph.start + tokens[first].start
            end = paragraph.start + tokens[last - 1].end
            official = is_official(tokens, first, last, titles, named)
            matches.append(NameMatch(start, end, text[start:end], paragraph.lang, official))
    return _without_overlaps(matches)


PROPAGATE = 2
_RU_ENDING = re.compile(
    r"(ами|ями|ого|его|ому|ему|ыми|ими|ой|ей|ом|ем|ым|им|ую|юю|ая|яя|ий|ый|[аяуюеыио])$"
)


def name_key(word: str) -> str:
    """What inflected forms of one name share: Назарбаевқа, Назарбаеву → назарбаев."""
    base = stems(word)[-1].lower().removesuffix("'s").removesuffix("’s")
    stripped = _RU_ENDING.sub("", base)
    return stripped if len(stripped) >= 3 else base


def _repeated(
    tokens: Sequence[Token], ranges: Sequence[tuple[int, int]], known: set[str]
) -> list[tuple[int, int]]:
    """Runs of capitalised words, outside the ranges already found, whose names are known."""
    covered = {k for first, last in ranges for k in range(first, last)}
    extra: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        j = i
        while (
            j < len(tokens)
            and j not in covered
            and len(tokens[j].text) > 2
            and is_capitalised(tokens[j].text)
            and tokens[j].text[0].isalpha()
            and not is_place(tokens[j].text)
            and name_key(tokens[j].text) in known
        ):
            j += 1
        if j > i:
            extra.append((i, j))
        i = j + 1
    return extra


def _pieces(tokens: Sequence[Token], first: int, last: int) -> list[tuple[int, int]]:
    """A token range cut at punctuation (the statistical taggers sometimes run a name on over
    «(Joshua Wolf)» or a list), keeping the dots of initials; pieces without a letter go."""
    pieces: list[tuple[int, int]] = []
    begin = first
    for i in range(first, last + 1):
        word = tokens[i].text if i < last else ""
        is_cut = i == last or (
            not word[:1].isalnum()
            and not (word == "." and i > first and _is_initial(tokens, i - 1))
        )
        if is_cut:
            if begin < i and any(ch.isalpha() for t in tokens[begin:i] for ch in t.text):
                pieces.append((begin, i))
            begin = i + 1
    return pieces


def _without_overlaps(matches: list[NameMatch]) -> list[NameMatch]:
    kept: list[NameMatch] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    return kept
