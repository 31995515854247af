"""Text analysis for full-text search in Kazakh, Russian and English: tokens, stems, stopwords and
a cheap language guess. Pure Python, no Django, so the index builder and the query parser share it.

Russian and English stems come from Snowball (the `PyStemmer` package). Kazakh has no Snowball
stemmer, so it gets one of ours, written for the nouns of statutes and press reports:

* Kazakh is agglutinative and a noun reads root + plural + possessive + case
  (құқық-тар-ы-н, адам-дар-ы-на). The stemmer strips from the right, one suffix class at a time
  and in that fixed order — case, then possessive, then plural — taking at most one suffix of each
  class, longest first. Each allomorph carries the sounds it may follow (dative -ға/-ге after
  vowels and voiced consonants, -қа/-ке after voiceless ones, -на/-не only after a 3rd-person
  possessive -ы/-і), so сотқа loses -қа but сахна keeps its -на. A suffix whose vowel is back
  (а, ы) may not follow a stem whose last harmonic vowel is front (ә, е, ө, ү, і) and the other way
  round; и, у, ю, я, э (Russian loans: журналист, институт) are neutral and skip that check.
* A stem keeps at least two letters with a vowel among them (three before -сы/-ны, so досы is
  дос-ы), and a short list of roots that merely end like a suffix (тұлға, мәтін, аудан,
  Қазақстан, ...) is never cut into.
* The result is a search key, not a dictionary form; what matters is that a bare word and all its
  inflections give the same key. Where a boundary is ambiguous the key is cut so both readings
  meet: a final с or н after a vowel goes (бала-сы and облыс-ы, бала-ны and орган-ы), and so does
  a final ы/і after a consonant, taken for a possessive (жалақы, жалақысы, жалақыны → жалақ;
  облыс, облысы, облыстарда → обл). A final -ст loses its т as Kazakh spelling does before a
  consonant (журналист, журналистер, журналиске → журнали), and the last consonant is written as
  it sounds before a consonant (ғ→қ, г→к, б→п: бостандығы → бостандық, кітабы → кітап).
* Derivational suffixes stay: -лық/-лік/-дық/-дік/-тық/-тік (мемлекеттік "state, public" is not
  мемлекет "the state"), -шы/-ші (тілші "correspondent" gives тілш, never тіл "language"),
  -сыз/-сіз, -лы/-лі. They make new words, and Snowball keeps the same line in Russian
  (государственный and государство differ). The 1st/2nd-person singular possessives (-ым, -ың, ...)
  are left alone too: they are rare in legal text and look exactly like the endings of roots such
  as заң, шешім, білім. Verb conjugation is out of scope.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Final

import Stemmer

__all__ = [
    "KAZAKH_LETTERS",
    "LANGUAGES",
    "STOPWORDS",
    "analyse",
    "detect_lang",
    "normalise",
    "stem",
    "stem_kazakh",
    "tokens",
]

LANGUAGES: Final = ("kk", "ru", "en")
KAZAKH_LETTERS: Final = "әғқңөұүһі"

# --- tokens -------------------------------------------------------------------------------------

# Soft hyphens and zero-width characters come in with text pasted from PDFs and Word; the two
# Unicode hyphens stand for "-" in article numbers such as 73‑3.
_CLEAN: Final = str.maketrans(
    {"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None}
    | {"\u2010": "-", "\u2011": "-", "ё": "е"}
)
_TOKEN: Final = re.compile(r"\d+(?:-\d+)+|[^\W_]+")
_CYRILLIC: Final = re.compile(r"[\u0400-\u04ff]")


def normalise(text: str) -> str:
    """NFC, lower case, ё as е, Unicode hyphens as "-", invisible characters dropped."""
    return unicodedata.normalize("NFC", text).lower().translate(_CLEAN)


def tokens(text: str) -> list[str]:
    """Lower-case word tokens: runs of letters and digits, ё read as е, numbers joined by hyphens
    (73-3) kept whole, everything else a separator."""
    found = _TOKEN.findall(normalise(text))
    # Kazakh typed on a keyboard without the layout often has Latin i for і.
    return [t.replace("i", "і") if "i" in t and _CYRILLIC.search(t) else t for t in found]


# --- Kazakh -------------------------------------------------------------------------------------

_VOWELS: Final = frozenset("аәеиоөуұүыіэюя")
_BACK: Final = frozenset("аоұы")
_FRONT: Final = frozenset("әеөүі")

# Sets of sounds a suffix may follow. у and й count as consonants here (тау-ды, үй-ге).
_V: Final = "аәеиоөуұүыіэюя"  # any vowel
_J: Final = "лрйуи" + "зж"  # voiced consonants other than the nasals; final и is ій
_N: Final = "мнң"  # nasals
_T: Final = "пткқсшфхцчщ" + "бвгдғ"  # voiceless, and voiced ones loans devoice at the end
_P: Final = "ыі"  # a 3rd-person possessive, before the pronominal n (баласы-н, құқығы-на)
_C: Final = _J + _N + _T  # any consonant


def _pair(back: str, front: str, after: str) -> list[tuple[str, str]]:
    return [(back, after), (front, after)]


_CASE: Final = sorted(
    [
        *_pair("ның", "нің", _V + _N),  # genitive
        *_pair("дың", "дің", _J),
        *_pair("тың", "тің", _T),
        *_pair("ны", "ні", _V),  # accusative
        *_pair("ды", "ді", _J + _N),
        *_pair("ты", "ті", _T),
        ("н", _P),
        *_pair("ға", "ге", _V + _J + _N),  # dative
        *_pair("қа", "ке", _T),
        *_pair("на", "не", _P),
        *_pair("да", "де", _V + _J + _N),  # locative
        *_pair("та", "те", _T),
        *_pair("нда", "нде", _P),
        *_pair("дан", "ден", _V + _J),  # ablative
        *_pair("тан", "тен", _T),
        *_pair("нан", "нен", _N + _P),
        ("мен", _V + _J + _N),  # instrumental, no harmony
        ("менен", _V + _J + _N),
        ("бен", _J + _N),
        ("бенен", _J + _N),
        ("пен", _T),
        ("пенен", _T),
        *_pair("дағы", "дегі", _V + _J + _N),  # "the one in": Қазақстан-дағы
        *_pair("тағы", "тегі", _T),
        *_pair("ндағы", "ндегі", _P),
    ],
    key=lambda s: -len(s[0]),
)
_POSSESSIVE: Final = sorted(
    [
        *_pair("ы", "і", _C),  # 3rd person
        *_pair("сы", "сі", _V),
        *_pair("ымыз", "іміз", _C),  # 1st person plural
        *_pair("мыз", "міз", _V),
        *_pair("ыңыз", "іңіз", _C),  # 2nd person, polite
        *_pair("ңыз", "ңіз", _V),
    ],
    key=lambda s: -len(s[0]),
)
_PLURAL: Final = [
    *_pair("лар", "лер", _V + "рйу"),
    *_pair("дар", "дер", "лзж" + _N),
    *_pair("тар", "тер", _T),
]

# Roots that end like a suffix and are common in legal and press text: cutting them would part
# the bare word from its inflections (тұлға would give тұл, but тұлғаның gives тұлға).
_KAZAKH_ROOTS: Final = frozenset(
    {
        "қазақстан",  # -стан looks like the ablative -тан
        "өзбекстан",
        "қырғызстан",
        "тәжікстан",
        "түрікменстан",
        "ауғанстан",
        "аудан",  # district; -дан looks like the ablative
        "тұлға",  # person
        "орда",
        "мәтін",  # text
        "дін",  # religion
        "мүмкін",
        "жақын",
        "бүгін",
        "кейін",
        "бұрын",
        "орын",  # place
        "шағын",
        "ағын",
        "жиын",
        "түйін",
        "ұзын",
        "қиын",
        "тыйын",
        "жақсы",
        "тамыз",
        "шілде",
        "теңіз",
    }
)
_FINAL_VOWEL: Final = _pair("ы", "і", _C)  # жалақы, Алматы: see the module docstring
_NO_HARMONY: Final = frozenset({"мен", "менен", "бен", "бенен", "пен", "пенен"})
_CONSONANT_LED: Final = frozenset({"сы", "сі", "ны", "ні"})  # endings whose с/н a root may end in
_PRONOMINAL: Final = frozenset({"н", "на", "не", "нда", "нде", "нан", "нен", "ндағы", "ндегі"})
_FINAL: Final = str.maketrans({"ғ": "қ", "г": "к", "б": "п"})


def _harmony(stem: str) -> str:
    """The harmony of the last harmonic vowel of a stem: back, front, or "" when unknown."""
    for i in range(len(stem) - 1, -1, -1):
        ch = stem[i]
        if ch == "у" and i > 0 and stem[i - 1] in _VOWELS:
            continue  # у after a vowel is a consonant: тау, сайлау
        if ch in _BACK:
            return "back"
        if ch in _FRONT:
            return "front"
        if ch in _VOWELS:
            return ""  # и, у, ю, я, э: loans decide their own harmony
    return ""


def _agrees(stem: str, suffix: str) -> bool:
    if suffix in _NO_HARMONY:
        return True
    vowels = {("back" if ch in _BACK else "front") for ch in suffix if ch in _BACK | _FRONT}
    if len(vowels) != 1:
        return True  # н, мен: no vowel, or no harmony
    harmony = _harmony(stem)
    return not harmony or harmony in vowels


def _long_enough(stem: str) -> bool:
    return len(stem) >= 2 and any(ch in _VOWELS for ch in stem)


def _cuts_root(word: str, keep: int) -> bool:
    """Whether keeping only `keep` letters of `word` would cut into a listed root."""
    return any(word[:k] in _KAZAKH_ROOTS for k in range(keep + 1, len(word) + 1))


def _strip(word: str, suffixes: list[tuple[str, str]]) -> str:
    for suffix, after in suffixes:
        if not word.endswith(suffix) or len(word) <= len(suffix):
            continue
        stem = word[: -len(suffix)]
        if stem[-1] not in after or not _long_enough(stem) or not _agrees(stem, suffix):
            continue
        if suffix in _CONSONANT_LED and len(stem) < 3:
            continue  # до-сы would leave two letters: read дос-ы
        if stem[-1] in _P and suffix in _PRONOMINAL and _strip(stem, _POSSESSIVE) == stem:
            continue  # the pronominal n only follows a possessive that can itself come off
        if _cuts_root(word, len(stem)):
            continue  # мәтін-і is not мәті-ні
        return stem
    return word


def _canonical(word: str) -> str:
    """Make the readings of an ambiguous ending meet: бала-сы and облыс-ы, бала-ны and орган-ы,
    жалақы and жалақ-ы give one key whichever way they were cut."""
    if len(word) >= 3 and word.endswith("ст"):
        word = word[:-1]
    while True:
        if len(word) >= 4 and word[-1] in "сн" and word[-2] in _VOWELS:
            if _cuts_root(word, len(word) - 1):
                break
            word = word[:-1]
        elif (shorter := _strip(word, _FINAL_VOWEL)) != word:
            word = shorter
        else:
            break
    if word[-1] in "ғгб":
        word = word[:-1] + word[-1].translate(_FINAL)
    return word


@lru_cache(maxsize=1 << 16)
def stem_kazakh(token: str) -> str:
    """The canonical stem of one lower-case Kazakh word (see the module docstring)."""
    word = token
    for suffixes in (_CASE, _POSSESSIVE, _PLURAL):
        if word in _KAZAKH_ROOTS:
            return word
        word = _strip(word, suffixes)
    return word if word in _KAZAKH_ROOTS or not word else _canonical(word)


# --- Snowball -----------------------------------------------------------------------------------

# Stemmer objects are not thread-safe; each thread gets its own.
_local = threading.local()
_SNOWBALL_NAMES: Final = {"ru": "russian", "en": "english"}


def _snowball(lang: str) -> Stemmer.Stemmer:
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if lang not in stemmers:
        stemmers[lang] = Stemmer.Stemmer(_SNOWBALL_NAMES[lang], 100_000)
    return stemmers[lang]


def _check(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}: expected one of {', '.join(LANGUAGES)}")


def stem(token: str, lang: str) -> str:
    """The search stem of one lower-case token in `lang` ("kk", "ru" or "en")."""
    _check(lang)
    result = stem_kazakh(token) if lang == "kk" else str(_snowball(lang).stemWord(token))
    return result or token


# --- stopwords ----------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: Final[dict[str, frozenset[str]]] = {
    "ru": _words(
        """
        а без бы был была были было быть в вам вас во вот все всех вы где да для до его ее ей если
        есть же за и из или им их к как ко когда который которая которое которые которого которой
        которых кто ли либо лишь мы на над не нее нет ни но о об он она они оно от по под при про
        с со так также такой там то того тоже только у уже чем что чтобы эта эти это этого этой
        этот я
        """
    ),
    "kk": _words(
        """
        ал арқылы ақ бар барлық басқа бен бе бірақ бірге біз біздің бойынша болады болған болып
        болса бұл бұның да де дейін деп деген егер еді екен емес және жоқ жөнінде жөніндегі кейін
        мен ма ме мұнда не немесе о ол олар оның оны оған онда осы өз өзі пен па пе ретінде сол
        соң сондай сондықтан сияқты та табылады тағы те тек туралы үшін ғана ғой әр әлде әлі яғни
        """
    ),
    "en": _words(
        """
        a about an and are as at be been being but by can could did do does for from had has have
        he her his i if in into is it its may must no nor not of on or our shall she should so
        such than that the their them then there these they this those to upon was we were what
        when which who whom whose will with would you your
        """
    ),
}


def _token_lang(token: str, lang: str) -> str:
    """Latin words are stemmed as English and Cyrillic ones as the document's language, so a
    Russian text that names Facebook and an English one that quotes a Russian term both work."""
    if not token[0].isalpha():
        return lang
    if _CYRILLIC.match(token):
        if lang != "en":
            return lang
        return "kk" if any(ch in KAZAKH_LETTERS for ch in token) else "ru"
    return "en"


def analyse(text: str, lang: str) -> list[str]:
    """The index terms of `text` in `lang`: tokens without stopwords, stemmed, in order."""
    _check(lang)
    terms: list[str] = []
    for token in tokens(text):
        token_lang = _token_lang(token, lang)
        if token in STOPWORDS[token_lang]:
            continue
        terms.append(stem(token, token_lang))
    return terms


# --- language -----------------------------------------------------------------------------------

_KAZAKH_ONLY: Final = re.compile(f"[{KAZAKH_LETTERS}{KAZAKH_LETTERS.upper()}]")
_CYRILLIC_LETTER: Final = re.compile(r"[\u0400-\u04ff]")
_LATIN_LETTER: Final = re.compile(r"[A-Za-z]")
# About one letter in six of Kazakh prose is one of its own; a Russian text that names
# Қасым-Жомарт Тоқаев is far below one in twenty.
_KAZAKH_SHARE: Final = 0.05


def detect_lang(text: str) -> str:
    """The language of a text: kk when Kazakh's own letters are frequent enough, else ru when it is
    mostly Cyrillic, else en (also for a text without letters)."""
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    kazakh = len(_KAZAKH_ONLY.findall(text))
    if kazakh and kazakh >= _KAZAKH_SHARE * cyrillic:
        return "kk"
    if cyrillic and cyrillic >= len(_LATIN_LETTER.findall(text)):
        return "ru"
    return "en"
