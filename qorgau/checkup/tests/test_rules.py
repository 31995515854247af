"""Rule-based risks: each type found in Russian, Kazakh and English drafts at its exact span, the
near misses a journalist writes every day left alone, texts and citations for every finding type,
the lexicon files loadable and documented, and no input that breaks the rules."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qorgau.checkup.engine import rules
from qorgau.checkup.engine.model import TYPES
from qorgau.checkup.engine.rules import RABAT_FACTORS, RuleMatch, find_risks, message, rabat_notes
from qorgau.checkup.engine.segment import segment
from qorgau.library.citations import parse_key

IDENTIFIER_TYPES = {
    "iin", "bin", "iban", "card", "phone", "email", "id_document", "address", "vehicle_plate",
    "birth_date",
}  # fmt: skip
RULE_TYPES = set(TYPES) - IDENTIFIER_TYPES - {"person"}


def risks(text: str, **options: object) -> list[RuleMatch]:
    matches = find_risks(text, segment(text), **options)  # type: ignore[arg-type]
    for match in matches:
        assert 0 <= match.start <= match.end <= len(text)
        assert text[match.start : match.end] == match.text
        assert match.severity in {"low", "medium", "high"}
        assert match.type in RULE_TYPES
    return matches


def of_type(text: str, type_: str, **options: object) -> list[RuleMatch]:
    return [m for m in risks(text, **options) if m.type == type_]


def severity(text: str, type_: str, **options: object) -> str:
    """The highest severity of `type_` in the text, or "none"."""
    order = ["none", "low", "medium", "high"]
    return max(
        (m.severity for m in of_type(text, type_, **options)), key=order.index, default="none"
    )


# --- each type, in each language, with its severity ---------------------------------------------

FOUND = [
    # accusation stated as fact; attributed or hedged it is only low
    ("accusation", "high", "Аким Алмалинского района Серик Ахметов украл из бюджета 200 миллионов тенге."),
    ("accusation", "high", "Аудан әкімі Серік Ахметов бюджеттен 200 миллион теңге ұрлады."),
    ("accusation", "high", "Almaty mayor John Petrov stole 200 million tenge from the city budget."),
    ("accusation", "high", "Директор ТОО «Құрылыс» Болат Сериков — мошенник и вор."),
    ("accusation", "low", "По словам источника, аким Ахметов якобы получил взятку от застройщика."),
    ("accusation", "low", "Дереккөздің айтуынша, әкім Ахметов құрылыс компаниясынан пара алған болуы мүмкін."),
    ("accusation", "low", "According to a source, Mayor Petrov allegedly took a bribe from a developer."),
    # insult: high next to a name, medium otherwise
    ("insult", "high", "Этот идиот Касымов опять всё провалил."),
    ("insult", "high", "Мына ақымақ Қасымов тағы бәрін бүлдірді."),
    ("insult", "high", "That idiot Kasymov has ruined everything again."),
    ("insult", "medium", "Какой же он придурок, если верит в это!"),
    # alarm without a source; casualties, calls to forward or rumours make it high
    ("unverified_alarm", "high", "В Шымкенте прогремел взрыв, погибли 12 человек, срочно распространите!"),
    ("unverified_alarm", "high", "Шымкентте жарылыс болып, 12 адам қаза тапты, тез арада таратыңыз!"),
    ("unverified_alarm", "high", "A huge explosion hit Shymkent and 12 people were killed, share this now!"),
    ("unverified_alarm", "high", "В Алматы вспышка холеры, власти скрывают."),
    ("unverified_alarm", "high", "Алматыда тырысқақ індеті өршіп жатыр, билік жасырып отыр."),
    ("unverified_alarm", "medium", "There is a cholera outbreak in the east of Almaty."),
    # hostile generalisations about groups
    ("group_hostility", "high", "Все уйгуры — паразиты и воры."),
    ("group_hostility", "high", "Барлық ұйғырлар — паразиттер мен ұрылар."),
    ("group_hostility", "high", "All Uyghurs are parasites and thieves."),
    ("group_hostility", "high", "Все выходцы из младшего жуза — предатели."),
    ("group_hostility", "high", "Кіші жүздің бәрі — сатқындар."),
    ("group_hostility", "high", "Christians are always enemies of the nation."),
    ("group_hostility", "medium", "Мигранты отнимают наши рабочие места."),
    ("group_hostility", "medium", "Қытайлар біздің жұмыс орындарымызды тартып алып жатыр."),
    # calls to violence
    ("call_to_violence", "high", "Давайте выгоним их всех из города!"),
    ("call_to_violence", "high", "Бейте предателей!"),
    ("call_to_violence", "high", "Оларды қаладан қуып шығайық!"),
    ("call_to_violence", "high", "Сатқындарды өлтіріңдер!"),
    ("call_to_violence", "high", "Let's drive them all out of the city!"),
    ("call_to_violence", "high", "Kill the traitors!"),
    # praise of terrorism
    ("extremism", "high", "Слава шахидам, которые совершили теракт!"),
    ("extremism", "high", "Теракт жасаған шейіттерге мәңгілік даңқ!"),
    ("extremism", "high", "Glory to the martyrs who carried out the attack!"),
    # suicide methods
    ("suicide", "high", "Вот самый надежный способ самоубийства: таблетки снотворного в дозе 50 мг."),
    ("suicide", "high", "Өзін-өзі өлтірудің ең сенімді тәсілі — ұйықтататын дәрінің 50 мг мөлшері."),
    ("suicide", "high", "The most reliable method of suicide is 50 mg of sleeping pills."),
    # secret and restricted documents
    ("restricted_info", "high", "Документ с грифом «Совершенно секретно» оказался в распоряжении редакции."),
    ("restricted_info", "high", "«Өте құпия» грифі бар құжат редакцияның қолына түсті."),
    ("restricted_info", "high", "A document marked top secret reached the newsroom."),
    ("restricted_info", "medium", "В распоряжении редакции оказалась записка с пометкой «Для служебного пользования»."),
    ("restricted_info", "medium", "Хатта «Қызметтік пайдалану үшін» деген белгі бар."),
    ("restricted_info", "medium", "The memo was stamped for official use only."),
    # health of a person
    ("health", "medium", "Депутат Иванов болен раком и проходит лечение в Германии."),
    ("health", "medium", "Депутат Иванов қатерлі ісікпен ауырады және Германияда емделіп жүр."),
    ("health", "medium", "MP Ivanov has cancer and is being treated in Germany."),
    # minors as victims or suspects: high when something identifies the child
    ("minor", "high", "14-летняя ученица школы № 25 стала жертвой насилия, её мать рассказала нам всё."),
    ("minor", "high", "14 жастағы №25 мектеп оқушысы зорлық-зомбылық құрбаны болды, оның анасы бізге бәрін айтып берді."),
    ("minor", "high", "A 14-year-old pupil in Taraz was the victim of an assault, her mother told us."),
    ("minor", "medium", "Задержан 16-летний подросток, подозреваемый в краже."),
    ("minor", "medium", "Ұрлық жасады деген күдікпен 16 жастағы жасөспірім ұсталды."),
    ("minor", "medium", "Police detained a 16-year-old suspected of theft."),
    # leftovers of chat assistants
    ("ai_residue", "medium", "Конечно! Вот ваш текст статьи об акимате."),
    ("ai_residue", "medium", "Мен тілдік модель ретінде бұл сұраққа жауап бере алмаймын."),
    ("ai_residue", "medium", "As an AI language model, I cannot browse the internet."),
    ("ai_residue", "medium", "The minister, [Insert name], opened the new school."),
]  # fmt: skip


@pytest.mark.parametrize(("type_", "expected", "text"), FOUND)
def test_it_finds_each_risk_at_its_severity(type_: str, expected: str, text: str) -> None:
    assert severity(text, type_) == expected


NOT_FOUND = [
    # a court decision reported, a denial, the accused as victim
    ("accusation", "Суд признал бывшего акима Ахметова виновным в получении взятки."),
    ("accusation", "Сот бұрынғы әкім Ахметовты пара алғаны үшін кінәлі деп таныды."),
    ("accusation", "The court found former mayor Petrov guilty of taking a bribe."),
    ("accusation", "Ахметов никогда не брал взяток, заявил его адвокат."),
    ("accusation", "Ахметов ешқашан пара алмаған."),
    ("accusation", "Smith never took bribes, his lawyer said."),
    ("accusation", "Пенсионерка Мария Петрова стала жертвой мошенников."),
    ("accusation", "Pensioner Mary Smith fell victim to fraudsters."),
    ("accusation", "У Марата Искакова украли машину."),
    # insults negated
    ("insult", "Он не идиот, просто устал."),
    ("insult", "Ол ақымақ емес."),
    ("insult", "He is not an idiot."),
    # alarms with a source, in the sentence or earlier in the paragraph
    ("unverified_alarm", "По данным МЧС, в результате взрыва газа погибли два человека."),
    ("unverified_alarm", "ТЖМ мәліметінше, газ жарылысынан екі адам қаза тапты."),
    ("unverified_alarm", "According to the Emergencies Ministry, two people were killed in a gas explosion."),
    ("unverified_alarm", "Как сообщили в акимате Тараза, ночью в городе произошёл взрыв газа. Погибли два человека."),
    ("unverified_alarm", "Паники нет, не поддавайтесь панике."),
    # groups named without hostility
    ("group_hostility", "В Алматы живут казахи, русские, уйгуры и дунгане."),
    ("group_hostility", "Алматыда қазақтар, орыстар, ұйғырлар мен дүнгендер тұрады."),
    ("group_hostility", "Kazakhs, Russians, Uyghurs and Dungans live in Almaty."),
    ("group_hostility", "Мусульмане не едят свинину, а православные постятся перед Пасхой."),
    ("group_hostility", "Пенсионеры жалуются, что у них отнимают льготы."),
    # violence described or refused, not called for
    ("call_to_violence", "Нельзя бить людей."),
    ("call_to_violence", "Вчера полицейские избили задержанных."),
    ("call_to_violence", "Оларды өлтіруге болмайды."),
    ("call_to_violence", "Police must not beat protesters."),
    ("call_to_violence", "Нужно сжечь старый мусор."),
    # terrorism reported and condemned
    ("extremism", "Теракт в Москве осудили во всём мире."),
    ("extremism", "Әлем елдері лаңкестік шабуылды айыптады."),
    ("extremism", "The attack was condemned around the world."),
    ("extremism", "По данным КНБ, боевики ИГИЛ задержаны в Актобе."),
    # suicide prevention, and a death reported without its method
    ("suicide", "Самоубийство — не выход: если вам тяжело, позвоните на телефон доверия."),
    ("suicide", "Өзін-өзі өлтірудің алдын алу үшін сенім телефонына хабарласыңыз."),
    ("suicide", "Suicide prevention experts urge anyone in crisis to call a helpline."),
    # the word "secret" outside a secrecy stamp
    ("restricted_info", "Секретарь суда огласил решение."),
    ("restricted_info", "The Secretary of State visited Astana."),
    ("restricted_info", "Дело имеет особую важность для жителей района."),
    # health in statistics, about no one
    ("health", "В Казахстане выявлено 300 новых случаев рака."),
    ("health", "Қазақстанда қатерлі ісіктің 300 жаңа жағдайы анықталды."),
    ("health", "Kazakhstan registered 300 new cases of cancer."),
    # minors neither victims nor suspects; adults
    ("minor", "14-летний школьник из Тараза победил на олимпиаде по математике."),
    ("minor", "A 14-year-old pupil won the national chess championship."),
    ("minor", "Задержан 18-летний студент, подозреваемый в краже."),
    # text about language models is not their leftover
    ("ai_residue", "Языковая модель, как пояснил эксперт, не заменит журналиста."),
    ("ai_residue", "Experts said a language model cannot replace reporters."),
]  # fmt: skip


@pytest.mark.parametrize(("type_", "text"), NOT_FOUND)
def test_it_leaves_near_misses_alone(type_: str, text: str) -> None:
    assert of_type(text, type_) == []


# --- spans and details --------------------------------------------------------------------------


def test_spans_index_the_whole_draft_not_the_paragraph() -> None:
    text = (
        "Акимат Тараза отчитался о ремонте дорог.\n\n"
        "Жители довольны.\n\n"
        "Говорят, аким Ахметов украл деньги на ремонт. Этот идиот Касымов всё провалил."
    )
    found = {m.type: m for m in risks(text)}
    assert found["insult"].text == "идиот"
    assert found["insult"].start == text.index("идиот")
    assert found["accusation"].text == "Говорят, аким Ахметов украл деньги на ремонт."


def test_claims_span_their_sentence_and_words_span_the_word() -> None:
    text = (
        "  В Шымкенте прогремел взрыв, погибли 12 человек!  Документ «Совершенно секретно» у нас.  "
    )
    alarm, secret = of_type(text, "unverified_alarm")[0], of_type(text, "restricted_info")[0]
    assert alarm.text == "В Шымкенте прогремел взрыв, погибли 12 человек!"
    assert secret.text == "Совершенно секретно"


def test_an_attributed_accusation_says_so() -> None:
    [match] = of_type("По словам источника, аким Ахметов якобы получил взятку.", "accusation")
    assert match.details["attributed"] is True
    [match] = of_type("Аким Ахметов получил взятку от застройщика.", "accusation")
    assert match.details["attributed"] is False


def test_group_hostility_explains_the_six_rabat_factors() -> None:
    [match] = of_type("Все уйгуры — паразиты и воры.", "group_hostility")
    rabat = match.details["rabat"]
    assert isinstance(rabat, dict)
    assert list(rabat) == list(RABAT_FACTORS)
    assert rabat["content_form"]["judged_by"] == "engine"
    assert rabat["content_form"]["observed"]["dehumanising"] == "паразиты"
    for factor in RABAT_FACTORS:
        parse_key(rabat[factor]["citation"])
        assert set(rabat[factor]["note"]) == {"kk", "ru", "en"}
        if factor != "content_form":
            assert rabat[factor]["judged_by"] == "human"


def test_a_call_against_a_group_carries_the_rabat_factors_too() -> None:
    [match] = of_type("Мигрантов надо выгнать из города!", "call_to_violence")
    assert set(match.details["rabat"]) == set(RABAT_FACTORS)  # type: ignore[arg-type]


def test_minor_lists_what_identifies_the_child() -> None:
    [match] = of_type(
        "14-летняя ученица школы № 25 стала жертвой насилия, её мать рассказала нам всё.", "minor"
    )
    assert match.details["minor"] == "14-летняя"
    assert "школы № 25" in match.details["identifying"]  # type: ignore[operator]


def test_a_name_model_sharpens_the_person_detectors() -> None:
    text = "Ерлан давно болен диабетом."
    assert of_type(text, "health") == []
    [match] = of_type(text, "health", names=[(0, 5)])
    assert match.text == "болен диабетом"


def test_a_russian_sentence_in_a_paragraph_taken_for_kazakh_uses_russian_words() -> None:
    text = "Директор ТОО «Құрылыс» Болат Сериков — мошенник и вор."
    assert segment(text)[0].lang == "kk"
    assert severity(text, "accusation") == "high"


# --- quotations ---------------------------------------------------------------------------------

LONG_RU = (
    "«Мы провели проверку во всех районах области и выявили серьёзные нарушения при строительстве "
    "школ, больниц и дорог. Подрядчики систематически занижали качество материалов, а технадзор "
    "закрывал на это глаза. Часть объектов придётся переделывать за счёт подрядчиков, по остальным "
    "мы направили материалы в прокуратуру. Мы будем ежемесячно публиковать отчёты о ходе работ, "
    "чтобы жители могли сами следить за тем, как расходуются бюджетные деньги», — сказал аким."
)
LONG_KK = (
    "«Біз облыстың барлық аудандарында тексеру жүргізіп, мектептер, ауруханалар мен жолдар "
    "құрылысында елеулі бұзушылықтар анықтадық. Мердігерлер материалдардың сапасын жүйелі түрде "
    "төмендетіп келген, ал техникалық қадағалау бұған көз жұмып қараған. Кейбір нысандарды "
    "мердігерлердің есебінен қайта салуға тура келеді, қалғандары бойынша материалдарды "
    "прокуратураға жолдадық. Тұрғындар бюджет қаражатының қалай жұмсалып жатқанын өздері бақылап "
    "отыруы үшін жұмыс барысы туралы есептерді ай сайын сайтта жариялап, тұрғындармен кездесулерде "
    "түсіндіріп отырамыз», — деді облыс әкімі."
)
LONG_EN = (
    "“We inspected every district of the region and found serious violations in the construction "
    "of schools, hospitals and roads. Contractors systematically used cheaper materials, and the "
    "technical supervisors turned a blind eye. Some of the buildings will have to be rebuilt at "
    "the contractors' expense, and we have sent the other cases to the prosecutor's office. We "
    "will publish monthly reports on the work so that residents can see for themselves how budget "
    "money is spent,” the regional governor said."
)


@pytest.mark.parametrize("text", [LONG_RU, LONG_KK, LONG_EN])
def test_a_quotation_over_sixty_words_is_flagged_even_with_its_author(text: str) -> None:
    [match] = of_type(text, "long_quotation")
    assert match.severity == "medium"
    assert match.details["attributed"] is True
    assert int(match.details["words"]) > 60  # type: ignore[call-overload]
    assert match.text[0] in "«“" and match.text[-1] in "»”"


def test_an_unattributed_quotation_of_some_length_is_flagged() -> None:
    text = (
        "На стене подъезда появилась надпись: «Мы живём в этом доме двадцать лет, и за всё это "
        "время никто из чиновников ни разу не пришёл посмотреть, в каких условиях растут наши "
        "дети и как зимой замерзают старики»."
    )
    [match] = of_type(text, "long_quotation")
    assert match.details == {"words": 31, "attributed": False}


@pytest.mark.parametrize(
    "text",
    [
        "«Мы будем публиковать отчёты о ремонте дорог каждый месяц», — сказал аким.",
        "«Жол жөндеу туралы есептерді ай сайын жариялаймыз», — деді әкім.",
        "“We will publish reports on the road repairs every month,” the mayor said.",
        "Аким пообещал: «Мы будем ежемесячно публиковать отчёты о ходе работ, чтобы жители видели, "
        "как расходуются бюджетные деньги, и могли задать вопросы на встречах с акиматом», — "
        "пишет местная газета.",
    ],
)
def test_a_quotation_under_the_limit_with_its_author_is_fine(text: str) -> None:
    assert of_type(text, "long_quotation") == []


# --- AI -----------------------------------------------------------------------------------------

AI_DRAFT = "Акимат Тараза отчитался о ремонте дорог. Жители довольны результатами."


def test_an_ai_assisted_draft_without_a_disclosure_line_is_flagged_as_a_whole() -> None:
    [match] = of_type(AI_DRAFT, "undisclosed_ai", ai_assisted=True)
    assert (match.start, match.end, match.text, match.severity) == (0, 0, "", "high")
    assert of_type(AI_DRAFT, "undisclosed_ai") == []


@pytest.mark.parametrize(
    "disclosure",
    [
        "Материал подготовлен с использованием искусственного интеллекта.",
        "Текст подготовлен с помощью ИИ.",
        "Иллюстрация: нейросеть Midjourney.",
        "Материал жасанды интеллект көмегімен дайындалды.",
        "Мәтін ЖИ көмегімен жазылды.",
        "This article was prepared with the help of artificial intelligence.",
        "AI-generated illustration.",
    ],
)
def test_a_disclosure_line_in_any_language_satisfies_the_rule(disclosure: str) -> None:
    assert of_type(f"{AI_DRAFT}\n\n{disclosure}", "undisclosed_ai", ai_assisted=True) == []


def test_a_mere_mention_of_ai_is_no_disclosure() -> None:
    text = "Министр рассказал об искусственном интеллекте в школах."
    assert len(of_type(text, "undisclosed_ai", ai_assisted=True)) == 1


# --- messages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("type_", sorted(TYPES))
@pytest.mark.parametrize("ui_lang", ["kk", "ru", "en"])
def test_every_finding_type_has_a_message_a_recommendation_and_valid_citations(
    type_: str, ui_lang: str
) -> None:
    text, recommendation, citations = message(type_, ui_lang)
    assert len(text) > 20 and len(recommendation) > 20
    assert "{" not in text + recommendation  # no placeholder left unfilled
    for key in citations:
        assert parse_key(key).key == key


def test_messages_differ_by_language_and_kazakh_is_kazakh() -> None:
    for type_ in TYPES:
        kk, ru, en = (message(type_, lang)[0] for lang in ("kk", "ru", "en"))
        assert len({kk, ru, en}) == 3
        assert re.search("[әғқңөұүһі]", kk), type_


@pytest.mark.parametrize(
    ("type_", "expected"),
    [
        ("accusation", "kz-cao:73-3"),
        ("insult", "kz-cc:131"),
        ("unverified_alarm", "kz-cc:274"),
        ("group_hostility", "rabat:29"),
        ("call_to_violence", "kz-cc:174"),
        ("extremism", "kz-mml:2:4"),
        ("suicide", "kz-mml:11"),
        ("restricted_info", "kz-cc:185"),
        ("minor", "kz-mml:14:5"),
        ("undisclosed_ai", "kz-mml:14:7"),
        ("iin", "kz-pdl:7:3"),
    ],
)
def test_the_provisions_that_apply_are_cited(type_: str, expected: str) -> None:
    assert expected in message(type_, "en")[2]


def test_message_refuses_an_unknown_interface_language() -> None:
    with pytest.raises(ValueError, match="de"):
        message("insult", "de")


def test_the_rabat_notes_are_written_in_each_language() -> None:
    for lang in ("kk", "ru", "en"):
        notes = rabat_notes(lang)
        assert list(notes) == list(RABAT_FACTORS) and all(notes.values())


# --- the data files -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_lexicon_file_loads_and_documents_its_sections(lang: str) -> None:
    path = rules.DATA / "rules" / f"{lang}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    sections = {key for key in data if not key.startswith("_")}
    assert sections <= set(data["_doc"])
    rules._rules.cache_clear()
    compiled = rules._rules(lang)
    assert compiled.index and all(compiled.regexes.values())


def test_the_lexicon_files_have_the_same_lists() -> None:
    keys = [
        set(rules._lists(json.loads((rules.DATA / "rules" / f"{lang}.json").read_text())))
        for lang in ("kk", "ru", "en")
    ]
    assert keys[0] == keys[1] == keys[2]


def test_messages_cover_every_type_of_the_report() -> None:
    data = json.loads((rules.DATA / "messages.json").read_text(encoding="utf-8"))
    assert set(data["types"]) == set(TYPES)
    assert set(data["rabat"]) == set(RABAT_FACTORS)


def test_a_malformed_entry_is_refused_with_its_list_named() -> None:
    with pytest.raises(ValueError, match=r"insult\.terms"):
        rules._compile_entry("insult.terms", "... дурак", "ru")
    with pytest.raises(ValueError, match="two letters"):
        rules._compile_entry("insult.terms", "д*", "ru")


# --- robustness ---------------------------------------------------------------------------------

TRIGGERS = [
    "аким", "Ахметов", "украл", "взятку", "по словам", "суд признал", "идиот", "взрыв", "погибли",
    "12", "срочно", "уйгуры", "все", "паразиты", "давайте", "выгоним", "их", "слава шахидам",
    "способ", "самоубийства", "мг", "«", "»", "“", "”", '"', "секретно", "болен", "раком",
    "14-летний", "школьник", "жертва", "әкім", "ұрлады", "пара алмады", "жарылыс", "ұйғырлар",
    "барлығы", "өлтіріңдер", "stole", "allegedly", "idiot", "killed", "Uyghurs", "all", "kill",
    "them", "Certainly! Here is", "[Insert name]", "Как языковая модель", "емес", "не", "not",
    ".", "!", "?", ",", " — ", "\n", "\n\n", " ", "ё", "İ", "\u0301", "ß",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.booleans())
def test_find_risks_never_fails_on_any_text(text: str, ai_assisted: bool) -> None:
    risks(text, ai_assisted=ai_assisted)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TRIGGERS), max_size=400), st.booleans())
def test_find_risks_never_fails_on_text_made_of_its_own_triggers(
    pieces: list[str], ai_assisted: bool
) -> None:
    risks(" ".join(pieces), ai_assisted=ai_assisted)
