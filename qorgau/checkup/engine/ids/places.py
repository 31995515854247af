"""Postal addresses (Russian, Kazakh, English street forms) and vehicle plates."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qorgau.checkup.engine.ids.base import _SPACE, Match, _make

# --- postal addresses ---------------------------------------------------------------------

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"
_LETTER = _UPPER + _LOWER
_NAME_WORD = rf"[{_UPPER}][{_LETTER}'’]{{1,30}}(?:-[{_LETTER}0-9]{{1,20}})?"
_HONORIFICS = {"батыра", "батыр", "би", "бия", "хана", "хан", "ата", "апа", "ана", "ақын"}
_HONORIFIC = "(?:" + "|".join(sorted(_HONORIFICS, key=len, reverse=True)) + ")"
_NUM = rf"[0-9]{{1,4}}(?![0-9])(?:[{_LETTER}](?![{_LETTER}]))?"
# A house number is never followed by "year" (Абай көшесі 2019 жылы …).
_HOUSE = rf"{_NUM}(?:{_SPACE}?[/-]{_SPACE}?{_NUM})?(?!{_SPACE}?(?i:жыл|год|г\.|ж\.))"
_ORDINAL_KK = "(?:-?(?:інші|ыншы|ші|шы))?"
_RU_STREET = (
    r"(?i:ул\.|улиц[аеуы]|пр-т\.?|пр\.|просп\.|проспект[аеу]?|пер\.|переул(?:ок|ка|ке)"
    r"|бул\.|б-р|бульвар[аеу]?|мкрн\.|мкр\.|мкрн|мкр|микрорайон[аеу]?|шоссе|наб\."
    r"|набережн(?:ая|ой)|пл\.|площад[ьи]|тракт[аеу]?|проезд[аеу]?|ул|ul\.|pr\.|mkr\.)"
)
_RU_ADDRESS = re.compile(
    rf"(?=[УуПпБбМмШшНнТтUuPpMm])(?<![\w.])(?P<street>{_RU_STREET}){_SPACE}{{0,2}}"
    rf"(?:(?i:им\.|имени){_SPACE}?)?"
    rf"(?:{_NAME_WORD}(?:{_SPACE}(?:{_NAME_WORD}|{_HONORIFIC}(?![{_LETTER}]))){{0,2}}"
    rf"|[0-9]{{1,3}}(?=,{_SPACE}?(?i:д\.|дом)))"
    rf"(?:,{_SPACE}?|{_SPACE})(?:(?i:д\.|дом){_SPACE}?)?(?P<house>{_HOUSE})"
    rf"(?:,?{_SPACE}?(?i:корп\.|корпус|к\.|стр\.|строение|блок){_SPACE}?{_NUM})?"
    rf"(?:,?{_SPACE}?(?i:кв\.|квартира|кв|оф\.|офис){_SPACE}?(?P<apartment>{_NUM}))?"
)
_KK_STREET = re.compile(
    r"(?=[КкДдШшЫыБбТтАа])(?<![\w])(?i:көшес[іи]\w*|к-сі|даңғыл\w*|шағын\s?аудан\w*"
    r"|ықшам\s?аудан\w*|ш\.\s?а\."
    r"|бульвар\w*|тұйы[қғ]\w*|алаң\w*)(?![\w])"
)
_KK_HOUSE = re.compile(
    rf"(?:,{_SPACE}?|{_SPACE})(?:(?:№|үй){_SPACE}?)?(?P<house>{_HOUSE}){_ORDINAL_KK}"
    rf"(?:{_SPACE}?-?{_SPACE}?үй\w*)?"
    rf"(?:(?:,{_SPACE}?|{_SPACE})(?:(?P<apartment>{_NUM}){_ORDINAL_KK}{_SPACE}?-?{_SPACE}?пәтер\w*"
    rf"|пәтер{_SPACE}?(?P<apartment2>{_NUM})))?"
)
_EN_STREET = re.compile(
    r"(?<![\w])(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.|Boulevard|Blvd\.?|Lane|Ln\.|Prospect"
    r"|Prospekt|Microdistrict|Square|Highway|Drive)(?![\w])"
)
_EN_APARTMENT = re.compile(
    rf",?{_SPACE}(?i:apt\.?|apartment|flat|unit|suite|#){_SPACE}?"
    r"(?P<apartment>[0-9]{1,5}[A-Za-z]?)(?![\w])"
)
_EN_HOUSE = re.compile(
    rf"(?:,{_SPACE}?|{_SPACE})(?:No\.?{_SPACE}?)?"
    r"(?P<house>[0-9]{1,5}(?:[/-][0-9]{1,5})?[A-Za-z]?)(?![\w])"
)
_WORD_CHARS = (
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'’-"
    "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюяӘҒҚҢӨҰҮҺІәғқңөұүһі"
)
_STREET_NAME = re.compile(rf"[{_UPPER}][{_LETTER}'’]{{1,30}}(?:-[{_LETTER}0-9]{{1,20}})?")
_NUMBERED = re.compile(r"[0-9]{1,3}(?:-(?:ші|шы|ий|й|я|th|st|nd|rd))?")
_EN_NUMBER = re.compile(r"[0-9]{1,5}[A-Za-z]?")
# Words that start a sentence or a phrase rather than a street name.
_NOT_NAMES = {
    "мен", "біз", "ол", "олар", "сен", "сіз", "бұл", "сол", "осы", "ал", "және", "кеше",
    "бүгін", "ертең", "мекенжайы", "мекенжай", "the", "on", "at", "in", "from", "to", "near",
    "visit", "along", "off", "his", "her", "their", "our", "my", "she", "he", "they", "we",
    "address", "lives", "live", "its", "a", "an",
}  # fmt: skip
# Kazakh case endings: a word in the locative, genitive or ablative is not part of the name.
_CASE_ENDING = re.compile(
    r"(?:дағы|дегі|тағы|тегі|да|де|та|те|ның|нің|дың|дің|тың|тің|нан|нен|дан|ден|тан|тен)$"
)


def _addresses(text: str) -> Iterator[Match]:
    for found in _RU_ADDRESS.finditer(text):
        yield _make(text, "address", found.start(), found.end(), _address_details(found))
    for found in _KK_STREET.finditer(text):
        start = _street_name_start(text, found.start())
        house = _KK_HOUSE.match(text, found.end())
        if start is not None and house is not None:
            yield _make(text, "address", start, house.end(), _address_details(house))
    for found in _EN_STREET.finditer(text):
        start = _street_name_start(text, found.start())
        if start is None:
            continue
        number = _word_before(text, start)
        if number and _EN_NUMBER.fullmatch(number[1]) and not _year_like(number[1]):
            apartment = _EN_APARTMENT.match(text, found.end())
            end = apartment.end() if apartment else found.end()
            details = {"house": number[1]}
            if apartment:
                details["apartment"] = apartment.group("apartment")
            yield _make(text, "address", number[0], end, details)
            continue
        house = _EN_HOUSE.match(text, found.end())
        if house is not None:
            apartment = _EN_APARTMENT.match(text, house.end())
            end = apartment.end() if apartment else house.end()
            details = {"house": house.group("house")}
            if apartment:
                details["apartment"] = apartment.group("apartment")
            yield _make(text, "address", start, end, details)


def _address_details(found: re.Match[str]) -> dict[str, str]:
    details = {"house": found.group("house")}
    groups = found.groupdict()
    apartment = groups.get("apartment") or groups.get("apartment2")
    if apartment:
        details["apartment"] = apartment
    return details


def _year_like(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 1800 <= int(value) <= 2100


def _word_before(text: str, index: int) -> tuple[int, str] | None:
    """The word that ends one space before `index`, with its start."""
    end = index - 1
    if end < 1 or text[end] not in " \u00a0":
        return None
    window = text[max(0, end - 40) : end]
    start = end - (len(window) - len(window.rstrip(_WORD_CHARS)))
    if start == end or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’")):
        return None
    return start, text[start:end]


def _street_name_start(text: str, street_start: int) -> int | None:
    """Where the street name written before a postfix street word (көшесі, Avenue) begins."""
    nearest = _word_before(text, street_start)
    if nearest is None:
        return None
    start, word = nearest
    if word in _HONORIFICS or word.lower() in {"batyr", "bi", "khan"}:
        before = _word_before(text, start)
        if before is None or not _STREET_NAME.fullmatch(before[1]):
            return None
        return before[0]
    if _NUMBERED.fullmatch(word):
        return start
    if not _STREET_NAME.fullmatch(word) or word.lower() in _NOT_NAMES:
        return None
    before = _word_before(text, start)
    if (
        before is not None
        and _STREET_NAME.fullmatch(before[1])
        and before[1].lower() not in _NOT_NAMES
        and not _CASE_ENDING.search(before[1])
    ):
        return before[0]
    return start


# --- vehicle plates -----------------------------------------------------------------------

_PLATE_LETTER = "A-ZАВЕКМНОРСТХУ"
_PLATE_CURRENT = re.compile(
    rf"(?<![\w])[0-9]{{3}}{_SPACE}?(?P<letters>[{_PLATE_LETTER}]{{2,3}}){_SPACE}?"
    r"(?P<region>0[1-9]|1[0-9]|20)(?![\w])"
)
_PLATE_OLD = re.compile(
    rf"(?<![\w])(?P<region>[{_PLATE_LETTER}]){_SPACE}?[0-9]{{3}}{_SPACE}?"
    rf"(?P<letters>[{_PLATE_LETTER}]{{3}})(?![\w])"
)
# Letter groups that are currencies or model names, not plates.
# Letter groups that are currencies, units, codes or model names, not plates (in Latin; Cyrillic
# lookalikes are read as the Latin letters they copy).
_NOT_PLATE_LETTERS = {
    "USD", "EUR", "KZT", "RUB", "GBP", "CNY", "JPY", "CHF", "TRY", "UZS", "KGS", "MAX", "NEO",
    "MW", "KW", "GB", "MB", "TB", "KM", "CM", "MM", "KG", "YK", "AO", "TOO", "PK", "PP",
}  # fmt: skip
_LOOKALIKES = str.maketrans("АВЕКМНОРСТХУ", "ABEKMHOPCTXY")


def _plates(text: str) -> Iterator[Match]:
    for pattern, form in ((_PLATE_CURRENT, "current"), (_PLATE_OLD, "old")):
        for found in pattern.finditer(text):
            if found.group("letters").translate(_LOOKALIKES) not in _NOT_PLATE_LETTERS:
                details = {"format": form, "region": found.group("region")}
                yield _make(text, "vehicle_plate", found.start(), found.end(), details)
