"""Realistic, fictional incidents in kk/ru/en, for the demo (a year, ~500) and the benchmark
(a million). Distributions follow the monthly digests of Kazakh monitors: many refusals of
information and legal claims, detentions of journalists at protests, online harassment.

`generate_incidents` yields unsaved records; `insert_generated` writes them in batches with
`bulk_create`, so a million rows take minutes and a year of demo data under a few seconds.
Every name here is invented.
"""

from __future__ import annotations

import datetime
import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from qorgau.monitoring.models import (
    Incident,
    IncidentPerpetrator,
    IncidentType,
    IncidentVictim,
    OnlineViolence,
    Proceeding,
    ProceedingStatus,
    Source,
    Victim,
    search_text_of,
)

VOCABULARY = Path(__file__).resolve().parent / "data" / "vocabulary.json"

# Population in hundreds of thousands, with the three big cities weighted up: that is where most
# newsrooms are, and where most incidents are recorded.
REGIONS: dict[str, tuple[float, str, str, str]] = {
    "KZ-75": (2.3 * 2.5, "Алматы", "Алматы", "Almaty"),
    "KZ-71": (1.5 * 2.5, "Астана", "Астана", "Astana"),
    "KZ-79": (1.3 * 1.5, "Шымкент", "Шымкент", "Shymkent"),
    "KZ-61": (2.1, "Түркістан", "Туркестан", "Turkistan"),
    "KZ-19": (1.5, "Қонаев", "Конаев", "Konaev"),
    "KZ-35": (1.1, "Қарағанды", "Караганда", "Karaganda"),
    "KZ-31": (1.2, "Тараз", "Тараз", "Taraz"),
    "KZ-15": (0.93, "Ақтөбе", "Актобе", "Aktobe"),
    "KZ-43": (0.83, "Қызылорда", "Кызылорда", "Kyzylorda"),
    "KZ-39": (0.83, "Қостанай", "Костанай", "Kostanay"),
    "KZ-11": (0.79, "Көкшетау", "Кокшетау", "Kokshetau"),
    "KZ-47": (0.77, "Ақтау", "Актау", "Aktau"),
    "KZ-55": (0.75, "Павлодар", "Павлодар", "Pavlodar"),
    "KZ-63": (0.73, "Өскемен", "Усть-Каменогорск", "Oskemen"),
    "KZ-23": (0.70, "Атырау", "Атырау", "Atyrau"),
    "KZ-33": (0.70, "Талдықорған", "Талдыкорган", "Taldykorgan"),
    "KZ-27": (0.69, "Орал", "Уральск", "Oral"),
    "KZ-10": (0.60, "Семей", "Семей", "Semey"),
    "KZ-59": (0.53, "Петропавл", "Петропавловск", "Petropavl"),
    "KZ-62": (0.22, "Жезқазған", "Жезказган", "Zhezkazgan"),
}

OUTLETS = (
    "Dala Khabar",
    "Samal Press",
    "Tulpar News",
    "Ertis Times",
    "Bulaq FM",
    "Jaryq Info",
    "Kokjiek Media",
    "Altyn Qala TV",
    "Steppe Ledger",
    "Qanat Online",
    "Saryarqa Today",
    "Aral Voice",
)

FIRST_NAMES_F = ("Айгерім", "Динара", "Жанар", "Мадина", "Сәуле", "Әсел", "Гүлмира", "Томирис")
FIRST_NAMES_M = ("Ерлан", "Нұрлан", "Данияр", "Бауыржан", "Арман", "Тимур", "Қайрат", "Руслан")
SURNAMES = ("Сейіт", "Омар", "Жақып", "Әлім", "Тұрсын", "Бекмұрат", "Қасым", "Ысқақ", "Нұрбек")

# State bodies: (kk, ru, en, perpetrator kind). Russian forms read right after «в» and «—».
BODIES = (
    ("облыс әкімдігі", "акимат области", "the regional akimat", "akimat"),
    ("қала әкімдігі", "акимат города", "the city akimat", "akimat"),
    (
        "денсаулық сақтау басқармасы",
        "управление здравоохранения",
        "the health department",
        "akimat",
    ),
    ("білім басқармасы", "управление образования", "the education department", "akimat"),
    ("полиция департаменті", "департамент полиции", "the police department", "police"),
    (
        "министрліктің аумақтық бөлімі",
        "территориальный департамент министерства",
        "a ministry's regional office",
        "central-government",
    ),
)


@dataclass(frozen=True)
class Scenario:
    weight: int
    types: tuple[str, ...]
    perpetrators: tuple[str, ...]
    roles: tuple[str, ...]
    context: str
    title: tuple[str, str, str]  # kk, ru, en, with {place}, {outlet}, {body}
    summary: tuple[str, str, str]
    proceeding: tuple[str, tuple[str, ...]] | None = None  # kind, provisions to pick from
    female_share: float = 0.5
    online: bool = False
    uses_body: bool = False


SCENARIOS = (
    Scenario(
        16,
        ("info-refusal",),
        (),
        ("journalist", "editor"),
        "",
        (
            "{place}: {body_kk} ақпарат беруден бас тартты",
            "{place}: журналисту {outlet} отказали в информации — {body_ru}",
            "{place}: {body_en} refused to give information to a {outlet} journalist",
        ),
        (
            "{outlet} редакциясы {body_kk} ресми сауал жолдады. Жауапта сұралған деректер "
            "«қызметтік пайдалануға арналған» деп көрсетілді.",
            "Редакция {outlet} направила официальный запрос в {body_ru}. В ответе запрошенные "
            "сведения назвали «информацией для служебного пользования».",
            "The {outlet} newsroom sent an official request to {body_en}. The reply called the data "
            "“for official use only” and gave none of it.",
        ),
        uses_body=True,
    ),
    Scenario(
        8,
        ("deadline-missed",),
        (),
        ("journalist",),
        "",
        (
            "{place}: {body_kk} сауалға заңда белгіленген мерзімде жауап бермеді",
            "{place}: {body_ru} не ответил на запрос журналиста в срок",
            "{place}: {body_en} missed the legal deadline to answer a journalist",
        ),
        (
            "{outlet} журналисінің сауалына жауап жеті жұмыс күні өткен соң да келмеді.",
            "Ответ на запрос журналиста {outlet} не поступил и через семь рабочих дней.",
            "The {outlet} journalist's request was still unanswered after seven working days.",
        ),
        uses_body=True,
    ),
    Scenario(
        4,
        ("closed-briefing",),
        (),
        ("journalist", "camera"),
        "public_event",
        (
            "{place}: журналистерді брифингке кіргізбеді",
            "{place}: журналистов не пустили на брифинг",
            "{place}: journalists kept out of a briefing",
        ),
        (
            "{body_kk} өткізген брифингке тек алдын ала таңдалған БАҚ шақырылды; {outlet} "
            "тілшісі кіре алмады.",
            "На брифинг, который проводил {body_ru}, пригласили только заранее отобранные СМИ; "
            "корреспондента {outlet} не пропустили.",
            "Only pre-selected media were invited to a briefing held by {body_en}; the {outlet} "
            "reporter was turned away.",
        ),
        uses_body=True,
    ),
    Scenario(
        3,
        ("court-closed",),
        ("courts",),
        ("journalist",),
        "court",
        (
            "{place}: сот отырысы баспасөзге жабық деп жарияланды",
            "{place}: судебное заседание закрыли для прессы",
            "{place}: court hearing closed to the press",
        ),
        (
            "Судья {outlet} тілшісінің ашық процеске қатысу өтінішін негізсіз қанағаттандырмады.",
            "Судья без обоснования отказал корреспонденту {outlet} в присутствии на открытом "
            "процессе.",
            "The judge refused, without reasons, to let the {outlet} reporter attend an open trial.",
        ),
    ),
    Scenario(
        4,
        ("blocking",),
        ("central-government",),
        ("outlet",),
        "online",
        (
            "{outlet} сайтына қолжетімділік шектелді",
            "Доступ к сайту {outlet} ограничен",
            "Access to the {outlet} website restricted",
        ),
        (
            "{place} қаласындағы оқырмандар {outlet} сайтын VPN-сіз аша алмайды. Редакцияға "
            "ресми хабарлама келмеген.",
            "Читатели в городе {place} не могут открыть сайт {outlet} без VPN. Официального "
            "уведомления редакция не получала.",
            "Readers in {place} cannot open the {outlet} website without a VPN. The newsroom "
            "received no official notice.",
        ),
    ),
    Scenario(
        4,
        ("takedown",),
        ("prosecutors", "akimat", "business"),
        ("outlet", "editor"),
        "online",
        (
            "{outlet} жарияланымды өшіру туралы талап алды",
            "{outlet} получило требование удалить публикацию",
            "{outlet} told to take down a publication",
        ),
        (
            "{place}: {outlet} редакциясына жергілікті шенеуніктер туралы материалды өшіру "
            "талабы келді.",
            "{place}: редакции {outlet} потребовали удалить материал о местных чиновниках.",
            "{place}: the {outlet} newsroom was told to delete a story about local officials.",
        ),
    ),
    Scenario(
        9,
        ("civil-claim",),
        ("private-individual", "business", "state-affiliated"),
        ("journalist", "outlet", "blogger"),
        "court",
        (
            "{place}: {outlet} басылымына ар-намысты қорғау туралы талап қойылды",
            "{place}: к {outlet} подан иск о защите чести и достоинства",
            "{place}: honour and dignity claim filed against {outlet}",
        ),
        (
            "Талапкер {outlet} жариялаған тергеу материалы үшін моральдық зиянды өтеуді талап "
            "етеді.",
            "Истец требует компенсации морального вреда за журналистское расследование {outlet}.",
            "The claimant seeks moral damages over an investigation published by {outlet}.",
        ),
        proceeding=("civil", ("kz-civ:143", "kz-civ:143:1", "kz-civ:143:6")),
    ),
    Scenario(
        5,
        ("criminal-case",),
        ("police", "prosecutors"),
        ("journalist", "blogger"),
        "",
        (
            "{place}: журналиске «көрінеу жалған ақпарат тарату» бабы бойынша іс қозғалды",
            "{place}: на журналиста завели дело о «заведомо ложной информации»",
            "{place}: journalist charged with spreading “knowingly false information”",
        ),
        (
            "{outlet} журналисіне әлеуметтік желідегі жазбасы үшін ҚК 274-бабы бойынша күдік "
            "жарияланды.",
            "Журналисту {outlet} объявили подозрение по статье 274 УК из-за поста в соцсетях.",
            "A {outlet} journalist was named a suspect under Art. 274 of the Criminal Code over a "
            "social media post.",
        ),
        proceeding=("criminal", ("kz-cc:274:1", "kz-cc:274:2", "kz-cc:274:3")),
    ),
    Scenario(
        2,
        ("criminal-case", "arrest"),
        ("national-security",),
        ("journalist", "blogger"),
        "",
        (
            "{place}: блогер «алауыздықты қоздыру» айыбымен қамауға алынды",
            "{place}: блогера арестовали по обвинению в «разжигании розни»",
            "{place}: blogger arrested on “incitement of discord” charges",
        ),
        (
            "ҰҚК тергеушілері блогердің жарияланымдарын ҚК 174-бабы бойынша қылмыс деп санады.",
            "Следователи КНБ сочли публикации блогера преступлением по статье 174 УК.",
            "National security investigators treat the blogger's posts as a crime under Art. 174.",
        ),
        proceeding=("criminal", ("kz-cc:174:1", "kz-cc:174:2")),
    ),
    Scenario(
        5,
        ("administrative-case",),
        ("police", "central-government"),
        ("journalist", "outlet", "blogger"),
        "",
        (
            "{place}: {outlet} басылымына әкімшілік іс қозғалды",
            "{place}: против {outlet} возбуждено административное дело",
            "{place}: administrative case opened against {outlet}",
        ),
        (
            "Айыппұл бұқаралық ақпарат құралдары туралы заңнаманы бұзғаны үшін салынды.",
            "Штраф назначен за нарушение законодательства о средствах массовой информации.",
            "A fine was imposed for breaching the mass media legislation.",
        ),
        proceeding=("administrative", ("kz-cao:456-2", "kz-cao:456-2:1")),
    ),
    Scenario(
        6,
        ("detention", "obstruction"),
        ("police",),
        ("journalist", "camera"),
        "protest",
        (
            "{place}: наразылық акциясын түсіріп жүрген журналист ұсталды",
            "{place}: задержан журналист, снимавший акцию протеста",
            "{place}: journalist detained while covering a protest",
        ),
        (
            "{outlet} тілшісі редакция куәлігін көрсеткенімен, полиция оны бөлімшеге апарып, "
            "бірнеше сағат ұстады.",
            "Корреспондент {outlet} предъявил редакционное удостоверение, но полиция доставила его "
            "в отделение и продержала несколько часов.",
            "The {outlet} reporter showed a press card but was taken to a police station and held "
            "for several hours.",
        ),
        proceeding=("administrative", ("kz-cao:488",)),
    ),
    Scenario(
        6,
        ("obstruction", "accreditation"),
        ("akimat", "private-security"),
        ("journalist", "camera"),
        "public_event",
        (
            "{place}: журналиске іс-шараны түсіруге кедергі келтірілді",
            "{place}: журналисту помешали снимать мероприятие",
            "{place}: journalist prevented from filming an event",
        ),
        (
            "Күзет {outlet} тілшісін залдан шығарып, аккредитациясы жоқ екенін айтты.",
            "Охрана вывела корреспондента {outlet} из зала, сославшись на отсутствие аккредитации.",
            "Security removed the {outlet} reporter from the hall, claiming he had no accreditation.",
        ),
    ),
    Scenario(
        3,
        ("assault", "equipment"),
        ("private-individual", "unknown"),
        ("journalist", "camera"),
        "",
        (
            "{place}: түсірілім кезінде журналиске шабуыл жасалды",
            "{place}: на журналиста напали во время съёмки",
            "{place}: journalist attacked while filming",
        ),
        (
            "Белгісіз адамдар {outlet} операторын ұрып, камерасын сындырды. Полиция іс қозғады.",
            "Неизвестные избили оператора {outlet} и разбили камеру. Полиция возбудила дело.",
            "Unknown men beat a {outlet} camera operator and broke the camera. Police opened a case.",
        ),
    ),
    Scenario(
        8,
        ("online-harassment", "threats"),
        ("online-mob", "unknown"),
        ("journalist", "blogger"),
        "online",
        (
            "{outlet} журналисі әлеуметтік желілерде қудалауға ұшырады",
            "Журналистка {outlet} подверглась травле в соцсетях",
            "{outlet} journalist targeted by an online harassment campaign",
        ),
        (
            "Материал жарияланғаннан кейін журналистке жүздеген қорлайтын хабарлама мен "
            "қоқан-лоқы келді.",
            "После публикации материала журналистка получила сотни оскорбительных сообщений и "
            "угроз.",
            "After her story was published, the journalist received hundreds of abusive messages "
            "and threats.",
        ),
        female_share=0.8,
        online=True,
    ),
    Scenario(
        2,
        ("doxxing", "sexualised-abuse"),
        ("online-mob",),
        ("journalist",),
        "online",
        (
            "{outlet} журналисінің жеке деректері желіге жарияланды",
            "В сеть выложили личные данные журналистки {outlet}",
            "Personal data of a {outlet} journalist posted online",
        ),
        (
            "Анонимді Telegram-арналар журналистің мекенжайын және жыныстық сипаттағы "
            "жалған суреттерді таратты.",
            "Анонимные Telegram-каналы распространили адрес журналистки и сфабрикованные "
            "изображения сексуального характера.",
            "Anonymous Telegram channels spread the journalist's address and fabricated sexualised "
            "images.",
        ),
        female_share=0.9,
        online=True,
    ),
    Scenario(
        2,
        ("hacking", "impersonation"),
        ("unknown",),
        ("journalist", "editor"),
        "online",
        (
            "{outlet} редакторының аккаунты бұзылды",
            "Взломан аккаунт редактора {outlet}",
            "Account of a {outlet} editor hacked",
        ),
        (
            "Бұзушылар редактордың атынан жалған хабарламалар жариялады.",
            "Взломщики публиковали от имени редактора фальшивые сообщения.",
            "The intruders posted fake messages in the editor's name.",
        ),
        online=True,
    ),
    Scenario(
        3,
        ("prosecutor-warning",),
        ("prosecutors",),
        ("outlet", "blogger"),
        "",
        (
            "{place}: прокуратура {outlet} басылымына ескерту жасады",
            "{place}: прокуратура вынесла предостережение {outlet}",
            "{place}: prosecutor's warning to {outlet}",
        ),
        (
            "Ескертуде сайлау туралы жарияланымдар «жалған ақпарат» деп аталды.",
            "В предостережении публикации о выборах названы «недостоверной информацией».",
            "The warning called the outlet's election coverage “unreliable information”.",
        ),
        proceeding=("pre_trial", ("kz-mml:26",)),
    ),
    Scenario(
        3,
        ("summons",),
        ("police",),
        ("journalist", "blogger"),
        "",
        (
            "{place}: журналист полицияға жауап алуға шақырылды",
            "{place}: журналиста вызвали на допрос в полицию",
            "{place}: journalist summoned for questioning",
        ),
        (
            "{outlet} журналисінен дереккөздері туралы сұрады.",
            "У журналиста {outlet} выясняли его источники.",
            "Police asked the {outlet} journalist about his sources.",
        ),
    ),
    Scenario(
        2,
        ("dismissal",),
        ("employer",),
        ("journalist", "media_worker"),
        "newsroom",
        (
            "{outlet} журналисі сыни материалдан кейін жұмыстан шығарылды",
            "Журналиста {outlet} уволили после критического материала",
            "{outlet} journalist dismissed after a critical story",
        ),
        (
            "Басшылық әкімдік өкілдерімен кездесуден кейін журналистпен келісімшартты бұзды.",
            "Руководство расторгло контракт с журналистом после встречи с представителями акимата.",
            "Management ended the journalist's contract after meeting akimat officials.",
        ),
    ),
)

STATUS_WEIGHTS = (
    ("published", 88),
    ("verified", 2),
    ("review", 3),
    ("received", 4),
    ("rejected", 2),
    ("duplicate", 1),
)


@dataclass
class VictimSpec:
    key: int
    kind: str
    name: str
    consent: bool
    gender: str
    role: str
    outlet: str


@dataclass
class ProceedingSpec:
    kind: str
    provision: str
    stage: str
    outcome: str
    damages_claimed: int | None = None
    damages_awarded: int | None = None
    fine: int | None = None


@dataclass
class GeneratedIncident:
    incident: Incident
    type_codes: list[str]
    victims: list[VictimSpec] = field(default_factory=list)
    perpetrators: list[tuple[str, str]] = field(default_factory=list)
    proceedings: list[ProceedingSpec] = field(default_factory=list)
    sources: list[tuple[str, str, str, datetime.date]] = field(default_factory=list)
    online: dict[str, Any] | None = None


def vocabulary() -> dict[str, Any]:
    return dict(json.loads(VOCABULARY.read_text(encoding="utf-8")))


def _weighted[T](rng: random.Random, choices: Iterable[tuple[T, float]]) -> T:
    items = list(choices)
    return rng.choices([c for c, _ in items], weights=[w for _, w in items])[0]


def generate_incidents(
    n: int, *, seed: int, start: datetime.date, end: datetime.date
) -> Iterator[GeneratedIncident]:
    """Yield n unsaved incidents dated between start and end (inclusive), reproducibly."""
    rng = random.Random(seed)  # noqa: S311 (fictional data, not secrets)
    data = vocabulary()
    sdg = {t["code"] for g in data["groups"] for t in g["types"] if t["sdg"]}
    region_codes = list(REGIONS)
    region_weights = [REGIONS[c][0] for c in region_codes]
    scenario_weights = [s.weight for s in SCENARIOS]
    span = (end - start).days + 1
    victim_pool: list[VictimSpec] = []
    now = timezone.now()
    for _index in range(n):
        scenario = rng.choices(SCENARIOS, weights=scenario_weights)[0]
        region = rng.choices(region_codes, weights=region_weights)[0]
        _w, place_kk, place_ru, place_en = REGIONS[region]
        outlet = rng.choice(OUTLETS)
        body = rng.choice(BODIES)
        words = {
            "place": "",
            "outlet": outlet,
            "body_kk": body[0],
            "body_ru": body[1],
            "body_en": body[2],
        }
        texts = []
        for lang, place in (("kk", place_kk), ("ru", place_ru), ("en", place_en)):
            i = ("kk", "ru", "en").index(lang)
            words["place"] = place
            texts.append((scenario.title[i].format(**words), scenario.summary[i].format(**words)))
        day = start + datetime.timedelta(days=rng.randrange(span))
        precision = _weighted(rng, (("day", 90), ("month", 8), ("year", 2)))
        status = _weighted(rng, STATUS_WEIGHTS)
        if status in ("published", "verified"):
            verification = _weighted(rng, (("verified", 75), ("partly", 25)))
        elif status == "review":
            verification = _weighted(rng, (("unverified", 70), ("partly", 30)))
        else:
            verification = "unverified"
        incident = Incident(
            title_kk=texts[0][0],
            title_ru=texts[1][0],
            title_en=texts[2][0],
            summary_kk=texts[0][1],
            summary_ru=texts[1][1],
            summary_en=texts[2][1],
            region_id=region,
            settlement=place_ru if rng.random() < 0.5 else "",
            context=scenario.context,
            status=status,
            verification=verification,
            origin="staff",
            created_at=now,
            updated_at=now,
        )
        incident.set_date(day, precision)
        if status == "published":
            incident.published_at = datetime.datetime.combine(
                min(day + datetime.timedelta(days=rng.randint(1, 20)), end),
                datetime.time(10, rng.randrange(60)),
                tzinfo=datetime.UTC,
            )
        type_codes = list(scenario.types)
        incident.sdg_16_10_1 = bool(sdg & set(type_codes))
        incident.search_text = search_text_of(
            [*(t for pair in texts for t in pair), incident.settlement]
        )
        item = GeneratedIncident(incident=incident, type_codes=type_codes)
        perpetrators = scenario.perpetrators or (body[3],)
        item.perpetrators.append(
            (
                rng.choice(perpetrators),
                _weighted(rng, (("confirmed", 60), ("likely", 30), ("alleged", 10))),
            )
        )
        for _v in range(_weighted(rng, ((1, 80), (2, 15), (3, 5)))):
            role = rng.choice(scenario.roles)
            if victim_pool and rng.random() < 0.2:
                victim = rng.choice(victim_pool)
            else:
                victim = _new_victim(rng, len(victim_pool) + 1, role, outlet, scenario)
                victim_pool.append(victim)
            if victim not in item.victims:
                item.victims.append(victim)
        incident.victim_count = len(item.victims)
        if scenario.proceeding:
            item.proceedings.append(_proceeding(rng, *scenario.proceeding))
        if scenario.online:
            item.online = {
                "forms": rng.sample(["threats", "insults", "sexualised", "doxxing", "smear"], 2),
                "platforms": rng.sample(["telegram", "instagram", "facebook", "tiktok", "x"], 2),
                "volume": rng.choice(["dozens", "hundreds", "thousands"]),
                "duration": rng.choice(["days", "weeks", "months"]),
                "coordination": rng.choice(["none", "suspected", "evident"]),
                "gendered": any(v.gender == "female" for v in item.victims),
                "impact": rng.sample(["self_censorship", "stopped_topic", "off_social"], 1),
            }
        slug = outlet.lower().replace(" ", "")
        item.sources.append(
            (texts[1][0], f"https://{slug}.example/news/{rng.randrange(10**6)}", outlet, day)
        )
        yield item


def _new_victim(
    rng: random.Random, key: int, role: str, outlet: str, scenario: Scenario
) -> VictimSpec:
    if role == "outlet":
        return VictimSpec(key, "outlet", outlet, True, "", "outlet", outlet)
    female = rng.random() < scenario.female_share
    first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
    surname = rng.choice(SURNAMES) + ("ова" if female else "ов")
    return VictimSpec(
        key,
        "person",
        f"{first} {surname}",
        rng.random() < 0.6,
        _weighted(rng, (("female" if female else "male", 95), ("", 5))),
        role,
        outlet,
    )


def _proceeding(rng: random.Random, kind: str, provisions: tuple[str, ...]) -> ProceedingSpec:
    stage = _weighted(
        rng,
        (
            ("opened", 20),
            ("investigation", 20),
            ("trial", 25),
            ("verdict", 20),
            ("appeal", 5),
            ("closed", 10),
        ),
    )
    outcome = ""
    spec = ProceedingSpec(kind, rng.choice(provisions), stage, outcome)
    if stage in ("verdict", "appeal", "closed"):
        if kind == "civil":
            spec.damages_claimed = rng.choice([1, 5, 10, 20, 50]) * 1_000_000
            spec.outcome = _weighted(rng, (("upheld", 55), ("rejected", 30), ("settled", 15)))
            if spec.outcome == "upheld":
                spec.damages_awarded = spec.damages_claimed // rng.choice([2, 5, 10])
        elif kind == "administrative":
            spec.outcome = _weighted(rng, (("fined", 70), ("dismissed", 30)))
            if spec.outcome == "fined":
                spec.fine = rng.choice([20, 50, 100]) * 3932
        else:
            spec.outcome = _weighted(rng, (("convicted", 60), ("dismissed", 25), ("acquitted", 15)))
    elif kind == "civil":
        spec.damages_claimed = rng.choice([1, 5, 10, 20, 50]) * 1_000_000
    return spec


STAGES = ("opened", "investigation", "charged", "trial", "verdict", "appeal", "closed")


def insert_generated(items: Iterable[GeneratedIncident], *, batch_size: int = 2000) -> int:
    """Write the generated incidents with everything linked to them; returns how many."""
    groups = dict(_type_groups())
    states = dict(_perpetrator_states())
    victims_by_key: dict[int, Victim] = {}
    writer = _Writer()
    total = 0
    batch: list[GeneratedIncident] = []
    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            total += _insert_batch(batch, groups, states, victims_by_key, writer)
            batch = []
    if batch:
        total += _insert_batch(batch, groups, states, victims_by_key, writer)
    return total


def _type_groups() -> Iterator[tuple[str, str]]:
    for group in vocabulary()["groups"]:
        for kind in group["types"]:
            yield kind["code"], group["code"]


def _perpetrator_states() -> Iterator[tuple[str, bool]]:
    for kind in vocabulary()["perpetrators"]:
        yield kind["code"], kind["state"]


class _Writer:
    """Bulk inserts. On SQLite, rows go straight to `executemany` with ids assigned here (Django's
    bulk_create spends most of its time compiling SQL); elsewhere bulk_create returns the ids."""

    def __init__(self) -> None:
        self.fast = connection.vendor == "sqlite"
        self.next_id: dict[type[models.Model], int] = {}

    def _sql(self, model: type[models.Model], fields: list[Any]) -> str:
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        marks = ", ".join("%s" for _ in fields)
        return f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})"  # noqa: S608

    def insert(self, model: type[models.Model], objs: list[Any]) -> None:
        """Model instances that later rows point at: they get their ids here."""
        if not objs:
            return
        if not self.fast:
            model._default_manager.bulk_create(objs, batch_size=1000)
            return
        if model not in self.next_id:
            last = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self.next_id[model] = last + 1
        first = self.next_id[model]
        for offset, obj in enumerate(objs):
            obj.pk = first + offset
        self.next_id[model] = first + len(objs)
        fields = list(model._meta.concrete_fields)
        names = [f.attname for f in fields]
        plain = [_needs_conversion(f) for f in fields]
        rows = [
            tuple(
                _plain(getattr(obj, name)) if convert else getattr(obj, name)
                for name, convert in zip(names, plain, strict=True)
            )
            for obj in objs
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self._sql(model, fields), rows)
        for obj in objs:
            obj._state.adding = False

    def rows(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        """Rows nothing points at, as {attname: value}; other fields take their defaults."""
        if not rows:
            return
        if not self.fast:
            model._default_manager.bulk_create([model(**row) for row in rows], batch_size=1000)
            return
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        defaults = [_plain(f.get_default()) for f in fields]
        names = [f.attname for f in fields]
        plain = [_needs_conversion(f) for f in fields]
        data = [
            tuple(
                (_plain(row[name]) if convert else row[name]) if name in row else default
                for name, default, convert in zip(names, defaults, plain, strict=True)
            )
            for row in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self._sql(model, fields), data)


def _needs_conversion(field: Any) -> bool:
    return isinstance(field, models.DateField | models.JSONField)


def _plain(value: Any) -> Any:
    """A value as Django's SQLite backend stores it."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


@transaction.atomic
def _insert_batch(
    batch: list[GeneratedIncident],
    groups: dict[str, str],
    states: dict[str, bool],
    victims_by_key: dict[int, Victim],
    writer: _Writer,
) -> int:
    writer.insert(Incident, [item.incident for item in batch])
    new_victims = []
    for item in batch:
        for spec in item.victims:
            if spec.key not in victims_by_key:
                victims_by_key[spec.key] = Victim(
                    kind=spec.kind,
                    name=spec.name,
                    consent_to_name=spec.consent,
                    gender=spec.gender,
                    role=spec.role,
                    employment="" if spec.kind == "outlet" else "staff",
                )
                new_victims.append(victims_by_key[spec.key])
    writer.insert(Victim, new_victims)
    types: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    perps: list[dict[str, Any]] = []
    sources: list[dict[str, Any]] = []
    onlines = []
    proceedings: list[tuple[Proceeding, ProceedingSpec, datetime.date]] = []
    for item in batch:
        incident = item.incident
        pk = incident.pk
        types += [
            {"incident_id": pk, "type_id": code, "group_id": groups[code]}
            for code in item.type_codes
        ]
        links += [
            {
                "incident_id": pk,
                "victim_id": victims_by_key[spec.key].pk,
                "role": spec.role,
                "gender": spec.gender,
                "targeted_for_work": "yes",
            }
            for spec in item.victims
        ]
        perps += [
            {
                "incident_id": pk,
                "kind_id": kind,
                "confidence": confidence,
                "is_state": states[kind],
            }
            for kind, confidence in item.perpetrators
        ]
        for proc_spec in item.proceedings:
            proceeding = Proceeding(
                incident_id=pk,
                kind=proc_spec.kind,
                provision=proc_spec.provision,
                provision_article=":".join(proc_spec.provision.split(":")[:2]),
                stage=proc_spec.stage,
                outcome=proc_spec.outcome,
                damages_claimed_kzt=proc_spec.damages_claimed,
                damages_awarded_kzt=proc_spec.damages_awarded,
                fine_kzt=proc_spec.fine,
            )
            proceedings.append((proceeding, proc_spec, incident.date))
        sources += [
            {"incident_id": pk, "title": title, "url": url, "outlet": outlet, "date": date}
            for title, url, outlet, date in item.sources
        ]
        if item.online is not None:
            onlines.append(OnlineViolence(incident_id=pk, **item.online))
    writer.rows(IncidentType, types)
    writer.rows(IncidentVictim, links)
    writer.rows(IncidentPerpetrator, perps)
    writer.insert(Proceeding, [p for p, _s, _d in proceedings])
    history = [
        {
            "proceeding_id": proceeding.pk,
            "stage": stage,
            "date": date + datetime.timedelta(days=7 * step),
        }
        for proceeding, proc_spec, date in proceedings
        for step, stage in enumerate(STAGES[: STAGES.index(proc_spec.stage) + 1])
    ]
    writer.rows(ProceedingStatus, history)
    writer.rows(Source, sources)
    writer.insert(OnlineViolence, onlines)
    return len(batch)
