"""Phones (Kazakh and foreign forms, context for bare digit runs), e-mail addresses (also
obfuscated «[at]» forms) and identity document numbers in context."""

from __future__ import annotations

import re
from collections.abc import Iterator

from qorgau.checkup.engine.ids.base import _DIGITS, _SPACE, Match, _make

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
