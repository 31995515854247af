"""Tokens, stems and language guesses of the full-text search, with the Kazakh stemmer's word
forms taken from statutes and press reports."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qorgau.library.analysis import analyse, detect_lang, stem, stem_kazakh, tokens

# --- tokens -------------------------------------------------------------------------------------


def test_it_splits_on_punctuation_and_lowers_case() -> None:
    assert tokens("Статья 274. «Распространение» заведомо ложной информации!") == [
        "статья",
        "274",
        "распространение",
        "заведомо",
        "ложной",
        "информации",
    ]


def test_it_keeps_hyphenated_article_numbers_whole() -> None:
    assert tokens("ст. 73-3 КоАП, 456‑1 (non-breaking hyphen)") == [
        "ст",
        "73-3",
        "коап",
        "456-1",
        "non",
        "breaking",
        "hyphen",
    ]


def test_it_splits_hyphenated_words() -> None:
    assert tokens("закон о масс-медиа, 274-бабы") == ["закон", "о", "масс", "медиа", "274", "бабы"]


def test_it_reads_yo_as_ye() -> None:
    assert tokens("Ёлка, ещё, ребёнок") == ["елка", "еще", "ребенок"]


def test_it_keeps_kazakh_letters() -> None:
    assert tokens("Баспасөз бостандығы — ҚР Конституциясының 20-бабы") == [
        "баспасөз",
        "бостандығы",
        "қр",
        "конституциясының",
        "20",
        "бабы",
    ]


def test_it_reads_a_latin_i_inside_a_kazakh_word_as_kazakh() -> None:
    assert tokens("Кодексiнiң iсi, but Latin stays") == [
        "кодексінің",
        "ісі",
        "but",
        "latin",
        "stays",
    ]


def test_it_ignores_soft_hyphens_and_composes_decomposed_letters() -> None:
    assert tokens("инфор\u00adмация и\u0306од") == ["информация", "йод"]


@given(st.text())
def test_tokens_are_never_empty_and_never_contain_spaces(text: str) -> None:
    for token in tokens(text):
        assert token
        assert not any(ch.isspace() for ch in token)


# --- Kazakh stems -------------------------------------------------------------------------------

KAZAKH = {
    # the examples of the brief
    "журналистерге": "журнали",
    "құқықтарын": "құқық",
    "ақпаратты": "ақпарат",
    "бостандығы": "бостандық",
    "сотқа": "сот",
    "заңның": "заң",
    "баспасөздің": "баспасөз",
    # cases
    "соттың": "сот",
    "сотта": "сот",
    "соттан": "сот",
    "сөзге": "сөз",
    "сөздің": "сөз",
    "заңға": "заң",
    "заңнан": "заң",
    "заңмен": "заң",
    "адамды": "адам",
    "баланың": "бала",
    "баланы": "бала",
    "елде": "ел",
    "іске": "іс",
    "мемлекетке": "мемлекет",
    "ақпаратпен": "ақпарат",
    "цензураға": "цензура",
    "таратуға": "тарату",
    "Қазақстандағы": "қазақстан",
    # possessives, alone and before a case
    "сөзі": "сөз",
    "ісі": "іс",
    "ісінде": "іс",
    "баласына": "бала",
    "баласымен": "бала",
    "жүйесінде": "жүйе",
    "Конституциясының": "конституция",
    "кодексінің": "кодекс",
    "құқығымыз": "құқық",
    "құқығыңыз": "құқық",
    # plurals, alone and with possessives and cases
    "соттар": "сот",
    "сөздер": "сөз",
    "адамдар": "адам",
    "балалар": "бала",
    "заңдарының": "заң",
    "құқықтардың": "құқық",
    "депутаттар": "депутат",
    "мәселелер": "мәселе",
    # ғ/қ, г/к, б/п before a vowel
    "құқығы": "құқық",
    "құқығына": "құқық",
    "бостандығын": "бостандық",
    "мүмкіндігі": "мүмкіндік",
    "кітабы": "кітап",
    "жауабы": "жауап",
    # loans in -ст drop the т before a consonant, as Kazakh spelling does; a final с or н after a
    # vowel goes too, since бала-сы and облыс-ы, бала-ны and орган-ы cannot be told apart
    "журналист": "журнали",
    "журналиске": "журнали",
    "журналистің": "журнали",
    "облысы": "обл",
    "облыстарда": "обл",
    "жұмысына": "жұм",
    "органы": "орга",
    "органдардың": "орга",
    "Мәжілісінде": "мәжіл",
    # short roots keep their consonant
    "досы": "дос",
    "басын": "бас",
    # derivation stays
    "мемлекеттік": "мемлекеттік",
    "тілшілер": "тілш",
    # roots that only look inflected
    "тұлғаның": "тұлға",
    "мәтіні": "мәтін",
    "мәтінде": "мәтін",
    "дінге": "дін",
    "Қазақстан": "қазақстан",
    "сахна": "сахна",
    "доллар": "доллар",
}


@pytest.mark.parametrize(("word", "expected"), KAZAKH.items())
def test_it_stems_kazakh_word_forms(word: str, expected: str) -> None:
    assert stem(word.lower(), "kk") == expected


def test_kazakh_stems_are_stable_when_stemmed_again() -> None:
    assert {s: stem(s, "kk") for s in KAZAKH.values()} == {s: s for s in KAZAKH.values()}


def test_distinct_kazakh_roots_stay_distinct() -> None:
    forms = {
        "сот": ["сот", "сотқа", "соттың", "соты", "соттар", "сотта"],
        "сөз": ["сөз", "сөзге", "сөздің", "сөзі", "сөздер", "сөзде"],
        "тіл": ["тіл", "тілге", "тілдің", "тілі"],
        "тілші": ["тілші", "тілшіге", "тілшінің", "тілшісі", "тілшілер"],
        "мемлекет": ["мемлекет", "мемлекетке", "мемлекеттің"],
        "мемлекеттік": ["мемлекеттік", "мемлекеттікке"],
    }
    stems = {root: {stem(f, "kk") for f in fs} for root, fs in forms.items()}
    assert all(len(s) == 1 for s in stems.values()), stems
    assert len({s.pop() for s in stems.values()}) == len(forms)


def test_a_suffix_against_the_vowel_harmony_is_left_on() -> None:
    # -лер is front, мақала is back: not a Kazakh plural, so not cut.
    assert stem("мақалалер", "kk") == "мақалалер"
    assert stem("мақалалар", "kk") == "мақала"


def test_short_stems_are_not_cut_further() -> None:
    assert stem("іс", "kk") == "іс"
    assert stem("ол", "kk") == "ол"
    assert stem("да", "kk") == "да"


# Kazakh forms built by the grammar (root + plural + possessive + case), independently of the
# stemmer, must all come back to the stem of the bare root.
_BACK, _FRONT, _VOWELS = "аоұы", "әеөүі", "аәеиоөуұүыіэюя"
ROOTS = [
    "сот",
    "сөз",
    "заң",
    "іс",
    "ел",
    "адам",
    "бала",
    "құқық",
    "ақпарат",
    "мемлекет",
    "бостандық",
    "баспасөз",
    "кітап",
    "жауап",
    "мәселе",
    "жүйе",
    "тіл",
    "жер",
    "үй",
    "халық",
    "құжат",
    "шешім",
    "өтініш",
    "мерзім",
    "тілші",
    "жалақы",
    "тұлға",
    "мәтін",
    "сайлау",
    "редакция",
    "жұмыс",
    "облыс",
    "дос",
    "кеңес",
    "орган",
    "аудан",
    "ақын",
    "желі",
    "су",
    "қазақстан",
    "пайдаланушы",
    "кризис",
]


def _is_back(word: str) -> bool:
    for i in range(len(word) - 1, -1, -1):
        if word[i] == "у" and i and word[i - 1] in _VOWELS:
            continue
        if word[i] in _BACK + "яи":
            return word[i] != "и"
        if word[i] in _FRONT:
            return False
    return True


def _ending(word: str, back: str, front: str) -> str:
    return back if _is_back(word) else front


def _voicing(word: str) -> str:
    last = word[-1]
    if last in _VOWELS and last != "у":  # final у is [w]: су-ды, тау-ға
        return "vowel"
    return "nasal" if last in "мнң" else "voiced" if last in "лрйузж" else "voiceless"


def _plural(word: str) -> str:
    first = "л" if word[-1] in _VOWELS + "рй" else "д" if word[-1] in "лмнңзж" else "т"
    return word + first + _ending(word, "ар", "ер")


def _possessive(word: str) -> str:
    if _voicing(word) == "vowel":
        return word + _ending(word, "сы", "сі")
    voiced = {"қ": "ғ", "к": "г", "п": "б"}
    return word[:-1] + voiced.get(word[-1], word[-1]) + _ending(word, "ы", "і")


def _case(word: str, case: str, possessed: bool) -> str:
    sound = _voicing(word)
    if possessed:
        table = {"gen": "ның", "acc": "н", "dat": "на", "loc": "нда", "abl": "нан", "ins": "мен"}
    else:
        table = {
            "gen": "ның" if sound in ("vowel", "nasal") else "дың" if sound == "voiced" else "тың",
            "acc": "ны" if sound == "vowel" else "ды" if sound != "voiceless" else "ты",
            "dat": "ға" if sound != "voiceless" else "қа",
            "loc": "да" if sound != "voiceless" else "та",
            "abl": "нан" if sound == "nasal" else "дан" if sound != "voiceless" else "тан",
            "ins": "мен" if sound != "voiceless" else "пен",
        }
    ending = table[case]
    if case == "ins" or _is_back(word):
        return word + ending
    return word + ending.translate(str.maketrans("аығқ", "еігк"))


@given(
    st.sampled_from(ROOTS),
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, "gen", "acc", "dat", "loc", "abl", "ins"]),
)
def test_every_inflection_of_a_kazakh_root_meets_the_bare_root(
    root: str, plural: bool, possessive: bool, case: str | None
) -> None:
    word = root
    if plural:
        word = _plural(word)
    if possessive:
        word = _possessive(word)
    if case:
        word = _case(word, case, possessive)
    assert stem(word, "kk") == stem(root, "kk"), word


# --- Russian and English stems ------------------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ["информация", "информации", "информацией", "информацию"],
        ["журналист", "журналиста", "журналистов", "журналистами"],
        ["клевета", "клеветы", "клеветой", "клевете"],
        ["свобода", "свободы", "свободой", "свободе"],
        ["распространение", "распространения", "распространением"],
        ["суд", "суда", "судом", "судов"],
        ["оскорбление", "оскорбления", "оскорблением"],
    ],
)
def test_russian_inflections_of_legal_words_share_a_stem(forms: list[str]) -> None:
    assert len({stem(f, "ru") for f in forms}) == 1


def test_english_inflections_share_a_stem() -> None:
    assert stem("journalists", "en") == stem("journalist", "en")
    assert stem("expressions", "en") == stem("expression", "en")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        stem("wort", "de")
    with pytest.raises(ValueError, match="unsupported language"):
        analyse("Wort", "de")


_WORDS = st.text(
    alphabet="абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіabcdefghijklmnopqrstuvwxyz",
    min_size=1,
    max_size=20,
)


@given(_WORDS, st.sampled_from(["kk", "ru", "en"]))
def test_a_stem_is_never_longer_than_its_token_nor_empty(word: str, lang: str) -> None:
    result = stem(word, lang)
    assert 0 < len(result) <= len(word)


@given(_WORDS, st.sampled_from(["kk", "ru", "en"]))
def test_stemming_a_stem_again_never_lengthens_it(word: str, lang: str) -> None:
    once = stem(word, lang)
    assert len(stem(once, lang)) <= len(once)


# --- analyse ------------------------------------------------------------------------------------


def test_it_drops_russian_stopwords_and_stems_the_rest() -> None:
    assert analyse("О свободе слова и о праве на информацию", "ru") == [
        "свобод",
        "слов",
        "прав",
        "информац",
    ]


def test_it_drops_kazakh_stopwords_and_stems_the_rest() -> None:
    assert analyse("Журналистердің құқықтары туралы және сөз бостандығы үшін", "kk") == [
        "журнали",
        "құқық",
        "сөз",
        "бостандық",
    ]


def test_it_drops_english_stopwords_and_stems_the_rest() -> None:
    assert analyse("The freedom of expression of journalists", "en") == [
        "freedom",
        "express",
        "journalist",
    ]


def test_latin_words_in_a_russian_text_are_stemmed_as_english() -> None:
    assert analyse("Блокировка Telegram channels", "ru") == ["блокировк", "telegram", "channel"]


def test_article_numbers_survive_analysis() -> None:
    assert analyse("статья 73-3 КоАП", "ru") == ["стат", "73-3", "коап"]


def test_it_analyses_a_megabyte_of_russian_well_under_a_second() -> None:
    sentence = (
        "Распространение заведомо ложной информации, создающей опасность нарушения "
        "общественного порядка или причинения существенного вреда правам и законным "
        "интересам граждан, наказывается штрафом в размере до двух тысяч показателей. "
    )
    text = sentence * (1_000_000 // len(sentence.encode()) + 1)
    started = time.process_time()
    terms = analyse(text, "ru")
    assert time.process_time() - started < 1.0
    assert len(terms) > 50_000


# --- language -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Журналистердің құқықтары қорғалады", "kk"),
        ("Баспасөз бостандығы", "kk"),
        ("Права журналистов защищаются законом", "ru"),
        ("Президент Қасым-Жомарт Тоқаев подписал закон о масс-медиа, который вступил в силу", "ru"),
        ("Freedom of expression", "en"),
        ("Facebook заблокировал страницу редакции", "ru"),
        ("Blocking of Facebook in Казахстан", "en"),
        ("2024", "en"),
        ("", "en"),
    ],
)
def test_it_guesses_the_language(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


def test_stem_kazakh_is_the_kazakh_stem() -> None:
    assert stem_kazakh("сотқа") == stem("сотқа", "kk") == "сот"
