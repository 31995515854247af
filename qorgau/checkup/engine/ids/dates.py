"""Dates of birth: a date or a year next to a birth word, in Russian, Kazakh or English."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import date

from qorgau.checkup.engine.ids.base import _SPACE, Match, _make, _today

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
