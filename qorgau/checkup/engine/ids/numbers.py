"""Numbers with an official structure: IIN and BIN (mod 11 check digit, birth date or
registration), payment cards (Luhn, issuer ranges), IBAN (mod 97)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from qorgau.checkup.engine.ids.base import _DIGITS, Match, _make, _today

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
