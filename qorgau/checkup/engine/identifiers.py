"""Personal identifiers in a draft (IIN/BIN, IBAN, cards, phones, e-mails, identity documents,
addresses, vehicle plates, dates of birth) with exact character spans into the original text.

Numbers count only when their official structure holds (mod 11 check digit, calendar date, Luhn,
mod 97), so sums, years and article numbers stay quiet. Every pattern has bounded repetition or
runs over token classes that cannot overlap, so matching stays linear on adversarial input.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

TYPES = (
    "iin",
    "bin",
    "iban",
    "card",
    "phone",
    "email",
    "id_document",
    "address",
    "vehicle_plate",
    "birth_date",
)

# When two candidates overlap, the more specific type wins (lower number), then the longer span.
_PRIORITY = {
    "email": 0,
    "iban": 1,
    "card": 2,
    "iin": 3,
    "bin": 3,
    "id_document": 4,
    "phone": 5,
    "birth_date": 6,
    "vehicle_plate": 7,
    "address": 8,
}


@dataclass(frozen=True)
class Match:
    type: str
    start: int  # character offsets into the text given to find_identifiers
    end: int
    text: str
    details: dict[str, str] = field(default_factory=dict, hash=False)


def find_identifiers(text: str) -> list[Match]:
    """Every personal identifier in `text`, sorted by start, with no two spans overlapping."""
    detectors = (
        _numbers,
        _ibans,
        _phones,
        _emails,
        _documents,
        _addresses,
        _plates,
        _birth_dates,
    )
    return _resolve(match for detector in detectors for match in detector(text))


_LABELS = {
    "iin": {"kk": "ЖСН", "ru": "ИИН", "en": "IIN"},
    "bin": {"kk": "БСН", "ru": "БИН", "en": "BIN"},
    "iban": {"kk": "IBAN", "ru": "IBAN", "en": "IBAN"},
    "card": {"kk": "карта", "ru": "карта", "en": "card"},
    "phone": {"kk": "телефон", "ru": "телефон", "en": "phone"},
    "email": {"kk": "e-mail", "ru": "e-mail", "en": "e-mail"},
    "id_document": {"kk": "құжат", "ru": "документ", "en": "document"},
    "address": {"kk": "мекенжай", "ru": "адрес", "en": "address"},
    "vehicle_plate": {"kk": "көлік нөмірі", "ru": "госномер", "en": "plate"},
    "birth_date": {"kk": "туған күні", "ru": "дата рождения", "en": "date of birth"},
}


def redaction_label(match: Match, lang: str) -> str:
    """The placeholder that replaces `match` in a redacted copy, in kk, ru or en (else en)."""
    labels = _LABELS.get(match.type)
    if labels is None:
        return f"[{match.type}]"
    code = lang[:2].lower()
    return f"[{labels.get(code, labels['en'])}]"


def _resolve(candidates: Iterable[Match]) -> list[Match]:
    ordered = sorted(
        set(candidates), key=lambda m: (_PRIORITY[m.type], m.start - m.end, m.start, m.type)
    )
    starts: list[int] = []
    kept: list[Match] = []  # kept sorted by start, never overlapping
    for match in ordered:
        index = bisect.bisect_left(starts, match.start)
        if index > 0 and kept[index - 1].end > match.start:
            continue
        if index < len(kept) and kept[index].start < match.end:
            continue
        starts.insert(index, match.start)
        kept.insert(index, match)
    return kept


def _make(text: str, type_: str, start: int, end: int, details: dict[str, str]) -> Match:
    return Match(type_, start, end, text[start:end], details)


def _today() -> date:
    return datetime.now(tz=UTC).date()


# --- IIN and BIN ---------------------------------------------------------------------------

_WEIGHTS_FIRST = tuple(range(1, 12))
_WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
_BIN_ENTITY = {"4": "resident", "5": "non_resident", "6": "joint_entrepreneur"}
_BIN_ATTRIBUTE = {
    "0": "head_office",
    "1": "branch",
    "2": "representative_office",
    "3": "peasant_farm",
}
_ID_CONTEXT = re.compile(r"(?i)(?<!\w)(?:ИИН|ЖСН|IIN|БИН|БСН|BIN)(?![^\W\d_])")


def _ascii_digits(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


def check_digit(digits: str) -> int | None:
    """The twelfth digit of an IIN or BIN from its first eleven, or None where the rules give
    none (both weighted passes leave 10)."""
    values = [int(ch) for ch in digits[:11]]
    total = sum(v * w for v, w in zip(values, _WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(v * w for v, w in zip(values, _WEIGHTS_SECOND, strict=True)) % 11
        if total == 10:
            return None
    return total


def iin_details(digits: str) -> dict[str, str] | None:
    """Birth date and sex encoded in a valid IIN, or None if `digits` is not one."""
    if not _ascii_digits(digits, 12):
        return None
    century = _CENTURY.get(digits[6])
    if century is None:
        return None
    try:
        born = date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None
    if born > _today() or check_digit(digits) != int(digits[11]):
        return None
    return {"birth_date": born.isoformat(), "sex": "male" if int(digits[6]) % 2 else "female"}


def bin_details(digits: str) -> dict[str, str] | None:
    """Registration month, entity type and attribute of a valid BIN, or None."""
    if not _ascii_digits(digits, 12):
        return None
    month = int(digits[2:4])
    entity = _BIN_ENTITY.get(digits[4])
    attribute = _BIN_ATTRIBUTE.get(digits[5])
    if not 1 <= month <= 12 or entity is None or attribute is None:
        return None
    if check_digit(digits) != int(digits[11]):
        return None
    year = 2000 + int(digits[:2])
    if year > _today().year:
        year -= 100
    return {"registered": f"{year:04d}-{month:02d}", "entity": entity, "attribute": attribute}


# --- payment cards ---------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    if not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_scheme(digits: str) -> str | None:
    """The payment scheme of a Luhn-valid card number with a plausible prefix, or None."""
    length = len(digits)
    if not 13 <= length <= 19 or not luhn_valid(digits):
        return None
    two, four = int(digits[:2]), int(digits[:4])
    if digits[0] == "4" and length in (13, 16, 19):
        return "visa"
    if 2200 <= four <= 2204 and length >= 16:
        return "mir"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and length == 16:
        return "mastercard"
    if two in (34, 37) and length == 15:
        return "amex"
    if two == 62 and length >= 16:
        return "unionpay"
    return None


def _card_shape(sizes: tuple[int, ...]) -> bool:
    if len(sizes) == 1 or sizes in ((4, 6, 5), (4, 6, 4)):
        return True
    return all(size == 4 for size in sizes[:-1]) and 1 <= sizes[-1] <= 4


# Digit groups joined by one space or hyphen; starts only where no word character precedes, and
# nothing after the repetition can fail, so a run is consumed once.
_NUMBER_RUN = re.compile(r"(?<![\w+])[0-9]+(?:[ \u00a0\u202f-][0-9]+)*")
_DIGITS = re.compile(r"[0-9]+")
_LONG_GROUP = re.compile(r"(?<![0-9])[0-9]{12,19}(?![0-9])")
_ID_SHAPES = {(12,), (6, 6), (3, 3, 3, 3)}


def _numbers(text: str) -> Iterator[Match]:
    """IIN, BIN and card numbers among the digit runs of `text`."""
    for run in _NUMBER_RUN.finditer(text):
        length = run.end() - run.start()
        if length < 12:
            continue
        base = run.start()
        if length <= 40 and not _letter_at(text, run.end()):  # room for 19 digits in groups
            groups = [(base + g.start(), base + g.end()) for g in _DIGITS.finditer(run.group())]
            sizes = tuple(end - start for start, end in groups)
            digits = "".join(text[start:end] for start, end in groups)
            if len(groups) > 1 and sum(sizes) == 12:
                context = _has_id_context(text, run.start(), run.end())
                if sizes in _ID_SHAPES or context:
                    yield from _id_number(text, run.start(), run.end(), digits, context)
            elif len(groups) > 1 and 13 <= sum(sizes) <= 19 and _card_shape(sizes):
                yield from _card(text, run.start(), run.end(), digits)
        for group in _LONG_GROUP.finditer(run.group()):
            start, end = base + group.start(), base + group.end()
            if end == run.end() and _letter_at(text, end):
                continue
            if end - start == 12:
                context = _has_id_context(text, start, end)
                yield from _id_number(text, start, end, group.group(), context)
            else:
                yield from _card(text, start, end, group.group())


def _letter_at(text: str, index: int) -> bool:
    return index < len(text) and text[index].isalnum()


def _has_id_context(text: str, start: int, end: int) -> bool:
    return bool(
        _ID_CONTEXT.search(text, max(0, start - 40), start)
        or _ID_CONTEXT.search(text[end : end + 15])
    )


def _id_number(text: str, start: int, end: int, digits: str, context: bool) -> Iterator[Match]:
    extra = {"context": "yes"} if context else {}
    details = iin_details(digits)
    if details is not None:
        yield _make(text, "iin", start, end, {**details, **extra})
        return
    details = bin_details(digits)
    if details is not None:
        yield _make(text, "bin", start, end, {**details, **extra})


def _card(text: str, start: int, end: int, digits: str) -> Iterator[Match]:
    scheme = card_scheme(digits)
    if scheme is not None:
        yield _make(text, "card", start, end, {"scheme": scheme})


# --- IBAN ---------------------------------------------------------------------------------

# ISO 13616 lengths for the countries a Kazakh newsroom meets most.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BY": 28, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FR": 27, "GB": 22, "GE": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PK": 24, "PL": 28,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "TR": 26, "UA": 29,
}  # fmt: skip
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])(?P<country>[A-Z]{2})(?=[0-9]{2})")
# Per length: country, check digits, then groups of four with or without single spaces.
_IBAN_BY_LENGTH = {
    length: re.compile(
        rf"[A-Z]{{2}}[0-9]{{2}}(?: ?[A-Z0-9]{{4}}){{{length // 4 - 1}}}"
        + (rf" ?[A-Z0-9]{{{length % 4}}}" if length % 4 else "")
    )
    for length in set(IBAN_LENGTHS.values())
}


def iban_valid(iban: str) -> bool:
    """ISO 13616: known country, its length, and mod 97 == 1 (spaces ignored)."""
    iban = iban.replace(" ", "").upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isascii() or not iban.isalnum():
        return False
    if not iban[2:4].isdigit():
        return False
    if iban[:2] == "KZ" and not iban[4:7].isdigit():  # three-digit bank code
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _ibans(text: str) -> Iterator[Match]:
    for start in _IBAN_START.finditer(text):
        country = start.group("country")
        length = IBAN_LENGTHS.get(country)
        if length is None:
            continue
        found = _IBAN_BY_LENGTH[length].match(text, start.start())
        if found and not _ascii_alnum(text, found.end()) and iban_valid(found.group()):
            yield _make(text, "iban", found.start(), found.end(), {"country": country})


def _ascii_alnum(text: str, index: int) -> bool:
    return index < len(text) and text[index].isascii() and text[index].isalnum()


# --- phones -------------------------------------------------------------------------------

# Digits joined by at most a space, one or two of "()-", and a space: each separator has one
# parse and none contains a digit, so a run is read once.
_PHONE_RUN = re.compile(
    r"(?<![\w+])(?:\+[ \u00a0]?)?\(?[0-9](?:[ \u00a0]?(?:[()\-]{1,2}[ \u00a0]?)?[0-9])*"
)
_PHONE_CONTEXT = re.compile(
    r"(?i)(?<!\w)(?:тел(?:ефон\w*)?|моб(?:ильн\w*)?|сотов\w*|ұялы|байланыс\w*"
    r"|phone|tel|mobile|cell|whats\s?app|ватсап|вотсап|telegram|телеграм|viber|вайбер)(?!\w)"
)
_AFTER_AMOUNT = re.compile(
    r"[ \u00a0]?(?i:тенге|теңге|тг|₸|kzt|руб|₽|\$|usd|долл|евро|€|eur|млн|млрд|тыс|мың|сом|%)"
)
_COUNTRY_CODES = {
    "1": "US", "20": "EG", "30": "GR", "31": "NL", "32": "BE", "33": "FR", "34": "ES",
    "36": "HU", "39": "IT", "40": "RO", "41": "CH", "43": "AT", "44": "GB", "45": "DK",
    "46": "SE", "47": "NO", "48": "PL", "49": "DE", "52": "MX", "55": "BR", "60": "MY",
    "61": "AU", "62": "ID", "63": "PH", "64": "NZ", "65": "SG", "66": "TH", "81": "JP",
    "82": "KR", "84": "VN", "86": "CN", "90": "TR", "91": "IN", "92": "PK", "93": "AF",
    "98": "IR", "351": "PT", "353": "IE", "358": "FI", "359": "BG", "370": "LT", "371": "LV",
    "372": "EE", "373": "MD", "374": "AM", "375": "BY", "380": "UA", "381": "RS", "385": "HR",
    "386": "SI", "420": "CZ", "421": "SK", "966": "SA", "971": "AE", "972": "IL", "974": "QA",
    "992": "TJ", "993": "TM", "994": "AZ", "995": "GE", "996": "KG", "998": "UZ",
}  # fmt: skip


def _phones(text: str) -> Iterator[Match]:
    for run in _PHONE_RUN.finditer(text):
        if run.end() - run.start() < 5:
            continue
        base = run.start()
        groups = [(base + g.start(), base + g.end()) for g in _DIGITS.finditer(run.group())]
        context = bool(_PHONE_CONTEXT.search(text, max(0, base - 30), base))
        plus = run.group().startswith("+")
        index = 0
        while index < len(groups):
            begin = groups[index][0]
            if not (
                context
                or (plus and index == 0)
                or text[begin] in "78"
                or text[begin - 1 : begin] == "("
            ):
                index += 1  # cheap test first: most digit groups start no phone
                continue
            found = _phone_at(text, groups, index, base, context)
            if found is None:
                index += 1
                continue
            match, index = found
            yield match


def _phone_at(
    text: str, groups: list[tuple[int, int]], index: int, run_start: int, context: bool
) -> tuple[Match, int] | None:
    """The phone number beginning at digit group `index` of a run, and the group after it."""
    begin = groups[index][0]
    first = text[begin]
    start = begin - 1 if begin > 0 and text[begin - 1] == "(" else begin
    if index == 0 and text[run_start] == "+":
        if first == "7":
            return _national_phone(text, groups, index, run_start, 11)
        return _international(text, groups, run_start)
    if first == "8" or (context and first == "7"):
        found = _national_phone(text, groups, index, start, 11)
        if found is not None:
            return found
    if context or text[start] == "(":
        found = _national_phone(text, groups, index, start, 10)
        if found is not None:
            return found
    if context and index == 0 and len(groups) >= 3:
        # a city number without its code: 25-34-56, 250-11-22, 2-50-11-22
        sizes = tuple(end - begin for begin, end in groups)
        local = sizes[-2:] == (2, 2) and max(sizes) <= 3 and 5 <= sum(sizes) <= 7
        if local and not _amount(text, sizes, groups[-1][1]):
            return _make(text, "phone", start, groups[-1][1], {"kind": "local"}), len(groups)
    return None


def _national_phone(
    text: str, groups: list[tuple[int, int]], index: int, start: int, count: int
) -> tuple[Match, int] | None:
    """A +7 number (Kazakhstan 6xx/7xx, Russia 3xx/4xx/8xx/9xx) of `count` digits: ten national
    ones, after a 7 or the trunk prefix 8 when there are eleven."""
    last = _take(groups, index, count)
    if last is None:
        return None
    national = _digits_of(text, groups, index, last)[-10:]
    if national[0] not in "346789":
        return None
    sizes = tuple(end - begin for begin, end in groups[index : last + 1])
    end = groups[last][1]
    if text[start] != "+" and _amount(text, sizes, end):
        return None
    details = {"country": "KZ" if national[0] in "67" else "RU", "e164": f"+7{national}"}
    return _make(text, "phone", start, end, details), last + 1


def _take(groups: list[tuple[int, int]], index: int, count: int) -> int | None:
    """The last group index such that groups index..last hold exactly `count` digits."""
    total = 0
    for last in range(index, len(groups)):
        total += groups[last][1] - groups[last][0]
        if total >= count:
            return last if total == count else None
    return None


def _digits_of(text: str, groups: list[tuple[int, int]], first: int, last: int) -> str:
    return "".join(text[start:end] for start, end in groups[first : last + 1])


def _amount(text: str, sizes: tuple[int, ...], end: int) -> bool:
    """Thousands grouping (1 500 000) or a currency or unit after it: a sum, not a phone."""
    if len(sizes) >= 3 and sizes[0] <= 3 and all(size == 3 for size in sizes[1:]):
        return True
    return bool(_AFTER_AMOUNT.match(text, end))


def _international(
    text: str, groups: list[tuple[int, int]], start: int
) -> tuple[Match, int] | None:
    """A +CC number in E.164 form: 8 to 15 digits with a country code that exists."""
    total = 0
    last = -1
    for index, (begin, end) in enumerate(groups):
        if total + end - begin > 15:
            break
        total += end - begin
        last = index
    if total < 8:
        return None
    digits = _digits_of(text, groups, 0, last)
    country = next(
        (_COUNTRY_CODES[digits[:n]] for n in (3, 2, 1) if digits[:n] in _COUNTRY_CODES), None
    )
    sizes = tuple(end - begin for begin, end in groups[: last + 1])
    if country is None or _amount(text, sizes, groups[last][1]):
        return None
    details = {"country": country, "e164": f"+{digits}"}
    return _make(text, "phone", start, groups[last][1], details), last + 1


# --- e-mail -------------------------------------------------------------------------------

_KNOWN_TLDS = (
    "kz|қаз|ru|рф|com|net|org|info|edu|gov|int|kg|uz|tj|tm|az|ge|am|by|ua|uk|us|de|fr|it|es|"
    "tr|cn|jp|io|me|co|biz|pro|eu|ch|nl|pl|cz|lt|lv|ee|fi|se|no|dk|at|be|ca|au|in"
)
_SPACE = "[ \u00a0]"
_AT = (
    rf"(?:@|{_SPACE}{{1,2}}@{_SPACE}{{1,2}}"
    rf"|{_SPACE}{{0,2}}[\[({{<]{_SPACE}?(?i:at|собака|эт){_SPACE}?[\])}}>]{_SPACE}{{0,2}}"
    rf"|{_SPACE}(?i:собака){_SPACE})"
)
_DOT_SPACED = (
    rf"(?:{_SPACE}{{0,2}}[\[({{<]{_SPACE}?(?i:dot|точка|нүкте){_SPACE}?[\])}}>]{_SPACE}{{0,2}}"
    rf"|{_SPACE}(?i:dot|точка|нүкте){_SPACE}|{_SPACE}\.{_SPACE}?|\.{_SPACE})"
)
_LABEL = r"[A-Za-z0-9\u0400-\u04ff](?:[A-Za-z0-9\u0400-\u04ff-]{0,62})"
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])(?P<local>[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{{0,63}})"
    rf"(?P<at>{_AT})"
    rf"(?P<domain>{_LABEL}(?:(?:\.|{_DOT_SPACED}){_LABEL}){{0,4}}"
    rf"(?:\.(?i:[a-z]{{2,24}}|рф|қаз)|{_DOT_SPACED}(?i:{_KNOWN_TLDS})))"
    r"(?![\w@])"
)
_DOT_TOKEN = re.compile(_DOT_SPACED)


def _emails(text: str) -> Iterator[Match]:
    for found in _EMAIL.finditer(text):
        domain = _DOT_TOKEN.sub(".", found.group("domain")).lower()
        obfuscated = found.group("at") != "@" or domain != found.group("domain").lower()
        details = {
            "address": f"{found.group('local')}@{domain}",
            "obfuscated": "yes" if obfuscated else "no",
        }
        yield _make(text, "email", found.start(), found.end(), details)


# --- identity documents -------------------------------------------------------------------

# Up to 40 characters between the document word and its number, inside one clause.
_DOC_GAP = r"(?:[^0-9\n.,;!?]|(?<=[Nn]o)\.){0,40}?"
_DOC_NUMBER = (
    r"(?P<number>[0-9]{2}[ \u00a0]?[0-9]{2}[ \u00a0]?(?:№|N|No\.?)?[ \u00a0]?[0-9]{6}"
    r"|[NН][ \u00a0]?[0-9]{8}|[A-Z]{1,2}[0-9]{6,8}|[0-9]{7,10})(?![0-9])"
)
_DOCUMENT = re.compile(
    r"(?i:(?=[уждкптвpi]))(?<!\w)(?P<context>(?i:удостоверени[еяюи]\w*(?:\s+личности)?"
    r"|уд\.\s?л(?:ичности)?\.?"
    r"|жеке\s+куәлі\w*|куәлі\w*|паспорт\w*|төлқұжат\w*|passport|id[\s-]card"
    r"|identity\s+(?:card|document)|вид\w*\s+на\s+жительство))" + _DOC_GAP + _DOC_NUMBER
)
_DOCUMENT_AFTER = re.compile(
    r"(?<![\w])(?P<number>[0-9]{9}|[NН][0-9]{8})(?![0-9])[ \u00a0]*-?[ \u00a0]*нөмірлі\s+"
    r"(?P<context>(?i:жеке\s+куәлі\w*|төлқұжат\w*|паспорт\w*))"
)


def _documents(text: str) -> Iterator[Match]:
    for pattern in (_DOCUMENT, _DOCUMENT_AFTER):
        for found in pattern.finditer(text):
            context = found.group("context").lower()
            if "паспорт" in context or "passport" in context or "төлқұжат" in context:
                kind = "passport"
            elif "жительство" in context:
                kind = "residence_permit"
            else:
                kind = "id_card"
            yield _make(text, "id_document", *found.span("number"), {"document": kind})


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


# --- dates of birth -----------------------------------------------------------------------

_MONTHS_RU = (
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
)  # fmt: skip
_MONTHS_KK = (
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
    "қазан", "қараша", "желтоқсан",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_RU_MONTH = "(?P<month>" + "|".join(_MONTHS_RU) + ")"
_KK_MONTH = "(?P<month>" + "|".join(_MONTHS_KK) + r")\w*"
_EN_MONTH = (
    r"(?P<month>"
    + "|".join(_MONTHS_EN)
    + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATES = (
    re.compile(
        r"(?<![0-9.])(?P<day>[0-9]{1,2})(?P<sep>[./-])(?P<month>[0-9]{1,2})(?P=sep)"
        r"(?P<year>[0-9]{4})(?![0-9])"
    ),
    re.compile(r"(?<![0-9])(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9])"),
    re.compile(
        rf"(?<![0-9])(?P<day>[0-9]{{1,2}}){_SPACE}+{_RU_MONTH}{_SPACE}+"
        r"(?P<year>[0-9]{4})(?![0-9])"
    ),
    re.compile(
        rf"(?<![0-9])(?P<year>[0-9]{{4}}){_SPACE}?(?:жылғы|жылы|ж\.){_SPACE}+"
        rf"(?P<day>[0-9]{{1,2}}){_SPACE}+{_KK_MONTH}"
    ),
    re.compile(
        rf"(?<![0-9])(?P<day>[0-9]{{1,2}}){_ORDINAL}{_SPACE}+(?:of{_SPACE}+)?{_EN_MONTH},?"
        rf"{_SPACE}+(?P<year>[0-9]{{4}})(?![0-9])"
    ),
    re.compile(
        rf"(?<![\w]){_EN_MONTH}{_SPACE}+(?P<day>[0-9]{{1,2}}){_ORDINAL},?{_SPACE}+"
        r"(?P<year>[0-9]{4})(?![0-9])"
    ),
)
_BIRTH_BEFORE = re.compile(
    r"(?i)(?=[рдтbd])(?<!\w)(?:родил(?:ся|ась|ись)|рожд[её]н(?:а|ы)?|дата\s+рождения|д\.\s?р\."
    r"|туған|туылған|born|date\s+of\s+birth|birth\s?date|dob|d\.o\.b\.?)(?!\w)"
)
_BIRTH_AFTER = re.compile(
    r"(?i)[ \u00a0,]{0,2}(?:г\.\s?р\.?|г\.р\b|года\s+рождения|г\.\s+рождения|ж\.\s?т\.|жылы\s+туған"
    r"|туған|туылған)"
)
_YEAR_SUFFIX = re.compile(
    r"[ \u00a0]?(?:г\.(?!\s?р)|года(?!\s+рожд)|году|ж\.(?!\s?т)|жылы(?!\s+туған)|жылғы)"
)
_BIRTH_YEAR = re.compile(
    r"(?i)(?=[рbтгдy])(?<!\w)(?:родил(?:ся|ась|ись)\s+в|born\s+in|туған\s+жылы|год\s+рождения"
    r"|дата\s+рождения|date\s+of\s+birth|year\s+of\s+birth|dob|д\.\s?р\.|г\.\s?р\.)"
    r"[ \u00a0:–—-]{0,3}(?P<year>(?:19|20)[0-9]{2})(?![0-9])"
)
_YEAR_BIRTH = re.compile(
    r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2})[ \u00a0]?(?:г\.\s?р\.?|г\.р\b|года\s+рождения"
    r"|г\.\s+рождения|ж\.\s?т\.|жылы\s+туған|жылғы\s+туған)"
)
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def _birth_dates(text: str) -> Iterator[Match]:
    context_ends = [found.end() for found in _BIRTH_BEFORE.finditer(text)]
    for pattern in _DATES:
        for found in pattern.finditer(text):
            end = found.end()
            suffix = _YEAR_SUFFIX.match(text, end)
            end = suffix.end() if suffix else end
            if not _birth_context(text, context_ends, found.start(), end):
                continue
            born = _date_of(found)
            if born is not None:
                yield _make(text, "birth_date", found.start(), end, {"birth_date": born})
    for found in _BIRTH_YEAR.finditer(text):
        end = found.end()
        suffix = _YEAR_SUFFIX.match(text, end)
        end = suffix.end() if suffix else end
        details = {"birth_year": found.group("year")}
        yield _make(text, "birth_date", found.start("year"), end, details)
    for found in _YEAR_BIRTH.finditer(text):
        details = {"birth_year": found.group("year")}
        yield _make(text, "birth_date", *found.span("year"), details)


def _birth_context(text: str, context_ends: list[int], start: int, end: int) -> bool:
    """A birth word at most 40 characters before the date in the same sentence, or a birth
    marker (г.р., туған) right after it."""
    index = bisect.bisect_right(context_ends, start) - 1
    if (
        index >= 0
        and start - context_ends[index] <= 40
        and not _SENTENCE_END.search(text, context_ends[index], start)
    ):
        return True
    return bool(_BIRTH_AFTER.match(text, end))


def _date_of(found: re.Match[str]) -> str | None:
    month_text = found.group("month")
    month = int(month_text) if month_text.isdigit() else _month_number(month_text)
    try:
        born = date(int(found.group("year")), month, int(found.group("day")))
    except ValueError:
        return None
    if born.year < 1900 or born > _today():
        return None
    return born.isoformat()


def _month_number(name: str) -> int:
    lowered = name.lower().rstrip(".")
    for months in (_MONTHS_RU, _MONTHS_KK):
        if lowered in months:
            return months.index(lowered) + 1
    for number, month in enumerate(_MONTHS_EN, start=1):
        if month.lower().startswith(lowered[:3]):
            return number
    return 0
